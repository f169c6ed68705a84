package org.epcap.pkt;

import java.util.Map;

/**
 * The fixed IPv6 header (RFC 8200, 40 bytes). Extension headers are headers of their own
 * ({@link Ipv6HopByHop}, {@link Ipv6Routing}, {@link Ipv6Fragment},
 * {@link Ipv6DestinationOptions}, {@link Ipv6Ah}, {@link Ipv6Esp}).
 *
 * <pre>{@code
 * Ipv6 ip = Ipv6.decode(frame, 14, frame.length);
 * ip.nextHeader();            // IpProtocol.ICMPV6
 * ip.sourceAddress();         // fd00::1
 * Ipv6 out = Ipv6.of(IpProtocol.UDP, Ip6Address.parse("fd00::1"), Ip6Address.parse("fd00::2"));
 * }</pre>
 *
 * @param trafficClass       0–255
 * @param flowLabel          0–0xfffff
 * @param payloadLength      everything after this header, 0–65535
 * @param nextHeader         0–255, see {@link IpProtocol}
 * @param hopLimit           0–255
 * @param sourceAddress      source
 * @param destinationAddress destination
 */
public record Ipv6(int trafficClass, int flowLabel, int payloadLength, int nextHeader, int hopLimit,
        Ip6Address sourceAddress, Ip6Address destinationAddress) implements Header, HasLengthField {
    public static final String LAYER = "ipv6";
    public static final int LENGTH = 40;

    public Ipv6 {
        Wire.check("trafficClass", trafficClass, 0xff);
        Wire.check("flowLabel", flowLabel, 0xfffff);
        Wire.check("payloadLength", payloadLength, 0xffff);
        Wire.check("nextHeader", nextHeader, 0xff);
        Wire.check("hopLimit", hopLimit, 0xff);
        Wire.notNull("sourceAddress", sourceAddress);
        Wire.notNull("destinationAddress", destinationAddress);
    }

    /** A header with hop limit 64; payload length 0 until {@link Pkt#encode} fills it. */
    public static Ipv6 of(int nextHeader, Ip6Address source, Ip6Address destination) {
        return new Ipv6(0, 0, 0, nextHeader, 64, source, destination);
    }

    /** @throws DecodeException when the version is not 6 (malformed) or 40 bytes are not there */
    public static Ipv6 decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, LENGTH, limit);
        int first = Wire.u32(packet, offset);
        if (first >>> 28 != 6) {
            throw DecodeException.malformed(LAYER, offset, "version " + (first >>> 28) + ", not 6");
        }
        return new Ipv6((first >>> 20) & 0xff, first & 0xfffff, Wire.u16(packet, offset + 4),
                Wire.u8(packet, offset + 6), Wire.u8(packet, offset + 7),
                new Ip6Address(Wire.u64(packet, offset + 8), Wire.u64(packet, offset + 16)),
                new Ip6Address(Wire.u64(packet, offset + 24), Wire.u64(packet, offset + 32)));
    }

    public Ipv6 withPayloadLength(int newPayloadLength) {
        return new Ipv6(trafficClass, flowLabel, newPayloadLength, nextHeader, hopLimit, sourceAddress,
                destinationAddress);
    }

    public Ipv6 withNextHeader(int newNextHeader) {
        return new Ipv6(trafficClass, flowLabel, payloadLength, newNextHeader, hopLimit, sourceAddress,
                destinationAddress);
    }

    /** The payload length counts what follows the fixed header, extension headers included. */
    @Override
    public Ipv6 withLengthCovering(int bytes) {
        return withPayloadLength(Wire.fits16("ipv6 payload length", bytes - LENGTH));
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
        return LENGTH;
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        Wire.put32(dst, offset, (6 << 28) | (trafficClass << 20) | flowLabel);
        Wire.put16(dst, offset + 4, payloadLength);
        dst[offset + 6] = (byte) nextHeader;
        dst[offset + 7] = (byte) hopLimit;
        Wire.put64(dst, offset + 8, sourceAddress.high());
        Wire.put64(dst, offset + 16, sourceAddress.low());
        Wire.put64(dst, offset + 24, destinationAddress.high());
        Wire.put64(dst, offset + 32, destinationAddress.low());
        return offset + LENGTH;
    }

    @Override
    public Map<String, Object> fields() {
        return FieldMap.of(this);
    }

    @Override
    public void forEachField(FieldVisitor v) {
        v.field("protocol", IpProtocol.name(nextHeader));
        v.field("source_address", sourceAddress.toString());
        v.field("destination_address", destinationAddress.toString());
        v.field("hop_limit", hopLimit);
        v.field("payload_length", payloadLength);
        v.field("traffic_class", trafficClass);
        v.field("flow_label", flowLabel);
    }
}
