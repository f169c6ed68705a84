package org.epcap.pkt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The IPv6 fragment extension header (RFC 8200, 8 bytes). A fragment whose offset is not zero
 * does not start with the next header, so {@link Pkt} stops there.
 *
 * <pre>{@code
 * Ipv6Fragment f = Ipv6Fragment.decode(packet, 54, packet.length);
 * f.fragmentOffset();   // in 8-byte units
 * f.moreFragments();
 * }</pre>
 *
 * @param nextHeader     0–255
 * @param reserved       the reserved byte, kept for exact re-encoding, 0–255
 * @param fragmentOffset in 8-byte units, 0–8191
 * @param reservedBits   the two reserved bits before M, 0–3
 * @param moreFragments  the M flag
 * @param identification 0–2³²−1
 */
public record Ipv6Fragment(int nextHeader, int reserved, int fragmentOffset, int reservedBits,
        boolean moreFragments, long identification) implements Header {
    public static final String LAYER = "ipv6_fragment";
    public static final int LENGTH = 8;

    public Ipv6Fragment {
        Wire.check("nextHeader", nextHeader, 0xff);
        Wire.check("reserved", reserved, 0xff);
        Wire.check("fragmentOffset", fragmentOffset, 0x1fff);
        Wire.check("reservedBits", reservedBits, 3);
        Wire.check("identification", identification, 0xffff_ffffL);
    }

    public static Ipv6Fragment decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, LENGTH, limit);
        int w = Wire.u16(packet, offset + 2);
        return new Ipv6Fragment(Wire.u8(packet, offset), Wire.u8(packet, offset + 1), w >>> 3, (w >>> 1) & 3,
                (w & 1) != 0, Wire.u32(packet, offset + 4) & 0xffff_ffffL);
    }

    public boolean isLaterFragment() {
        return fragmentOffset != 0;
    }

    public Ipv6Fragment withNextHeader(int newNextHeader) {
        return new Ipv6Fragment(newNextHeader, reserved, fragmentOffset, reservedBits, moreFragments, identification);
    }

    /** What the next header announces; payload for a fragment after the first (its bytes start mid-datagram). */
    @Override
    public Layer next() {
        return isLaterFragment() ? Layer.PAYLOAD : Layer.ofIpProtocol(nextHeader);
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
        dst[offset] = (byte) nextHeader;
        dst[offset + 1] = (byte) reserved;
        Wire.put16(dst, offset + 2, (fragmentOffset << 3) | (reservedBits << 1) | (moreFragments ? 1 : 0));
        Wire.put32(dst, offset + 4, (int) identification);
        return offset + LENGTH;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("next_header", IpProtocol.name(nextHeader));
        m.put("off", fragmentOffset);
        m.put("m", moreFragments);
        m.put("id", identification);
        return m;
    }
}
