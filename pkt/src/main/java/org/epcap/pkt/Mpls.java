package org.epcap.pkt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One MPLS label stack entry (4 bytes); a stack decodes as one {@code Mpls} per label, the last
 * with {@link #bottomOfStack}. After the bottom of the stack, {@link Pkt} guesses IPv4 or IPv6
 * from the first nibble, as tcpdump does.
 *
 * <pre>{@code
 * Mpls m = Mpls.decode(frame, 14, frame.length);
 * m.label();          // 0..1048575
 * m.bottomOfStack();  // true for the last entry
 * }</pre>
 *
 * @param label         20-bit label
 * @param trafficClass  3-bit traffic class (formerly EXP)
 * @param bottomOfStack the S bit
 * @param ttl           time to live, 0–255
 */
public record Mpls(int label, int trafficClass, boolean bottomOfStack, int ttl) implements Header {
    public static final String LAYER = "mpls";
    public static final int LENGTH = 4;

    public Mpls {
        Wire.check("label", label, 0xfffff);
        Wire.check("trafficClass", trafficClass, 7);
        Wire.check("ttl", ttl, 0xff);
    }

    public static Mpls decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, LENGTH, limit);
        int v = Wire.u32(packet, offset);
        return new Mpls(v >>> 12, (v >>> 9) & 7, (v & 0x100) != 0, v & 0xff);
    }

    /** Another label until the bottom of the stack; there MPLS does not say what follows, the first nibble does. */
    @Override
    public Layer next() {
        return bottomOfStack ? Layer.IP_BY_VERSION : Layer.MPLS;
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
        Wire.put32(dst, offset, (label << 12) | (trafficClass << 9) | (bottomOfStack ? 0x100 : 0) | ttl);
        return offset + LENGTH;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", label);
        m.put("qos", trafficClass);
        m.put("pri", bottomOfStack);
        m.put("ttl", ttl);
        return m;
    }
}
