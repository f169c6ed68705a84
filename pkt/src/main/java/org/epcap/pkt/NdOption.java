package org.epcap.pkt;

import java.util.ArrayList;
import java.util.List;

/**
 * A neighbour discovery option (RFC 4861): type, length in units of 8 bytes, value. The common
 * types are records; any other type, or a known type whose length does not fit it, is
 * {@link Unknown} with its value kept raw.
 *
 * <pre>{@code
 * NdOption o = NdOption.SourceLinkLayerAddress.of(MacAddress.parse("02:00:00:00:00:01"));
 * o.encodedLength();   // 8
 * }</pre>
 */
public sealed interface NdOption {

    /** The option type byte. */
    int type();

    /** Bytes after the type and length bytes. */
    Bytes valueBytes();

    /** Bytes on the wire: a multiple of 8. */
    default int encodedLength() {
        return 2 + valueBytes().length();
    }

    default int encodeTo(byte[] dst, int offset) {
        dst[offset] = (byte) type();
        dst[offset + 1] = (byte) (encodedLength() >>> 3);
        return valueBytes().copyTo(dst, offset + 2);
    }

    /** Type 1: the sender's link-layer address (6 bytes on Ethernet). */
    record SourceLinkLayerAddress(Bytes address) implements NdOption {
        public SourceLinkLayerAddress {
            checkValue(address);
        }
        public static SourceLinkLayerAddress of(MacAddress mac) {
            return new SourceLinkLayerAddress(Bytes.of(mac.toBytes()));
        }
        public int type() { return 1; }
        public Bytes valueBytes() { return address; }
        /** The address as a MAC address when it is one (6 bytes), else null. */
        public MacAddress macAddress() { return mac(address); }
    }

    /** Type 2: the target's link-layer address. */
    record TargetLinkLayerAddress(Bytes address) implements NdOption {
        public TargetLinkLayerAddress {
            checkValue(address);
        }
        public static TargetLinkLayerAddress of(MacAddress mac) {
            return new TargetLinkLayerAddress(Bytes.of(mac.toBytes()));
        }
        public int type() { return 2; }
        public Bytes valueBytes() { return address; }
        public MacAddress macAddress() { return mac(address); }
    }

    /** Type 3, length 4: flags are L (0x80), A (0x40) and the reserved bits. */
    record PrefixInformation(int prefixLength, int flags, long validLifetime,
            long preferredLifetime, long reserved, Ip6Address prefix) implements NdOption {
        public PrefixInformation {
            Wire.check("prefixLength", prefixLength, 0xff);
            Wire.check("flags", flags, 0xff);
            Wire.check("validLifetime", validLifetime, 0xffff_ffffL);
            Wire.check("preferredLifetime", preferredLifetime, 0xffff_ffffL);
            Wire.check("reserved", reserved, 0xffff_ffffL);
            Wire.notNull("prefix", prefix);
        }
        public int type() { return 3; }
        public Bytes valueBytes() {
            byte[] v = new byte[30];
            v[0] = (byte) prefixLength;
            v[1] = (byte) flags;
            Wire.put32(v, 2, (int) validLifetime);
            Wire.put32(v, 6, (int) preferredLifetime);
            Wire.put32(v, 10, (int) reserved);
            prefix.writeTo(v, 14);
            return Bytes.of(v);
        }
    }

    /** Type 4: the start of the redirected packet, after 6 reserved bytes. */
    record RedirectedHeader(Bytes reserved, Bytes packet) implements NdOption {
        public RedirectedHeader {
            if (reserved.length() != 6) {
                throw new IllegalArgumentException("reserved: 6 bytes, got " + reserved.length());
            }
            checkValue(Bytes.of(new byte[6 + packet.length()]));
        }
        public int type() { return 4; }
        public Bytes valueBytes() {
            byte[] v = new byte[6 + packet.length()];
            reserved.copyTo(v, 0);
            packet.copyTo(v, 6);
            return Bytes.of(v);
        }
    }

    /** Type 5, length 1: the link MTU. */
    record Mtu(int reserved, long mtu) implements NdOption {
        public Mtu {
            Wire.check("reserved", reserved, 0xffff);
            Wire.check("mtu", mtu, 0xffff_ffffL);
        }
        public int type() { return 5; }
        public Bytes valueBytes() {
            byte[] v = new byte[6];
            Wire.put16(v, 0, reserved);
            Wire.put32(v, 2, (int) mtu);
            return Bytes.of(v);
        }
    }

    /** Any other option: type and value as carried. */
    record Unknown(int type, Bytes value) implements NdOption {
        public Unknown {
            Wire.check("type", type, 0xff);
            checkValue(value);
        }
        public Bytes valueBytes() { return value; }
    }

    private static void checkValue(Bytes value) {
        if ((value.length() + 2) % 8 != 0 || value.length() + 2 > 255 * 8) {
            throw new IllegalArgumentException(
                    "option value: 6, 14, 22 … bytes (length in units of 8), got " + value.length());
        }
    }

    private static MacAddress mac(Bytes address) {
        return address.length() == 6 ? MacAddress.read(address.toArray(), 0) : null;
    }

    /**
     * Reads the options filling {@code [from, end)}.
     *
     * @throws DecodeException when an option has length 0 (malformed, RFC 4861 says drop the
     *                         packet) or runs past {@code end} (truncated)
     */
    static List<NdOption> decodeAll(String layer, int headerOffset, byte[] b, int from, int end) {
        List<NdOption> out = new ArrayList<>(2);
        int o = from;
        while (o < end) {
            if (end - o < 2) {
                throw DecodeException.truncated(layer, headerOffset, o + 2 - headerOffset,
                        end - headerOffset);
            }
            int type = b[o] & 0xff;
            int len = (b[o + 1] & 0xff) * 8;
            if (len == 0) {
                throw DecodeException.malformed(layer, headerOffset,
                        "neighbour discovery option at " + o + " has length 0");
            }
            if (len > end - o) {
                throw DecodeException.truncated(layer, headerOffset, o + len - headerOffset,
                        end - headerOffset);
            }
            out.add(decodeOne(b, o, type, len));
            o += len;
        }
        return out;
    }

    private static NdOption decodeOne(byte[] b, int o, int type, int len) {
        Bytes value = Bytes.view(b, o + 2, len - 2);
        switch (type) {
            case 1:
                return new SourceLinkLayerAddress(value);
            case 2:
                return new TargetLinkLayerAddress(value);
            case 3:
                if (len == 32) {
                    return new PrefixInformation(b[o + 2] & 0xff, b[o + 3] & 0xff,
                            Wire.u32(b, o + 4) & 0xffff_ffffL, Wire.u32(b, o + 8) & 0xffff_ffffL,
                            Wire.u32(b, o + 12) & 0xffff_ffffL, Ip6Address.read(b, o + 16));
                }
                break;
            case 4:
                return new RedirectedHeader(Bytes.view(b, o + 2, 6), Bytes.view(b, o + 8, len - 8));
            case 5:
                if (len == 8) {
                    return new Mtu(Wire.u16(b, o + 2), Wire.u32(b, o + 4) & 0xffff_ffffL);
                }
                break;
            default:
                break;
        }
        return new Unknown(type, value);
    }

    static int encodedLength(List<NdOption> options) {
        int n = 0;
        for (NdOption op : options) {
            n += op.encodedLength();
        }
        return n;
    }

    static int encodeAll(List<NdOption> options, byte[] dst, int offset) {
        int o = offset;
        for (NdOption op : options) {
            o = op.encodeTo(dst, o);
        }
        return o;
    }
}
