package org.epcap.flow.tcp;

import org.epcap.pkt.Ip4Address;
import org.epcap.pkt.Ip6Address;

/**
 * The addresses and ports of a TCP connection, the same whichever way a segment goes: endpoint A
 * is the lower of the two (address, then port), B the higher. An IPv4 address is kept in the low
 * 32 bits of {@code aLow}/{@code bLow} with the high words 0.
 *
 * <pre>{@code
 * ConnectionKey k = ConnectionKey.ipv4(0x0a000001, 40000, 0x0a000002, 80);
 * k.equals(ConnectionKey.ipv4(0x0a000002, 80, 0x0a000001, 40000));   // true
 * k.isA(false, 0, 0x0a000001, 40000);                                 // true: 10.0.0.1:40000 is A
 * }</pre>
 *
 * <p>This key is the reassembler's own for now; the flow table's key may replace it.
 */
public record ConnectionKey(boolean ipv6, long aHigh, long aLow, int aPort, long bHigh, long bLow,
        int bPort) {

    /** The key of a segment from {@code (srcHigh, srcLow, srcPort)} to {@code (dstHigh, dstLow, dstPort)}. */
    public static ConnectionKey of(boolean ipv6, long srcHigh, long srcLow, int srcPort,
            long dstHigh, long dstLow, int dstPort) {
        return lower(srcHigh, srcLow, srcPort, dstHigh, dstLow, dstPort)
                ? new ConnectionKey(ipv6, srcHigh, srcLow, srcPort, dstHigh, dstLow, dstPort)
                : new ConnectionKey(ipv6, dstHigh, dstLow, dstPort, srcHigh, srcLow, srcPort);
    }

    /** The key of an IPv4 segment; addresses as the 32-bit values of the header. */
    public static ConnectionKey ipv4(int src, int srcPort, int dst, int dstPort) {
        return of(false, 0, src & 0xffff_ffffL, srcPort, 0, dst & 0xffff_ffffL, dstPort);
    }

    /** True when the source {@code (high, low, port)} is endpoint A of this key. */
    public boolean isA(boolean v6, long high, long low, int port) {
        return v6 == ipv6 && high == aHigh && low == aLow && port == aPort;
    }

    /** Endpoint A as {@code address:port} ({@code [address]:port} for IPv6). */
    public String a() {
        return endpoint(aHigh, aLow, aPort);
    }

    /** Endpoint B as {@code address:port} ({@code [address]:port} for IPv6). */
    public String b() {
        return endpoint(bHigh, bLow, bPort);
    }

    String endpoint(long high, long low, int port) {
        return ipv6 ? "[" + new Ip6Address(high, low) + "]:" + port
                : new Ip4Address((int) low) + ":" + port;
    }

    /** True when endpoint 1 is endpoint A of a key with endpoint 2 (the lower address, then port). */
    static boolean lower(long h1, long l1, int p1, long h2, long l2, int p2) {
        int c = Long.compareUnsigned(h1, h2);
        if (c == 0) {
            c = Long.compareUnsigned(l1, l2);
        }
        return c < 0 || (c == 0 && p1 <= p2);
    }

    @Override
    public String toString() {
        return a() + " <-> " + b();
    }
}
