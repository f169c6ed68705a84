package org.epcap;

/**
 * The port program did not answer in time: no READY within {@link Options#readyTimeout()} (it is killed), or no reply to a request.
 *
 * <p>Threads: immutable once made; safe to pass between threads.
 */
public final class PortTimeoutException extends EpcapException {
    private static final long serialVersionUID = 1L;

    /** Reported by the port program with {@code code}. */
    public PortTimeoutException(ErrorCode code, String portMessage) {
        super(code, portMessage);
    }

    /** Detected by the library. */
    public PortTimeoutException(String message) {
        super(null, message);
    }

    /** Detected by the library, with its cause. */
    public PortTimeoutException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
