package org.epcap;

/**
 * The filter expression did not compile or could not be set (code {@code BAD_FILTER}). Thrown by start, or by {@link Epcap#setFilter(String)}, where the capture continues with its old filter.
 *
 * <p>Threads: immutable once made; safe to pass between threads.
 */
public final class BadFilterException extends EpcapException {
    private static final long serialVersionUID = 1L;

    /** Reported by the port program with {@code code}. */
    public BadFilterException(ErrorCode code, String portMessage) {
        super(code, portMessage);
    }

    /** Detected by the library. */
    public BadFilterException(String message) {
        super(null, message);
    }

    /** Detected by the library, with its cause. */
    public BadFilterException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
