package org.epcap.pkt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The BSD loopback header: a 4-byte address family. {@code DLT_NULL} writes it in the capturing
 * host's byte order, so {@link #decode} recognizes the order from the value (families are
 * small numbers); {@code DLT_LOOP} writes it in network byte order ({@link #decodeLoop}). The
 * order is kept so the header encodes back to its bytes.
 *
 * <pre>{@code
 * Null n = Null.decode(frame, 0, frame.length);
 * n.isIpv4();   // family 2
 * n.isIpv6();   // family 24, 28, 30 (the BSDs, macOS) or 10 (Linux)
 * }</pre>
 *
 * @param family       the address family
 * @param littleEndian whether the family is written least significant byte first
 */
public record Null(int family, boolean littleEndian) implements Header {
    public static final String LAYER = "null";
    public static final int LENGTH = 4;
    public static final int AF_INET = 2;
    public static final int AF_INET6_LINUX = 10;
    public static final int AF_INET6_BSD = 24;
    public static final int AF_INET6_FREEBSD = 28;
    public static final int AF_INET6_DARWIN = 30;

    /** DLT_NULL: the family in either byte order, recognized by its value. */
    public static Null decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, LENGTH, limit);
        int big = Wire.u32(packet, offset);
        if ((big & 0xffff_0000) == 0) {
            return new Null(big, false);
        }
        return new Null(Integer.reverseBytes(big), true);
    }

    /** DLT_LOOP: the family in network byte order. */
    public static Null decodeLoop(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, LENGTH, limit);
        return new Null(Wire.u32(packet, offset), false);
    }

    public boolean isIpv4() {
        return family == AF_INET;
    }

    public boolean isIpv6() {
        return family == AF_INET6_LINUX || family == AF_INET6_BSD || family == AF_INET6_FREEBSD
                || family == AF_INET6_DARWIN;
    }

    @Override
    public Layer next() {
        return isIpv4() ? Layer.IPV4 : isIpv6() ? Layer.IPV6 : Layer.PAYLOAD;
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
        Wire.put32(dst, offset, littleEndian ? Integer.reverseBytes(family) : family);
        return offset + LENGTH;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", isIpv4() ? "inet" : isIpv6() ? "inet6" : (Object) family);
        return m;
    }
}
