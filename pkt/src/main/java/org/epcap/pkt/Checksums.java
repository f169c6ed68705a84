package org.epcap.pkt;

import java.util.zip.CRC32C;

/**
 * Internet checksums (RFC 1071) and the SCTP CRC32c: what Erlang pkt calls {@code makesum}.
 *
 * <p>Computing: write the header with its checksum field zero, compute, put the result in the
 * field ({@code withChecksum}). Verifying: compute over the bytes as they are, checksum field
 * included; a valid packet gives zero ({@link #verifyIpv4Header}, {@link #verifyTransport}).
 * {@link Pkt#encode(java.util.List, Bytes, boolean)} does all of this for a whole packet.
 *
 * <pre>{@code
 * int sum = Checksums.ipv4Header(packet, 14);                 // the header's checksum, field treated as 0
 * boolean ok = Checksums.verifyIpv4Header(packet, 14);
 * int tcpSum = Checksums.transport(ip, IpProtocol.TCP, packet, 34, tcpLength);   // with field zeroed
 * boolean tcpOk = Checksums.verifyTransport(ip, IpProtocol.TCP, packet, 34, tcpLength);
 * }</pre>
 */
public final class Checksums {
    private Checksums() {
    }

    /** The 32-bit running sum of the 16-bit big-endian words of a range, an odd last byte padded with zero. */
    static long add(long sum, byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        // four bytes at a time into a long: no carry is lost before the fold
        for (; i + 3 < end; i += 4) {
            sum += (((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)) + (((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff));
        }
        for (; i + 1 < end; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < end) {
            sum += (b[i] & 0xff) << 8;
        }
        return sum;
    }

    static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }

    /** The one's complement sum of a range, folded to 16 bits (not inverted). */
    public static int ones(byte[] b, int off, int len) {
        check(b, off, len);
        return fold(add(0, b, off, len));
    }

    /** The Internet checksum of a range: the inverted one's complement sum, as it goes in a header. */
    public static int internet(byte[] b, int off, int len) {
        return ~ones(b, off, len) & 0xffff;
    }

    /** The checksum of the IPv4 header at {@code off}, its checksum field counted as zero. */
    public static int ipv4Header(byte[] b, int off) {
        int hl = ipv4HeaderLength(b, off);
        // the plain integer sum minus the field is the sum without it: nothing was folded yet
        long sum = add(0, b, off, hl) - Wire.u16(b, off + 10);
        return ~fold(sum) & 0xffff;
    }

    /** The checksum the IPv4 header {@code ip} should carry (its own checksum field ignored). */
    public static int ipv4Header(Ipv4 ip) {
        byte[] b = ip.withChecksum(0).encode();
        return internet(b, 0, b.length);
    }

    /** True when the IPv4 header at {@code off} carries a correct checksum. */
    public static boolean verifyIpv4Header(byte[] b, int off) {
        int hl = ipv4HeaderLength(b, off);
        return fold(add(0, b, off, hl)) == 0xffff;
    }

    private static int ipv4HeaderLength(byte[] b, int off) {
        check(b, off, Ipv4.MIN_LENGTH);
        int hl = (b[off] & 0xf) << 2;
        if (hl < Ipv4.MIN_LENGTH) {
            throw new IllegalArgumentException("IPv4 header length " + (hl >> 2) + " below 5");
        }
        check(b, off, hl);
        return hl;
    }

    /** The running sum of the pseudo-header of {@code ip} (an {@link Ipv4} or {@link Ipv6}). */
    static long pseudoHeader(Header ip, int protocol, int length) {
        long sum = protocol + (length & 0xffff_ffffL);
        if (ip instanceof Ipv4 v4) {
            sum += halves(v4.sourceAddress().value()) + halves(v4.destinationAddress().value());
        } else if (ip instanceof Ipv6 v6) {
            sum += halves(v6.sourceAddress().high()) + halves(v6.sourceAddress().low())
                    + halves(v6.destinationAddress().high()) + halves(v6.destinationAddress().low());
        } else {
            throw new IllegalArgumentException("pseudo-header needs an Ipv4 or Ipv6 header, got "
                    + (ip == null ? "null" : ip.layer()));
        }
        return sum;
    }

    /**
     * {@code network} for the pseudo-header checksum of a {@code layer} header, or an
     * IllegalArgumentException when the header has no IP header before it.
     */
    static Header requireNetwork(Header network, String layer) {
        if (network == null) {
            throw new IllegalArgumentException(layer + " checksum needs an IPv4 or IPv6 header before it");
        }
        return network;
    }

    private static long halves(int v) {
        return (v >>> 16) + (v & 0xffff);
    }

    private static long halves(long v) {
        return halves((int) (v >>> 32)) + halves((int) v);
    }

    /**
     * The TCP, UDP or ICMPv6 checksum of {@code segment[off, off+len)} (header with its checksum
     * field zero, then data) under the pseudo-header of {@code ip}, an {@link Ipv4} or {@link Ipv6}
     * (for IPv6 with a routing header the destination should be the final one; pass that Ipv6).
     * Returns the value for the header; for UDP a computed 0 is sent as 0xffff (RFC 768).
     */
    public static int transport(Header ip, int protocol, byte[] segment, int off, int len) {
        check(segment, off, len);
        int sum = ~fold(add(pseudoHeader(ip, protocol, len), segment, off, len)) & 0xffff;
        return protocol == IpProtocol.UDP && sum == 0 ? 0xffff : sum;
    }

    /**
     * True when the segment's checksum (its field included in the range) is right under the
     * pseudo-header of {@code ip}. A UDP-over-IPv4 checksum of 0 means "none" and verifies.
     */
    public static boolean verifyTransport(Header ip, int protocol, byte[] segment, int off, int len) {
        check(segment, off, len);
        if (protocol == IpProtocol.UDP && ip instanceof Ipv4 && len >= 8 && Wire.u16(segment, off + 6) == 0) {
            return true;
        }
        return fold(add(pseudoHeader(ip, protocol, len), segment, off, len)) == 0xffff;
    }

    /**
     * The SCTP checksum (CRC32c, RFC 9260 appendix A) of the packet {@code [off, off+len)}, its
     * checksum field (bytes 8–11) counted as zero, as {@link Sctp#checksum()} reads it: the four
     * bytes in network order. (The CRC itself goes on the wire least significant byte first.)
     */
    public static int sctp(byte[] b, int off, int len) {
        check(b, off, len);
        if (len < 12) {
            throw new IllegalArgumentException("an SCTP common header is 12 bytes, got " + len);
        }
        CRC32C crc = new CRC32C();
        crc.update(b, off, 8);
        crc.update(ZEROS, 0, 4);
        crc.update(b, off + 12, len - 12);
        return Integer.reverseBytes((int) crc.getValue());
    }

    private static final byte[] ZEROS = new byte[4];

    /** True when the SCTP packet at {@code off} carries a correct CRC32c. */
    public static boolean verifySctp(byte[] b, int off, int len) {
        return sctp(b, off, len) == Wire.u32(b, off + 8);
    }

    private static void check(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new IndexOutOfBoundsException("range [" + off + ", +" + len + ") of " + b.length + " bytes");
        }
    }
}
