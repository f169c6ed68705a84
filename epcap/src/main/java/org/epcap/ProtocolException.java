package org.epcap;

/**
 * The wire protocol broke: a malformed frame from the port, or the port refused one of ours (code {@code PROTOCOL}). The capture ends.
 *
 * <p>Threads: immutable once made; safe to pass between threads.
 */
public final class ProtocolException extends EpcapException {
    private static final long serialVersionUID = 1L;

    /** Reported by the port program with {@code code}. */
    public ProtocolException(ErrorCode code, String portMessage) {
        super(code, portMessage);
    }

    /** Detected by the library. */
    public ProtocolException(String message) {
        super(null, message);
    }

    /** Detected by the library, with its cause. */
    public ProtocolException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
