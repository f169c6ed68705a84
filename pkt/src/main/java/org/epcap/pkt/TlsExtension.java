package org.epcap.pkt;

/**
 * One TLS hello extension (RFC 8446 §4.2): its type and raw data.
 *
 * @param type 0–65535 (0 server_name, 10 supported_groups, 11 ec_point_formats, 13
 *             signature_algorithms, 16 ALPN, 43 supported_versions, …)
 * @param data the extension's bytes (a view of the packet)
 */
public record TlsExtension(int type, Bytes data) {
    public static final int SERVER_NAME = 0;
    public static final int SUPPORTED_GROUPS = 10;
    public static final int EC_POINT_FORMATS = 11;
    public static final int SIGNATURE_ALGORITHMS = 13;
    public static final int ALPN = 16;
    public static final int SUPPORTED_VERSIONS = 43;

    public TlsExtension {
        Wire.check("type", type, 0xffff);
        Wire.notNull("data", data);
    }

    /** GREASE values (RFC 8701): 0x0a0a, 0x1a1a, … 0xfafa, which fingerprints leave out. */
    public static boolean isGrease(int value) {
        return (value & 0x0f0f) == 0x0a0a && (value >>> 8) == (value & 0xff);
    }
}
