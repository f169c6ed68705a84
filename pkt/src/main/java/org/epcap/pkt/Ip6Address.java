package org.epcap.pkt;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv6 address held in two {@code long}s: no allocation beyond the record, no name lookup.
 * {@link #toString()} gives the RFC 5952 text ({@code fd00::1}), as tshark and tcpdump print it.
 *
 * <pre>{@code
 * Ip6Address a = Ip6Address.parse("fd00::1");
 * a.toInetAddress();   // an Inet6Address, when a JDK API needs one
 * }</pre>
 */
public record Ip6Address(long high, long low) {

    /** The sixteen bytes at {@code offset} of {@code b}. */
    public static Ip6Address read(byte[] b, int offset) {
        return new Ip6Address(readLong(b, offset), readLong(b, offset + 8));
    }

    private static long readLong(byte[] b, int o) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[o + i] & 0xff);
        }
        return v;
    }

    /** Parses any textual IPv6 form the JDK accepts (never a host name). */
    public static Ip6Address parse(String text) {
        if (text.indexOf(':') < 0) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        try {
            InetAddress a = InetAddress.getByName(text);
            byte[] b = a.getAddress();
            if (b.length != 16) {
                throw new IllegalArgumentException("not an IPv6 address: " + text);
            }
            return read(b, 0);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + text, e);
        }
    }

    /** Writes the sixteen bytes at {@code offset}; returns the offset past them. */
    public int writeTo(byte[] b, int offset) {
        for (int i = 0; i < 8; i++) {
            b[offset + i] = (byte) (high >>> (56 - 8 * i));
            b[offset + 8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return offset + 16;
    }

    public byte[] toBytes() {
        byte[] b = new byte[16];
        writeTo(b, 0);
        return b;
    }

    public Inet6Address toInetAddress() {
        try {
            return Inet6Address.getByAddress(null, toBytes(), -1);
        } catch (UnknownHostException e) {
            throw new AssertionError("sixteen bytes are always an IPv6 address", e);
        }
    }

    private int group(int i) {
        long half = i < 4 ? high : low;
        return (int) ((half >>> (48 - 16 * (i % 4))) & 0xffff);
    }

    /** RFC 5952: lower case, leading zeros dropped, the longest run of two or more zero groups as ::. */
    @Override
    public String toString() {
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (group(i) == 0) {
                int j = i;
                while (j < 8 && group(j) == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart == 0 && bestLen == 5 && group(5) == 0xffff) {
            // An IPv4-mapped address keeps its dotted tail, as inet_ntop writes it.
            return "::ffff:" + new Ip4Address((int) low);
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(group(i)));
        }
        return sb.toString();
    }
}
