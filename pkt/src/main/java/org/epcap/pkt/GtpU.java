package org.epcap.pkt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GTP-U header (GTPv1 user plane, 3GPP TS 29.281), over UDP port 2152. A G-PDU (message type
 * 255) carries a user's IP packet, which the walk decodes next; the length counts the bytes after
 * the first eight and bounds what follows.
 *
 * <p>When any of E, S or PN is set the sequence number, N-PDU number and next extension header
 * type are present (all three, as the specification lays them out); the extension headers that
 * follow are kept raw in {@link #extensions()}, up to and including the one whose next type is 0.
 *
 * <pre>{@code
 * GtpU g = GtpU.gpdu(0x1234);                // flags 0x30, type 255, TEID 0x1234
 * g.next();                                  // Layer.IP_BY_VERSION: the user's packet
 * Pkt.encode(List.of(eth, ip, udp, g), inner, true);   // fills UDP and GTP lengths
 * }</pre>
 *
 * @param flags             version (3 bits, 1), PT, a spare bit, E, S, PN
 * @param messageType       0–255 (255: G-PDU, 1/2: echo request/response, 26: error indication)
 * @param length            0–65535: the bytes after the first eight
 * @param teid              tunnel endpoint identifier, 0–2³²−1
 * @param sequenceNumber    0–65535, present when E, S or PN (else 0)
 * @param npduNumber        0–255, likewise
 * @param nextExtensionType 0–255, likewise
 * @param extensions        the extension headers, when E
 */
public record GtpU(int flags, int messageType, int length, long teid, int sequenceNumber, int npduNumber,
        int nextExtensionType, Bytes extensions) implements Header, HasLengthField {
    static final String LAYER = "gtp";
    public static final int MIN_LENGTH = 8;
    public static final int G_PDU = 255;
    private static final int OPTIONAL = 0x07;

    public GtpU {
        Wire.check("flags", flags, 0xff);
        Wire.check("messageType", messageType, 0xff);
        Wire.check("length", length, 0xffff);
        Wire.check("teid", teid, 0xffff_ffffL);
        Wire.check("sequenceNumber", sequenceNumber, 0xffff);
        Wire.check("npduNumber", npduNumber, 0xff);
        Wire.check("nextExtensionType", nextExtensionType, 0xff);
        Wire.notNull("extensions", extensions);
        if ((flags & OPTIONAL) == 0 && (sequenceNumber | npduNumber | nextExtensionType | extensions.length()) != 0) {
            throw new IllegalArgumentException("optional fields must be 0 without E, S or PN");
        }
    }

    /** A G-PDU header (version 1, PT) for {@code teid}; the length is filled by encode. */
    public static GtpU gpdu(long teid) {
        return new GtpU(0x30, G_PDU, 0, teid, 0, 0, 0, Bytes.EMPTY);
    }

    /**
     * Decodes the header, its optional fields and extension headers.
     *
     * @throws DecodeException when they are cut short or an extension header has length 0
     */
    public static GtpU decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, MIN_LENGTH, limit);
        int flags = Wire.u8(packet, offset);
        int type = Wire.u8(packet, offset + 1);
        int length = Wire.u16(packet, offset + 2);
        long teid = Wire.u32(packet, offset + 4) & 0xffff_ffffL;
        if ((flags & OPTIONAL) == 0) {
            return new GtpU(flags, type, length, teid, 0, 0, 0, Bytes.EMPTY);
        }
        Wire.need(LAYER, packet, offset, MIN_LENGTH + 4, limit);
        int next = Wire.u8(packet, offset + 11);
        int p = offset + 12;
        // each extension header: a length in 4-byte units (never 0), contents, the next type last
        int hops = 0;
        while ((flags & 0x04) != 0 && next != 0) {
            Wire.need(LAYER, packet, p, 1, limit);
            int units = Wire.u8(packet, p);
            if (units == 0) {
                throw DecodeException.malformed(LAYER, offset, "extension header of length 0 at " + p);
            }
            Wire.need(LAYER, packet, p, units * 4, limit);
            next = Wire.u8(packet, p + units * 4 - 1);
            p += units * 4;
            if (++hops > 64) {
                throw DecodeException.malformed(LAYER, offset, "more than 64 extension headers");
            }
        }
        return new GtpU(flags, type, length, teid, Wire.u16(packet, offset + 8), Wire.u8(packet, offset + 10),
                Wire.u8(packet, offset + 11), Bytes.view(packet, offset + 12, p - offset - 12));
    }

    /** 1 for GTP-U. */
    public int version() {
        return flags >>> 5;
    }

    /** A G-PDU of version 1 carries an IP packet; other messages are whole; other versions not decoded. */
    @Override
    public Layer next() {
        if (version() != 1) {
            return Layer.PAYLOAD;
        }
        return messageType == G_PDU ? Layer.IP_BY_VERSION : Layer.NONE;
    }

    /** The length counts what follows the first eight bytes. */
    @Override
    public GtpU withLengthCovering(int bytes) {
        return new GtpU(flags, messageType, Wire.fits16("gtp length", bytes - MIN_LENGTH), teid, sequenceNumber,
                npduNumber, nextExtensionType, extensions);
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public int encodedLength() {
        return (flags & OPTIONAL) == 0 ? MIN_LENGTH : MIN_LENGTH + 4 + extensions.length();
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        Wire.put8(dst, offset, flags);
        Wire.put8(dst, offset + 1, messageType);
        Wire.put16(dst, offset + 2, length);
        Wire.put32(dst, offset + 4, (int) teid);
        if ((flags & OPTIONAL) == 0) {
            return offset + MIN_LENGTH;
        }
        Wire.put16(dst, offset + 8, sequenceNumber);
        Wire.put8(dst, offset + 10, npduNumber);
        Wire.put8(dst, offset + 11, nextExtensionType);
        return extensions.copyTo(dst, offset + 12);
    }

    /** {@code version, flags, message_type, length, teid}, and {@code seq}, {@code npdu} when present. */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version());
        m.put("flags", flags);
        m.put("message_type", messageType);
        m.put("length", length);
        m.put("teid", teid);
        if ((flags & OPTIONAL) != 0) {
            m.put("seq", sequenceNumber);
            m.put("npdu", npduNumber);
            m.put("next_extension_type", nextExtensionType);
        }
        return m;
    }
}
