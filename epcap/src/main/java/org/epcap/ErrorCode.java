package org.epcap;

import java.util.function.BiFunction;

/**
 * The port program's stable error codes (docs/protocol.md) and the exception each becomes.
 *
 * <p>Threads: immutable; safe to share between threads.
 */
public enum ErrorCode {
    BAD_OPTION(1, BadOptionException::new),
    NO_SUCH_DEVICE(2, NoSuchDeviceException::new),
    PERMISSION_DENIED(3, PermissionDeniedException::new),
    BAD_FILTER(4, BadFilterException::new),
    FILE_ERROR(5, FileException::new),
    CAPTURE_ERROR(6, CaptureException::new),
    PRIVDROP(7, PrivilegeDropException::new),
    RESTRICT(8, PrivilegeDropException::new),
    INJECT_DISABLED(9, InjectException::new),
    INJECT_FAILED(10, InjectException::new),
    PROTOCOL(11, ProtocolException::new),
    READ_ERROR(12, CaptureException::new),
    PROMISC_PERM_DENIED(13, PermissionDeniedException::new),
    RFMON_NOT_SUPPORTED(14, CaptureException::new),
    IFACE_NOT_UP(15, CaptureException::new),
    INTERNAL(16, CaptureException::new),
    RING(17, CaptureException::new),
    /** The device does not offer the link-layer type asked for ({@link Options.Builder#linkType}). */
    LINK_TYPE_NOT_SUPPORTED(18, CaptureException::new),
    /** The device does not offer the time-stamp type asked for ({@link Options.Builder#timestampType}). */
    TSTAMP_TYPE_NOT_SUPPORTED(19, CaptureException::new);

    private final int code;
    private final BiFunction<ErrorCode, String, EpcapException> factory;

    ErrorCode(int code, BiFunction<ErrorCode, String, EpcapException> factory) {
        this.code = code;
        this.factory = factory;
    }

    /** The number on the wire. */
    public int code() {
        return code;
    }

    /** The code with this number, or null when the port sent one this library does not know. */
    public static ErrorCode of(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) return c;
        }
        return null;
    }

    /** The exception for an ERROR frame with this code and the port's message. */
    public static EpcapException toException(int code, String portMessage) {
        ErrorCode c = of(code);
        if (c == null) return new CaptureException(null, "error code " + code + ": " + portMessage);
        return c.factory.apply(c, portMessage);
    }
}
