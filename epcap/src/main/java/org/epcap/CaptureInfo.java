package org.epcap;

/**
 * What the port said in its READY frame: the capture as libpcap opened it.
 *
 * <p>Threads: immutable; safe to share between threads.
 *
 * @param dataLinkType        the link type (DLT_*) of every packet, e.g. 1 for Ethernet
 * @param snaplen             the snapshot length in effect
 * @param nanosecondPrecision true when timestamps are nanoseconds from libpcap
 * @param injectEnabled       true when {@link Epcap#send(byte[])} may work
 * @param file                true when a file is read
 * @param source              the interface name, or the file's path
 * @param libpcapVersion      libpcap's version string
 * @param restrictMode        the port's process restriction: seccomp, rlimit or null
 * @param sharedMemory        true when packets come through the shared-memory ring, false when
 *                            through the pipe ({@link Options.Builder#sharedMemory(boolean)})
 * @param portVersion         the release the port program was built as (the same as this
 *                            library's: {@link Epcap#start} refuses another)
 * @param portProgram         the port program that runs the capture, and where it was found
 *                            ({@link PortProgram#choose}); null only in a READY decoded alone
 */
public record CaptureInfo(int dataLinkType, int snaplen, boolean nanosecondPrecision, boolean injectEnabled,
                          boolean file, String source, String libpcapVersion, String restrictMode,
                          boolean sharedMemory, String portVersion, PortProgram.Choice portProgram) {

    /** This information, with the port program that sent it. */
    CaptureInfo withPortProgram(PortProgram.Choice program) {
        return new CaptureInfo(dataLinkType, snaplen, nanosecondPrecision, injectEnabled, file, source,
                libpcapVersion, restrictMode, sharedMemory, portVersion, program);
    }
}
