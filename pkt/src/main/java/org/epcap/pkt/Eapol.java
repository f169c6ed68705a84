package org.epcap.pkt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An 802.1X EAPOL frame (IEEE 802.1X, ether type 0x888e): version, packet type, body length and
 * the body, kept raw. The length field is the body's length; bytes past the body (Ethernet
 * padding) are payload. When the packet type is 0 (EAP packet) the body is an EAP packet
 * (RFC 3748) and {@link #eapCode()}, {@link #eapIdentifier()}, {@link #eapLength()} and
 * {@link #eapType()} read its head.
 *
 * <pre>{@code
 * Eapol start = new Eapol(2, Eapol.START, Bytes.EMPTY);
 * start.encode();   // 02 01 00 00
 * }</pre>
 *
 * @param version 0–255
 * @param type    0–255: 0 EAP packet, 1 start, 2 logoff, 3 key, …
 * @param body    the body, at most 65535 bytes
 */
public record Eapol(int version, int type, Bytes body) implements Header {

    static final String LAYER = "802.1x";
    public static final int EAP_PACKET = 0;
    public static final int START = 1;
    public static final int LOGOFF = 2;
    public static final int KEY = 3;

    public Eapol {
        Wire.check("version", version, 0xff);
        Wire.check("type", type, 0xff);
        Wire.check("body.length", Wire.notNull("body", body).length(), 0xffff);
    }

    /**
     * Decodes the EAPOL frame at {@code offset}.
     *
     * @throws DecodeException when the body its length announces runs past {@code limit}
     */
    public static Eapol decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, 4, limit);
        int length = Wire.u16(packet, offset + 2);
        Wire.need(LAYER, packet, offset, 4 + length, limit);
        return new Eapol(packet[offset] & 0xff, packet[offset + 1] & 0xff,
                Bytes.view(packet, offset + 4, length));
    }

    /** The body length field. */
    public int length() {
        return body.length();
    }

    private boolean eap() {
        return type == EAP_PACKET && body.length() >= 4;
    }

    /** EAP code (1 request, 2 response, 3 success, 4 failure), or -1 when not an EAP packet. */
    public int eapCode() {
        return eap() ? body.get(0) : -1;
    }

    /** EAP identifier, or -1 when not an EAP packet. */
    public int eapIdentifier() {
        return eap() ? body.get(1) : -1;
    }

    /** EAP length field, or -1 when not an EAP packet. */
    public int eapLength() {
        return eap() ? (body.get(2) << 8) | body.get(3) : -1;
    }

    /** EAP type (requests and responses: 1 identity, 4 MD5 challenge, …), or -1 when absent. */
    public int eapType() {
        int code = eapCode();
        return (code == 1 || code == 2) && body.length() >= 5 ? body.get(4) : -1;
    }

    @Override
    public Layer next() {
        return Layer.NONE;
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public int encodedLength() {
        return 4 + body.length();
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        dst[offset] = (byte) version;
        dst[offset + 1] = (byte) type;
        Wire.put16(dst, offset + 2, body.length());
        return body.copyTo(dst, offset + 4);
    }

    /** {@code version, type, len}, and for EAP packets {@code eap_code, eap_id, eap_len, eap_type}. */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("type", type);
        m.put("len", body.length());
        if (eap()) {
            m.put("eap_code", eapCode());
            m.put("eap_id", eapIdentifier());
            m.put("eap_len", eapLength());
            if (eapType() >= 0) {
                m.put("eap_type", eapType());
            }
        }
        return m;
    }
}
