package org.epcap.pkt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An Encapsulating Security Payload header (RFC 4303), after IPv6 or IPv4 (protocol 50): SPI and
 * sequence number; everything after them (the encrypted payload, padding, next header and ICV)
 * is opaque and kept whole in {@link #payload}, so decoding stops here.
 *
 * <pre>{@code
 * Ipv6Esp esp = Ipv6Esp.decode(packet, 34, packet.length);
 * esp.spi();
 * esp.payload().length();
 * }</pre>
 *
 * @param spi            security parameters index, 0–2³²−1
 * @param sequenceNumber 0–2³²−1
 * @param payload        the opaque rest
 */
public record Ipv6Esp(long spi, long sequenceNumber, Bytes payload) implements Header {
    public static final String LAYER = "ipv6_esp";
    public static final int MIN_LENGTH = 8;

    public Ipv6Esp {
        Wire.check("spi", spi, 0xffff_ffffL);
        Wire.check("sequenceNumber", sequenceNumber, 0xffff_ffffL);
        Wire.notNull("payload", payload);
    }

    /** Takes everything from {@code offset} to {@code limit}. */
    public static Ipv6Esp decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, MIN_LENGTH, limit);
        int end = Math.min(limit, packet.length);
        return new Ipv6Esp(Wire.u32(packet, offset) & 0xffff_ffffL, Wire.u32(packet, offset + 4) & 0xffff_ffffL,
                Bytes.view(packet, offset + MIN_LENGTH, end - offset - MIN_LENGTH));
    }

    /** What ESP protects is encrypted: payload. */
    @Override
    public Layer next() {
        return Layer.PAYLOAD;
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public int encodedLength() {
        return MIN_LENGTH + payload.length();
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        Wire.put32(dst, offset, (int) spi);
        Wire.put32(dst, offset + 4, (int) sequenceNumber);
        return payload.copyTo(dst, offset + MIN_LENGTH);
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spi", spi);
        m.put("seq", sequenceNumber);
        m.put("length", payload.length());
        return m;
    }
}
