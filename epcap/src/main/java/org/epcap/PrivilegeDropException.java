package org.epcap;

/**
 * The port program could not drop its privileges (chroot, setgid, setuid: code {@code PRIVDROP}) or restrict itself (seccomp, rlimit: code {@code RESTRICT}).
 *
 * <p>Threads: immutable once made; safe to pass between threads.
 */
public final class PrivilegeDropException extends EpcapException {
    private static final long serialVersionUID = 1L;

    /** Reported by the port program with {@code code}. */
    public PrivilegeDropException(ErrorCode code, String portMessage) {
        super(code, portMessage);
    }

    /** Detected by the library. */
    public PrivilegeDropException(String message) {
        super(null, message);
    }

    /** Detected by the library, with its cause. */
    public PrivilegeDropException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
