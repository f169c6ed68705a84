package org.epcap;

/**
 * No permission to capture, to open the file, or to set promiscuous mode (codes {@code PERMISSION_DENIED}, {@code PROMISC_PERM_DENIED}); or a switch that the port's allow-lists refuse to a caller other than root, such as {@code user("root")} through a sudo rule (the message names the switch and the rule; docs/security.md). See the README on granting capture rights.
 *
 * <p>Threads: immutable once made; safe to pass between threads.
 */
public final class PermissionDeniedException extends EpcapException {
    private static final long serialVersionUID = 1L;

    /** Reported by the port program with {@code code}. */
    public PermissionDeniedException(ErrorCode code, String portMessage) {
        super(code, portMessage);
    }

    /** Detected by the library. */
    public PermissionDeniedException(String message) {
        super(null, message);
    }

    /** Detected by the library, with its cause. */
    public PermissionDeniedException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
