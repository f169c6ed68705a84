package org.epcap.pkt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An IP Authentication Header (RFC 4302), after IPv6 or after IPv4 (protocol 51): next header,
 * payload length, reserved, SPI, sequence number, and the integrity check value kept raw.
 *
 * <pre>{@code
 * Ipv6Ah ah = Ipv6Ah.decode(packet, 34, packet.length);
 * ah.spi();
 * ah.nextHeader();   // what it authenticates
 * }</pre>
 *
 * @param nextHeader     0–255
 * @param reserved       0–65535, kept for exact re-encoding
 * @param spi            security parameters index, 0–2³²−1
 * @param sequenceNumber 0–2³²−1
 * @param icv            integrity check value, a multiple of 4 bytes, at most 1012
 */
public record Ipv6Ah(int nextHeader, int reserved, long spi, long sequenceNumber, Bytes icv) implements Header {
    public static final String LAYER = "ipv6_ah";
    public static final int MIN_LENGTH = 12;

    public Ipv6Ah {
        Wire.check("nextHeader", nextHeader, 0xff);
        Wire.check("reserved", reserved, 0xffff);
        Wire.check("spi", spi, 0xffff_ffffL);
        Wire.check("sequenceNumber", sequenceNumber, 0xffff_ffffL);
        Wire.notNull("icv", icv);
        if ((icv.length() & 3) != 0 || icv.length() > 1012) {
            throw new IllegalArgumentException("icv: a multiple of 4 bytes, at most 1012, got " + icv.length());
        }
    }

    public static Ipv6Ah decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, MIN_LENGTH, limit);
        int length = (Wire.u8(packet, offset + 1) + 2) * 4;
        if (length < MIN_LENGTH) {
            throw DecodeException.malformed(LAYER, offset, "payload length " + Wire.u8(packet, offset + 1)
                    + " below 1");
        }
        Wire.need(LAYER, packet, offset, length, limit);
        return new Ipv6Ah(Wire.u8(packet, offset), Wire.u16(packet, offset + 2),
                Wire.u32(packet, offset + 4) & 0xffff_ffffL, Wire.u32(packet, offset + 8) & 0xffff_ffffL,
                Bytes.view(packet, offset + MIN_LENGTH, length - MIN_LENGTH));
    }

    /** The payload length field: the header's length in 4-byte words minus 2. */
    public int payloadLength() {
        return (MIN_LENGTH + icv.length()) / 4 - 2;
    }

    public Ipv6Ah withNextHeader(int newNextHeader) {
        return new Ipv6Ah(newNextHeader, reserved, spi, sequenceNumber, icv);
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
        return MIN_LENGTH + icv.length();
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        dst[offset] = (byte) nextHeader;
        dst[offset + 1] = (byte) payloadLength();
        Wire.put16(dst, offset + 2, reserved);
        Wire.put32(dst, offset + 4, (int) spi);
        Wire.put32(dst, offset + 8, (int) sequenceNumber);
        return icv.copyTo(dst, offset + MIN_LENGTH);
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("next_header", IpProtocol.name(nextHeader));
        m.put("len", payloadLength());
        m.put("spi", spi);
        m.put("seq", sequenceNumber);
        m.put("icv", icv.toHex());
        return m;
    }
}
