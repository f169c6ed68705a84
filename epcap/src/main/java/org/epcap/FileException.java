package org.epcap;

/**
 * The capture file could not be opened or is not a pcap/pcapng file libpcap reads (code {@code FILE_ERROR}).
 *
 * <p>Threads: immutable once made; safe to pass between threads.
 */
public final class FileException extends EpcapException {
    private static final long serialVersionUID = 1L;

    /** Reported by the port program with {@code code}. */
    public FileException(ErrorCode code, String portMessage) {
        super(code, portMessage);
    }

    /** Detected by the library. */
    public FileException(String message) {
        super(null, message);
    }

    /** Detected by the library, with its cause. */
    public FileException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
