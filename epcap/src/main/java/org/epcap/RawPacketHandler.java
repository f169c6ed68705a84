package org.epcap;

/**
 * The allocation-free push callback for hot paths: the captured bytes are a view into the
 * reader's buffer, valid only during the call (copy what you keep). Everything else is as
 * in {@link PacketHandler}.
 *
 * <pre>{@code
 * long[] bytes = new long[1];
 * Epcap cap = Epcap.start(options, (dlt, buf, off, caplen, sec, nsec, len) -> bytes[0] += len);
 * }</pre>
 */
@FunctionalInterface
public interface RawPacketHandler {
    /**
     * @param dataLinkType the capture's link type
     * @param buf          holds the captured bytes at {@code off}; do not keep it
     * @param off          offset of the first captured byte
     * @param caplen       number of captured bytes
     * @param sec          timestamp, seconds since the epoch
     * @param nsec         timestamp, nanoseconds within the second
     * @param length       the packet's length on the wire
     */
    void onPacket(int dataLinkType, byte[] buf, int off, int caplen, long sec, int nsec, int length);

    /** Called once, last, on the reader thread: how the capture ended. */
    default void onEnd(CaptureEnd end) {
    }
}
