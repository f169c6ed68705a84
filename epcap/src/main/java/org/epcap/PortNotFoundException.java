package org.epcap;

/**
 * The port program (or the exec prefix command) is missing or not executable; detected before anything is spawned.
 *
 * <p>Threads: immutable once made; safe to pass between threads.
 */
public final class PortNotFoundException extends EpcapException {
    private static final long serialVersionUID = 1L;

    /** Reported by the port program with {@code code}. */
    public PortNotFoundException(ErrorCode code, String portMessage) {
        super(code, portMessage);
    }

    /** Detected by the library. */
    public PortNotFoundException(String message) {
        super(null, message);
    }

    /** Detected by the library, with its cause. */
    public PortNotFoundException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
