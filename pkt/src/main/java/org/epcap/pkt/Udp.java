package org.epcap.pkt;

import java.util.Map;

/**
 * A UDP header (RFC 768).
 *
 * <p>{@code length} is the length field as carried (header plus data). Decoding does not check
 * it against the bytes present: a truncated capture or a jumbogram (length 0) still decodes, and
 * the dispatcher decides how much payload follows.
 *
 * <pre>{@code
 * Udp u = new Udp(5353, 5353, 8 + data.length, 0);
 * byte[] wire = u.encode();                  // 8 bytes
 * Udp.decode(wire, 0, 8).fields();           // {source_port=5353, destination_port=5353, ulen=..., checksum=0}
 * }</pre>
 *
 * @param sourcePort      0–65535
 * @param destinationPort 0–65535
 * @param length          0–65535, the ulen field
 * @param checksum        0–65535, as carried (0: none, over IPv4)
 */
public record Udp(int sourcePort, int destinationPort, int length, int checksum)
        implements Header, HasLengthField, HasChecksum {

    static final String LAYER = "udp";
    private static final int LENGTH = 8;

    public Udp {
        Wire.check("sourcePort", sourcePort, 0xffff);
        Wire.check("destinationPort", destinationPort, 0xffff);
        Wire.check("length", length, 0xffff);
        Wire.check("checksum", checksum, 0xffff);
    }

    /** Decodes the 8-byte header at {@code offset}; throws only when fewer bytes are present. */
    public static Udp decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, LENGTH, limit);
        return new Udp(Wire.u16(packet, offset), Wire.u16(packet, offset + 2),
                Wire.u16(packet, offset + 4), Wire.u16(packet, offset + 6));
    }

    public Udp withLength(int length) {
        return new Udp(sourcePort, destinationPort, length, checksum);
    }

    @Override
    public Udp withChecksum(int checksum) {
        return new Udp(sourcePort, destinationPort, length, checksum);
    }

    /** The length counts this header too. */
    @Override
    public Udp withLengthCovering(int bytes) {
        return withLength(Wire.fits16("udp length", bytes));
    }

    /** Over the datagram under the IP pseudo-header (RFC 768, RFC 8200); a computed 0 is sent as 0xffff. */
    @Override
    public int checksumOver(byte[] packet, int offset, int length, Header network) {
        return Checksums.transport(Checksums.requireNetwork(network, LAYER), IpProtocol.UDP, packet, offset, length);
    }

    /** What the ports announce ({@link Layer#ofUdpPorts}): DNS, or {@link Layer#PAYLOAD}. */
    @Override
    public Layer next() {
        return Layer.ofUdpPorts(sourcePort, destinationPort);
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
        Wire.put16(dst, offset, sourcePort);
        Wire.put16(dst, offset + 2, destinationPort);
        Wire.put16(dst, offset + 4, length);
        Wire.put16(dst, offset + 6, checksum);
        return offset + LENGTH;
    }

    /** {@code source_port, destination_port, ulen, checksum}. */
    @Override
    public Map<String, Object> fields() {
        return FieldMap.of(this);
    }

    @Override
    public void forEachField(FieldVisitor v) {
        v.field("source_port", sourcePort);
        v.field("destination_port", destinationPort);
        v.field("ulen", length);
        v.field("checksum", checksum);
    }
}
