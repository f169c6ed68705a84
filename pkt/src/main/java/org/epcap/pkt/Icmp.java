package org.epcap.pkt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ICMP header (RFC 792, 950, 1191).
 *
 * <p>The first eight bytes are type, code, checksum and a four-byte rest-of-header kept whole in
 * {@code restOfHeader}; the typed accessors read it as the type defines it (identifier and
 * sequence for echo, gateway for redirect, next-hop MTU for "fragmentation needed", pointer for
 * parameter problem). Timestamp messages (13, 14) carry 12 more header bytes and address mask
 * messages (17, 18) 4 more; they are in {@code extension}, empty for other types. Everything after
 * the header (echo data, the quoted IP header and data of an error) is payload, left to the
 * dispatcher.
 *
 * <pre>{@code
 * Icmp ping = Icmp.echoRequest(0x1234, 1);
 * byte[] wire = ping.encode();                    // 8 bytes, checksum 0
 * Icmp.decode(wire, 0, wire.length).identifier();  // 0x1234
 * }</pre>
 *
 * @param type         0–255, see {@link IcmpType}
 * @param code         0–255
 * @param checksum     0–65535, as carried
 * @param restOfHeader bytes 4–7 as a big-endian int
 * @param extension    the timestamp (12 bytes) or address mask (4 bytes) part, else empty
 */
