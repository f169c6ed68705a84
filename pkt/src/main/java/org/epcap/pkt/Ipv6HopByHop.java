package org.epcap.pkt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The IPv6 hop-by-hop options extension header (RFC 8200): next header, length, and the options, kept raw
 * (type-length-value, padding included). It takes {@code 8 * (hdrExtLen + 1)} bytes.
 *
 * <pre>{@code
 * Ipv6HopByHop h = Ipv6HopByHop.decode(packet, 54, packet.length);
 * h.nextHeader();   // what follows
 * h.options();      // the option bytes, 6 + 8 * hdrExtLen of them
 * }</pre>
 *
 * @param nextHeader 0–255, see {@link IpProtocol}
 * @param options    the options, a length of 6 + a multiple of 8, at most 2046 bytes
 */
public record Ipv6HopByHop(int nextHeader, Bytes options) implements Header {
    public static final String LAYER = "ipv6_hopopts";

    public Ipv6HopByHop {
        Wire.check("nextHeader", nextHeader, 0xff);
        Ipv6Extensions.checkOptions(options);
    }

    public static Ipv6HopByHop decode(byte[] packet, int offset, int limit) {
        int length = Ipv6Extensions.length(LAYER, packet, offset, limit);
        return new Ipv6HopByHop(Wire.u8(packet, offset), Bytes.view(packet, offset + 2, length - 2));
    }

    /** The length field: the header's length in 8-byte units, not counting the first 8. */
    public int hdrExtLen() {
        return (options.length() + 2) / 8 - 1;
    }

    public Ipv6HopByHop withNextHeader(int newNextHeader) {
        return new Ipv6HopByHop(newNextHeader, options);
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
        return options.length() + 2;
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        dst[offset] = (byte) nextHeader;
        dst[offset + 1] = (byte) hdrExtLen();
        return options.copyTo(dst, offset + 2);
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("next_header", IpProtocol.name(nextHeader));
        m.put("len", hdrExtLen());
        m.put("options", options.toHex());
        return m;
    }
}
