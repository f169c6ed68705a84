package org.epcap.pkt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A VXLAN header (RFC 7348), over UDP port 4789: an Ethernet frame follows.
 *
 * <pre>{@code
 * Vxlan v = Vxlan.of(42);
 * v.encode();          // 08 00 00 00 00 00 2a 00
 * v.next();            // Layer.ETHER: the inner frame, decoded by the same walk
 * }</pre>
 *
 * @param flags     the first byte: I (0x08) says the VNI is valid; the others are reserved
 * @param reserved1 the 24 reserved bits after the flags, kept for exact re-encoding
 * @param vni       the VXLAN network identifier, 0–2²⁴−1
 * @param reserved2 the last reserved byte
 */
public record Vxlan(int flags, int reserved1, int vni, int reserved2) implements Header {
    static final String LAYER = "vxlan";
    public static final int LENGTH = 8;
    public static final int VNI_VALID = 0x08;

    public Vxlan {
        Wire.check("flags", flags, 0xff);
        Wire.check("reserved1", reserved1, 0xff_ffff);
        Wire.check("vni", vni, 0xff_ffff);
        Wire.check("reserved2", reserved2, 0xff);
    }

    /** A header with the I flag and {@code vni}. */
    public static Vxlan of(int vni) {
        return new Vxlan(VNI_VALID, 0, vni, 0);
    }

    public static Vxlan decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, LENGTH, limit);
        return new Vxlan(Wire.u8(packet, offset), Wire.u24(packet, offset + 1), Wire.u24(packet, offset + 4),
                Wire.u8(packet, offset + 7));
    }

    /** The inner Ethernet frame. */
    @Override
    public Layer next() {
        return Layer.ETHER;
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        Wire.put8(dst, offset, flags);
        Wire.put24(dst, offset + 1, reserved1);
        Wire.put24(dst, offset + 4, vni);
        Wire.put8(dst, offset + 7, reserved2);
        return offset + LENGTH;
    }

    /** {@code flags, vni}. */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("flags", flags);
        m.put("vni", vni);
        return m;
    }
}