public record Icmp(int type, int code, int checksum, int restOfHeader, Bytes extension)
        implements Header, HasChecksum {

    static final String LAYER = "icmp";
    private static final int BASE_LENGTH = 8;

    public Icmp {
        Wire.check("type", type, 0xff);
        Wire.check("code", code, 0xff);
        Wire.check("checksum", checksum, 0xffff);
        Wire.notNull("extension", extension);
        if (extension.length() != extensionLength(type)) {
            throw new IllegalArgumentException("extension: type " + type + " needs "
                    + extensionLength(type) + " bytes, got " + extension.length());
        }
    }

    /** Bytes past the first eight that the header of {@code type} holds. */
    static int extensionLength(int type) {
        switch (type) {
            case IcmpType.TIMESTAMP_REQUEST:
            case IcmpType.TIMESTAMP_REPLY:
                return 12;
            case IcmpType.ADDRESS_MASK_REQUEST:
            case IcmpType.ADDRESS_MASK_REPLY:
                return 4;
            default:
                return 0;
        }
    }

    /** An echo request (type 8) with checksum 0. */
    public static Icmp echoRequest(int identifier, int sequenceNumber) {
        return echo(IcmpType.ECHO_REQUEST, identifier, sequenceNumber);
    }

    /** An echo reply (type 0) with checksum 0. */
    public static Icmp echoReply(int identifier, int sequenceNumber) {
        return echo(IcmpType.ECHO_REPLY, identifier, sequenceNumber);
    }

    private static Icmp echo(int type, int identifier, int sequenceNumber) {
        Wire.check("identifier", identifier, 0xffff);
        Wire.check("sequenceNumber", sequenceNumber, 0xffff);
        return new Icmp(type, 0, 0, (identifier << 16) | sequenceNumber, Bytes.EMPTY);
    }

    /** A timestamp request or reply (type 13 or 14) with checksum 0. */
    public static Icmp timestamp(int type, int identifier, int sequenceNumber, long originate,
            long receive, long transmit) {
        byte[] ext = new byte[12];
        Wire.put32(ext, 0, (int) Wire.check("originate", originate, 0xffff_ffffL));
        Wire.put32(ext, 4, (int) Wire.check("receive", receive, 0xffff_ffffL));
        Wire.put32(ext, 8, (int) Wire.check("transmit", transmit, 0xffff_ffffL));
        Wire.check("identifier", identifier, 0xffff);
        Wire.check("sequenceNumber", sequenceNumber, 0xffff);
        return new Icmp(type, 0, 0, (identifier << 16) | sequenceNumber, Bytes.of(ext));
    }

    /**
     * Decodes the ICMP header at {@code offset}: 8 bytes, 20 for timestamps, 12 for address
     * masks.
     */
    public static Icmp decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, BASE_LENGTH, limit);
        int type = packet[offset] & 0xff;
        int ext = extensionLength(type);
        Wire.need(LAYER, packet, offset, BASE_LENGTH + ext, limit);
        return new Icmp(type, packet[offset + 1] & 0xff, Wire.u16(packet, offset + 2),
                Wire.u32(packet, offset + 4),
                ext == 0 ? Bytes.EMPTY : Bytes.view(packet, offset + BASE_LENGTH, ext));
    }

    /** Echo, timestamp, information and address mask messages: bytes 4–5. */
    public int identifier() {
        return restOfHeader >>> 16;
    }

    /** Echo, timestamp, information and address mask messages: bytes 6–7. */
    public int sequenceNumber() {
        return restOfHeader & 0xffff;
    }

    /** Redirect: the gateway to use. */
    public Ip4Address gateway() {
        return new Ip4Address(restOfHeader);
    }

    /** Destination unreachable, code 4 (fragmentation needed): bytes 6–7. */
    public int nextHopMtu() {
        return restOfHeader & 0xffff;
    }

    /** Parameter problem: the byte offset of the error in the quoted header (byte 4). */
    public int pointer() {
        return restOfHeader >>> 24;
    }

    /** Timestamp messages: milliseconds since midnight UT, as carried. */
    public long originateTimestamp() {
        return extensionWord(0);
    }

    public long receiveTimestamp() {
        return extensionWord(4);
    }

    public long transmitTimestamp() {
        return extensionWord(8);
    }

    /** Address mask messages: the mask. */
    public Ip4Address addressMask() {
        return new Ip4Address((int) extensionWord(0));
    }

    private long extensionWord(int at) {
        if (extension.length() < at + 4) {
            throw new IllegalStateException(IcmpType.name(type) + " has no such field");
        }
        return ((long) extension.get(at) << 24) | (extension.get(at + 1) << 16)
                | (extension.get(at + 2) << 8) | extension.get(at + 3);
    }

    @Override
    public Icmp withChecksum(int checksum) {
        return new Icmp(type, code, checksum, restOfHeader, extension);
    }

    /** The rest of the message (echo data, the quoted datagram of an error) is payload. */
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
        return BASE_LENGTH + extension.length();
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        dst[offset] = (byte) type;
        dst[offset + 1] = (byte) code;
        Wire.put16(dst, offset + 2, checksum);
        Wire.put32(dst, offset + 4, restOfHeader);
        return extension.copyTo(dst, offset + BASE_LENGTH);
    }

    /**
     * {@code type, code, type_name, checksum}, then what the type defines: {@code id, sequence}
     * (echo, timestamp, information, mask), {@code gateway}, {@code mtu}, {@code pointer},
     * {@code ts_orig, ts_recv, ts_tx}, {@code mask}; unknown types give {@code rest} (unsigned).
     */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("code", code);
        m.put("type_name", IcmpType.name(type));
        m.put("checksum", checksum);
        switch (type) {
            case IcmpType.ECHO_REPLY, IcmpType.ECHO_REQUEST, IcmpType.INFORMATION_REQUEST,
                    IcmpType.INFORMATION_REPLY -> {
                m.put("id", identifier());
                m.put("sequence", sequenceNumber());
            }
            case IcmpType.TIMESTAMP_REQUEST, IcmpType.TIMESTAMP_REPLY -> {
                m.put("id", identifier());
                m.put("sequence", sequenceNumber());
                m.put("ts_orig", originateTimestamp());
                m.put("ts_recv", receiveTimestamp());
                m.put("ts_tx", transmitTimestamp());
            }
            case IcmpType.ADDRESS_MASK_REQUEST, IcmpType.ADDRESS_MASK_REPLY -> {
                m.put("id", identifier());
                m.put("sequence", sequenceNumber());
                m.put("mask", addressMask().toString());
            }
            case IcmpType.REDIRECT -> m.put("gateway", gateway().toString());
            case IcmpType.DESTINATION_UNREACHABLE -> {
                if (code == 4) {
                    m.put("mtu", nextHopMtu());
                }
            }
            case IcmpType.PARAMETER_PROBLEM -> m.put("pointer", pointer());
            case IcmpType.TIME_EXCEEDED, IcmpType.SOURCE_QUENCH -> { }
            default -> m.put("rest", restOfHeader & 0xffff_ffffL);
        }
        return m;
    }
}
