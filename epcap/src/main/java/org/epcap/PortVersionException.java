package org.epcap;

/**
 * The port program is not the release this library was built with, or speaks another version
 * of the wire protocol: the capture does not start. Both sides' versions are in the message
 * and in {@link #portVersion()} and {@link #libraryVersion()}; install the port of the same
 * release (or let the library use its own).
 *
 * <pre>{@code
 * try (Epcap cap = Epcap.start(options)) { ... }
 * catch (PortVersionException e) { System.err.println(e.getMessage()); }
 * }</pre>
 *
 * <p>Threads: immutable once made; safe to pass between threads.
 */
public final class PortVersionException extends EpcapException {
    private static final long serialVersionUID = 1L;

    private final String portVersion;
    private final String libraryVersion;

    PortVersionException(String program, String portVersion, int portProtocol, String libraryVersion,
                         int libraryProtocol) {
        super(null, "the port program " + program + " is version " + describe(portVersion, portProtocol)
                + ", this library " + describe(libraryVersion, libraryProtocol)
                + ": use the port program of the library's release");
        this.portVersion = portVersion;
        this.libraryVersion = libraryVersion;
    }

    private static String describe(String version, int protocol) {
        return (version.isEmpty() ? "(from before the version handshake)" : version)
                + " (wire protocol " + protocol + ")";
    }

    /** The release the port program says it is; empty for a port from before the handshake. */
    public String portVersion() {
        return portVersion;
    }

    /** This library's release. */
    public String libraryVersion() {
        return libraryVersion;
    }
}
