package org.epcap;

/**
 * libpcap failed while opening, activating or reading the capture (codes {@code CAPTURE_ERROR}, {@code READ_ERROR}, {@code RFMON_NOT_SUPPORTED}, {@code IFACE_NOT_UP}, {@code INTERNAL}, {@code LINK_TYPE_NOT_SUPPORTED}, {@code TSTAMP_TYPE_NOT_SUPPORTED}), or a packet handler threw.
 *
 * <p>Threads: immutable once made; safe to pass between threads.
 */
public final class CaptureException extends EpcapException {
    private static final long serialVersionUID = 1L;

    /** Reported by the port program with {@code code}. */
    public CaptureException(ErrorCode code, String portMessage) {
        super(code, portMessage);
    }

    /** Detected by the library. */
    public CaptureException(String message) {
        super(null, message);
    }

    /** Detected by the library, with its cause. */
    public CaptureException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
