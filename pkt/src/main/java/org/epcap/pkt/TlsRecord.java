package org.epcap.pkt;

/**
 * One TLS record (RFC 8446 §5.1) as far as the segment holds it.
 *
 * @param contentType 20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data, 24 heartbeat
 * @param version     the record's legacy version (0x0301–0x0303)
 * @param length      the length field: the fragment's full length
 * @param fragment    the fragment's bytes present here: all {@code length} of them unless the
 *                    record continues in a later segment
 */
public record TlsRecord(int contentType, int version, int length, Bytes fragment) {
    public static final int CHANGE_CIPHER_SPEC = 20;
    public static final int ALERT = 21;
    public static final int HANDSHAKE = 22;
    public static final int APPLICATION_DATA = 23;
    public static final int HEARTBEAT = 24;

    public TlsRecord {
        Wire.check("contentType", contentType, 0xff);
        Wire.check("version", version, 0xffff);
        Wire.check("length", length, 0xffff);
        Wire.notNull("fragment", fragment);
    }

    /** True when the whole fragment is here. */
    public boolean complete() {
        return fragment.length() == length;
    }
}
