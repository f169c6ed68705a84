package org.epcap;

/**
 * An option was refused: by {@link Options.Builder#build()} (the message names the option and why) or by the port program (code {@code BAD_OPTION}).
 *
 * <p>Threads: immutable once made; safe to pass between threads.
 */
public final class BadOptionException extends EpcapException {
    private static final long serialVersionUID = 1L;

    /** Reported by the port program with {@code code}. */
    public BadOptionException(ErrorCode code, String portMessage) {
        super(code, portMessage);
    }

    /** Detected by the library. */
    public BadOptionException(String message) {
        super(null, message);
    }

    /** Detected by the library, with its cause. */
    public BadOptionException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
