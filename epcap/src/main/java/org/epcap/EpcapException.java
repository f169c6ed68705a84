package org.epcap;

import java.util.Optional;

/**
 * Base of every error of the port library. Unchecked, and sealed: the subclasses listed are
 * all there is, so a {@code switch} over them can be exhaustive. Errors reported by the port
 * program carry its stable {@link ErrorCode} and its message (libpcap's, usually).
 *
 * <pre>{@code
 * try (Epcap cap = Epcap.start(options)) { ... }
 * catch (NoSuchDeviceException e) { System.err.println(e.portMessage()); }
 * }</pre>
 *
 * <p>Threads: immutable once made; safe to pass between threads.
 */
public sealed class EpcapException extends RuntimeException
        permits BadFilterException, BadOptionException, CaptureEndedException, CaptureException, FileException,
                InjectException, NoSuchDeviceException, PermissionDeniedException, PortDiedException,
                PortNotFoundException, PortTimeoutException, PortVersionException, PrivilegeDropException,
                ProtocolException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorCode code;
    private final String portMessage;

    /** An error the port program reported with {@code code} and {@code portMessage}. */
    public EpcapException(ErrorCode code, String portMessage) {
        this(code, portMessage, null);
    }

    /** An error with its cause. {@code code} is null when the library itself detected it. */
    public EpcapException(ErrorCode code, String portMessage, Throwable cause) {
        super(code == null ? portMessage : code + ": " + portMessage, cause);
        this.code = code;
        this.portMessage = portMessage;
    }

    /** The port's error code, empty when the library detected the error itself. */
    public Optional<ErrorCode> code() {
        return Optional.ofNullable(code);
    }

    /** The message without the code: the port's (libpcap's) text, or the library's. */
    public String portMessage() {
        return portMessage;
    }
}
