package org.epcap;

/**
 * {@link Epcap#send(byte[])} failed: the capture was started without {@code inject} (code {@code INJECT_DISABLED}) or {@code pcap_inject} failed (code {@code INJECT_FAILED}). Not fatal: the capture continues.
 *
 * <p>Threads: immutable once made; safe to pass between threads.
 */
public final class InjectException extends EpcapException {
    private static final long serialVersionUID = 1L;

    /** Reported by the port program with {@code code}. */
    public InjectException(ErrorCode code, String portMessage) {
        super(code, portMessage);
    }

    /** Detected by the library. */
    public InjectException(String message) {
        super(null, message);
    }

    /** Detected by the library, with its cause. */
    public InjectException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
