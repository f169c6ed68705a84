package org.epcap.pkt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The IPv6 routing extension header (RFC 8200): next header, length, routing type, segments
 * left, and the type-specific data kept raw (for type 0 and segment routing, the addresses).
 *
 * <pre>{@code
 * Ipv6Routing r = Ipv6Routing.decode(packet, 54, packet.length);
 * r.routingType();    // 0, 2, 3, 4 …
 * r.segmentsLeft();
 * }</pre>
 *
 * @param nextHeader   0–255
 * @param routingType  0–255
 * @param segmentsLeft 0–255
 * @param data         the type-specific data: 4 + a multiple of 8 bytes, at most 2044
 */
public record Ipv6Routing(int nextHeader, int routingType, int segmentsLeft, Bytes data) implements Header {
    public static final String LAYER = "ipv6_routing";

    public Ipv6Routing {
        Wire.check("nextHeader", nextHeader, 0xff);
        Wire.check("routingType", routingType, 0xff);
        Wire.check("segmentsLeft", segmentsLeft, 0xff);
        Wire.notNull("data", data);
        if (data.length() % 8 != 4 || data.length() > 2044) {
            throw new IllegalArgumentException("data: 4 + a multiple of 8 bytes, at most 2044, got " + data.length());
        }
    }

    public static Ipv6Routing decode(byte[] packet, int offset, int limit) {
        int length = Ipv6Extensions.length(LAYER, packet, offset, limit);
        return new Ipv6Routing(Wire.u8(packet, offset), Wire.u8(packet, offset + 2), Wire.u8(packet, offset + 3),
                Bytes.view(packet, offset + 4, length - 4));
    }

    public int hdrExtLen() {
        return (data.length() + 4) / 8 - 1;
    }

    public Ipv6Routing withNextHeader(int newNextHeader) {
        return new Ipv6Routing(newNextHeader, routingType, segmentsLeft, data);
    }

    @Override
    public Layer next() {
        return Layer.ofIpProtocol(nextHeader);
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public int encodedLength() {
        return data.length() + 4;
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        dst[offset] = (byte) nextHeader;
        dst[offset + 1] = (byte) hdrExtLen();
        dst[offset + 2] = (byte) routingType;
        dst[offset + 3] = (byte) segmentsLeft;
        return data.copyTo(dst, offset + 4);
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("next_header", IpProtocol.name(nextHeader));
        m.put("len", hdrExtLen());
        m.put("type", routingType);
        m.put("segments_left", segmentsLeft);
        m.put("data", data.toHex());
        return m;
    }
}
