package org.epcap;

/**
 * The interface does not exist, or libpcap found no device (code {@code NO_SUCH_DEVICE}).
 *
 * <p>Threads: immutable once made; safe to pass between threads.
 */
public final class NoSuchDeviceException extends EpcapException {
    private static final long serialVersionUID = 1L;

    /** Reported by the port program with {@code code}. */
    public NoSuchDeviceException(ErrorCode code, String portMessage) {
        super(code, portMessage);
    }

    /** Detected by the library. */
    public NoSuchDeviceException(String message) {
        super(null, message);
    }

    /** Detected by the library, with its cause. */
    public NoSuchDeviceException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
