package org.epcap.pkt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An IPv4 header (RFC 791), options kept raw ({@link #options()}, a view of the packet) and read
 * into a list on request ({@link #optionList()}). The header length is not a field: it is
 * {@code 20 + options().length()}.
 *
 * <pre>{@code
 * Ipv4 ip = Ipv4.decode(frame, 14, frame.length);
 * ip.protocol();             // IpProtocol.TCP
 * ip.sourceAddress();        // 169.254.0.1
 * Ipv4 out = Ipv4.of(IpProtocol.UDP, Ip4Address.parse("169.254.0.1"), Ip4Address.parse("169.254.0.2"));
 * }</pre>
 *
 * @param tos                 type of service (DSCP and ECN), 0–255
 * @param totalLength         total length, header and data, 0–65535
 * @param identification      0–65535
 * @param reservedFlag        the reserved (evil) bit, kept for exact re-encoding
 * @param dontFragment        DF
 * @param moreFragments       MF
 * @param fragmentOffset      in 8-byte units, 0–8191
 * @param ttl                 0–255
 * @param protocol            0–255, see {@link IpProtocol}
 * @param checksum            header checksum as carried, 0–65535
 * @param sourceAddress       source
 * @param destinationAddress  destination
 * @param options             raw options, a multiple of 4, at most 40 bytes
 */
public record Ipv4(int tos, int totalLength, int identification, boolean reservedFlag, boolean dontFragment,
        boolean moreFragments, int fragmentOffset, int ttl, int protocol, int checksum,
        Ip4Address sourceAddress, Ip4Address destinationAddress, Bytes options)
        implements Header, HasLengthField, HasChecksum {
    public static final String LAYER = "ipv4";
    public static final int MIN_LENGTH = 20;

    public Ipv4 {
        Wire.check("tos", tos, 0xff);
        Wire.check("totalLength", totalLength, 0xffff);
        Wire.check("identification", identification, 0xffff);
        Wire.check("fragmentOffset", fragmentOffset, 0x1fff);
        Wire.check("ttl", ttl, 0xff);
        Wire.check("protocol", protocol, 0xff);
        Wire.check("checksum", checksum, 0xffff);
        Wire.notNull("sourceAddress", sourceAddress);
        Wire.notNull("destinationAddress", destinationAddress);
        Wire.notNull("options", options);
        if (options.length() > 40 || (options.length() & 3) != 0) {
            throw new IllegalArgumentException("options: a multiple of 4 up to 40 bytes, got " + options.length());
        }
    }

    /** A header with TTL 64, DF clear, no options; length and checksum 0 until {@link Pkt#encode} fills them. */
    public static Ipv4 of(int protocol, Ip4Address source, Ip4Address destination) {
        return new Ipv4(0, 0, 0, false, false, false, 0, 64, protocol, 0, source, destination, Bytes.EMPTY);
    }

    /**
     * @throws DecodeException when the version is not 4 or the header length is below 5 words
     *                         (malformed), or the header does not fit before {@code limit}
     */
    public static Ipv4 decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, MIN_LENGTH, limit);
        int vhl = Wire.u8(packet, offset);
        if (vhl >>> 4 != 4) {
            throw DecodeException.malformed(LAYER, offset, "version " + (vhl >>> 4) + ", not 4");
        }
        int headerLength = (vhl & 0xf) << 2;
        if (headerLength < MIN_LENGTH) {
            throw DecodeException.malformed(LAYER, offset, "header length " + (vhl & 0xf) + " below 5");
        }
        Wire.need(LAYER, packet, offset, headerLength, limit);
        int frag = Wire.u16(packet, offset + 6);
        return new Ipv4(Wire.u8(packet, offset + 1), Wire.u16(packet, offset + 2), Wire.u16(packet, offset + 4),
                (frag & 0x8000) != 0, (frag & 0x4000) != 0, (frag & 0x2000) != 0, frag & 0x1fff,
                Wire.u8(packet, offset + 8), Wire.u8(packet, offset + 9), Wire.u16(packet, offset + 10),
                new Ip4Address(Wire.u32(packet, offset + 12)), new Ip4Address(Wire.u32(packet, offset + 16)),
                headerLength == MIN_LENGTH ? Bytes.EMPTY
                        : Bytes.view(packet, offset + MIN_LENGTH, headerLength - MIN_LENGTH));
    }

    /** The header length field in 32-bit words, 5–15. */
    public int headerLength() {
        return 5 + (options.length() >>> 2);
    }

    /** True for a fragment that is not the first: its data does not start with the next header. */
    public boolean isLaterFragment() {
        return fragmentOffset != 0;
    }

    public Ipv4 withTotalLength(int newTotalLength) {
        return new Ipv4(tos, newTotalLength, identification, reservedFlag, dontFragment, moreFragments,
                fragmentOffset, ttl, protocol, checksum, sourceAddress, destinationAddress, options);
    }

    @Override
    public Ipv4 withChecksum(int newChecksum) {
        return new Ipv4(tos, totalLength, identification, reservedFlag, dontFragment, moreFragments,
                fragmentOffset, ttl, protocol, newChecksum, sourceAddress, destinationAddress, options);
    }

    public Ipv4 withProtocol(int newProtocol) {
        return new Ipv4(tos, totalLength, identification, reservedFlag, dontFragment, moreFragments,
                fragmentOffset, ttl, newProtocol, checksum, sourceAddress, destinationAddress, options);
    }

    /** The options read one by one; an end-of-list option ends the list, padding after it is not listed. */
    public List<Option> optionList() {
        List<Option> list = new ArrayList<>();
        int i = 0;
        int n = options.length();
        while (i < n) {
            int type = options.get(i);
            if (type == Option.END_OF_LIST) {
                list.add(new Option(type, Bytes.EMPTY));
                break;
            }
            if (type == Option.NO_OPERATION) {
                list.add(new Option(type, Bytes.EMPTY));
                i++;
                continue;
            }
            int len = i + 1 < n ? options.get(i + 1) : 0;
            if (len < 2 || i + len > n) {
                // a length that lies: keep the rest raw under this type
                list.add(new Option(type, options.slice(i + 1, n - i - 1)));
                break;
            }
            list.add(new Option(type, options.slice(i + 2, len - 2)));
            i += len;
        }
        return list;
    }

    /**
     * One IPv4 option: its type byte and its data (after the length byte; empty for end of list
     * and no-operation).
     *
     * @param type option type (copied flag, class, number), 0–255
     * @param data the option's data bytes
     */
    public record Option(int type, Bytes data) {
        public static final int END_OF_LIST = 0;
        public static final int NO_OPERATION = 1;
        public static final int RECORD_ROUTE = 7;
        public static final int TIMESTAMP = 68;
        public static final int LOOSE_SOURCE_ROUTE = 131;
        public static final int STRICT_SOURCE_ROUTE = 137;
        public static final int ROUTER_ALERT = 148;
    }

    /** The total length counts this header too. */
    @Override
    public Ipv4 withLengthCovering(int bytes) {
        return withTotalLength(Wire.fits16("ipv4 total length", bytes));
    }

    /** The header checksum: over this header alone (RFC 791). */
    @Override
    public int checksumOver(byte[] packet, int offset, int length, Header network) {
        return Checksums.ipv4Header(packet, offset);
    }

    /**
     * What the protocol announces; payload for a fragment after the first (its bytes start
     * mid-datagram) and for protocol 0, since hop-by-hop options only follow IPv6.
     */
    @Override
    public Layer next() {
        return isLaterFragment() || protocol == IpProtocol.HOPOPTS ? Layer.PAYLOAD : Layer.ofIpProtocol(protocol);
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public int encodedLength() {
        return MIN_LENGTH + options.length();
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        dst[offset] = (byte) (0x40 | headerLength());
        dst[offset + 1] = (byte) tos;
        Wire.put16(dst, offset + 2, totalLength);
        Wire.put16(dst, offset + 4, identification);
        Wire.put16(dst, offset + 6, (reservedFlag ? 0x8000 : 0) | (dontFragment ? 0x4000 : 0)
                | (moreFragments ? 0x2000 : 0) | fragmentOffset);
        dst[offset + 8] = (byte) ttl;
        dst[offset + 9] = (byte) protocol;
        Wire.put16(dst, offset + 10, checksum);
        Wire.put32(dst, offset + 12, sourceAddress.value());
        Wire.put32(dst, offset + 16, destinationAddress.value());
        return options.copyTo(dst, offset + MIN_LENGTH);
    }

    @Override
    public Map<String, Object> fields() {
        return FieldMap.of(this);
    }

    @Override
    public void forEachField(FieldVisitor v) {
        v.field("protocol", IpProtocol.name(protocol));
        v.field("source_address", sourceAddress.toString());
        v.field("destination_address", destinationAddress.toString());
        v.field("ttl", ttl);
        v.field("len", totalLength);
        v.field("id", identification);
        v.field("tos", tos);
        v.field("hl", headerLength());
        v.field("df", dontFragment);
        v.field("mf", moreFragments);
        v.field("off", fragmentOffset);
        v.field("sum", checksum);
        if (!options.isEmpty()) {
            v.field("options", options.toHex());
        }
    }
}
