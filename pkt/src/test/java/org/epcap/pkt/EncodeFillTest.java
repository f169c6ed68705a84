package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * {@link Pkt#encode} with filling, for every header kind with a length field ({@link HasLengthField})
 * or a checksum ({@link HasChecksum}): each header starts with wrong values, and the bytes that
 * come out carry the lengths counted here by hand and checksums that verify under this test's own
 * RFC 1071 sum and the JDK's CRC32C.
 */
class EncodeFillTest {
    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");
    private static final Ip4Address SRC4 = Ip4Address.parse("169.254.0.1");
    private static final Ip4Address DST4 = Ip4Address.parse("169.254.7.200");
    private static final Ip6Address SRC6 = Ip6Address.parse("fd00::1");
    private static final Ip6Address DST6 = Ip6Address.parse("fd00::beef:2");
    private static final byte[] DATA = {1, 2, 3, 4, 5}; // odd: the sums pad the last byte
    private static final int WRONG = 0x1234;

    @Test
    void theInterfacesAreImplementedByEveryHeaderWithSuchAField() {
        Set<String> lengths = new TreeSet<>();
        Set<String> checksums = new TreeSet<>();
        for (Class<?> c : Header.class.getPermittedSubclasses()) {
            assertTrue(c.isRecord(), c + " is a record");
            if (HasLengthField.class.isAssignableFrom(c)) {
                lengths.add(c.getSimpleName());
            }
            if (HasChecksum.class.isAssignableFrom(c)) {
                checksums.add(c.getSimpleName());
            }
        }
        assertEquals(36, Header.class.getPermittedSubclasses().length);
        assertEquals(Set.of("GtpU", "Ipv4", "Ipv6", "Udp"), lengths);
        assertEquals(Set.of("Gre", "Icmp", "Icmp6", "Igmp", "Ipv4", "Sctp", "Tcp", "Udp", "Vrrp"), checksums);
    }

    @Test
    void udpOverIpv4() {
        byte[] p = fill(ipv4(IpProtocol.UDP), new Udp(7, 9, WRONG, WRONG));
        assertEquals(20 + 8 + 5, u16(p, 14 + 2), "ipv4 total length");
        assertIpv4HeaderSum(p);
        assertEquals(8 + 5, u16(p, 34 + 4), "udp length");
        assertPseudoHeaderSum(p, 34, IpProtocol.UDP);
    }

    @Test
    void udpOverIpv6() {
        byte[] p = fill(ipv6(IpProtocol.UDP), new Udp(7, 9, WRONG, WRONG));
        assertEquals(8 + 5, u16(p, 14 + 4), "ipv6 payload length");
        assertEquals(8 + 5, u16(p, 54 + 4), "udp length");
        assertPseudoHeaderSum(p, 54, IpProtocol.UDP);
    }

    @Test
    void tcpOverBothIps() {
        Tcp tcp = Tcp.of(80, 50000, 1, 2, EnumSet.of(TcpFlag.ACK), 1024, List.of()).withChecksum(WRONG);
        byte[] p4 = fill(ipv4(IpProtocol.TCP), tcp);
        assertEquals(20 + 20 + 5, u16(p4, 16));
        assertPseudoHeaderSum(p4, 34, IpProtocol.TCP);
        byte[] p6 = fill(ipv6(IpProtocol.TCP), tcp);
        assertEquals(20 + 5, u16(p6, 18));
        assertPseudoHeaderSum(p6, 54, IpProtocol.TCP);
    }

    @Test
    void icmpAndIcmp6() {
        byte[] p4 = fill(ipv4(IpProtocol.ICMP), Icmp.echoRequest(1, 2).withChecksum(WRONG));
        assertEquals(0xffff, sum(p4, 34, p4.length - 34, 0), "ICMP sums over the message alone");
        Icmp6 echo = new Icmp6(128, 0, WRONG, new Icmp6Body.Echo(1, 2));
        byte[] p6 = fill(ipv6(IpProtocol.ICMPV6), echo);
        assertPseudoHeaderSum(p6, 54, IpProtocol.ICMPV6);
    }

    @Test
    void igmp() {
        Igmp report = new Igmp(Igmp.V2_MEMBERSHIP_REPORT, 0, WRONG, new Igmp.Group(Ip4Address.parse("239.1.2.3")));
        byte[] p = fill(ipv4(IpProtocol.IGMP), report);
        assertEquals(0xffff, sum(p, 34, p.length - 34, 0));
    }

    @Test
    void vrrpVersion2OverItselfAndVersion3UnderThePseudoHeader() {
        Vrrp v2 = new Vrrp(0x21, 1, 100, 1, WRONG, List.of(SRC4), List.of(), Bytes.of(new byte[8]));
        byte[] p2 = fill(ipv4(IpProtocol.VRRP), v2);
        assertEquals(0xffff, sum(p2, 34, p2.length - 34, 0));
        Vrrp v3over6 = new Vrrp(0x31, 1, 100, 100, WRONG, List.of(), List.of(SRC6), Bytes.EMPTY);
        byte[] p6 = fill(ipv6(IpProtocol.VRRP), v3over6);
        assertPseudoHeaderSum(p6, 54, IpProtocol.VRRP);
        Vrrp v3over4 = new Vrrp(0x31, 1, 100, 100, WRONG, List.of(SRC4), List.of(), Bytes.EMPTY);
        byte[] p4 = fill(ipv4(IpProtocol.VRRP), v3over4);
        assertPseudoHeaderSum(p4, 34, IpProtocol.VRRP);
    }

    @Test
    void sctpCarriesTheCrc32cOfThePacket() {
        Sctp sctp = new Sctp(5000, 5001, 0xdeadbeefL, WRONG, List.of(new SctpChunk.CookieAck(0, Bytes.EMPTY)));
        byte[] p = fill(ipv4(IpProtocol.SCTP), sctp);
        int at = 34;
        byte[] zeroed = Arrays.copyOfRange(p, at, p.length);
        Arrays.fill(zeroed, 8, 12, (byte) 0);
        CRC32C crc = new CRC32C();
        crc.update(zeroed);
        // RFC 9260 appendix A: the CRC goes on the wire least significant byte first
        int onWire = (p[at + 8] & 0xff) | (p[at + 9] & 0xff) << 8 | (p[at + 10] & 0xff) << 16
                | (p[at + 11] & 0xff) << 24;
        assertEquals((int) crc.getValue(), onWire);
    }

    @Test
    void greWithAChecksumCoversTheInnerPacketWhoseLengthsAreFilledToo() {
        Gre gre = new Gre(Gre.CHECKSUM_PRESENT, 0x0800, WRONG, 0, 0, 0, 0, Bytes.EMPTY);
        byte[] p = fill(ipv4(IpProtocol.GRE), gre, ipv4(IpProtocol.UDP), new Udp(7, 9, WRONG, WRONG));
        int inner = 34 + 8;
        assertEquals(20 + 8 + 20 + 8 + 5, u16(p, 16), "outer total length");
        assertEquals(20 + 8 + 5, u16(p, inner + 2), "inner total length");
        assertEquals(0xffff, sum(p, inner, 20, 0), "inner header checksum");
        assertPseudoHeaderSum(p, inner + 20, IpProtocol.UDP, inner);
        assertEquals(0xffff, sum(p, 34, p.length - 34, 0), "GRE sums over itself and the inner packet");
        assertIpv4HeaderSum(p);
    }

    @Test
    void gtpUCountsWhatFollowsItsFirstEightBytes() {
        byte[] p = fill(ipv4(IpProtocol.UDP), new Udp(2152, 2152, WRONG, WRONG), GtpU.gpdu(7),
                ipv4(IpProtocol.UDP), new Udp(7, 9, WRONG, WRONG));
        int gtp = 34 + 8;
        assertEquals(20 + 8 + 5, u16(p, gtp + 2), "gtp length: the user's packet");
        assertEquals(20 + 8 + 5, u16(p, gtp + 8 + 2), "inner total length");
        assertEquals(8 + 8 + 20 + 8 + 5, u16(p, 34 + 4), "outer udp length");
        assertPseudoHeaderSum(p, 34, IpProtocol.UDP);
        assertPseudoHeaderSum(p, gtp + 8 + 20, IpProtocol.UDP, gtp + 8);
    }

    @Test
    void greWithoutAChecksumIsLeftAsItIs() {
        Gre gre = Gre.of(0x0800, 42L, null);
        byte[] filled = Pkt.encode(List.of(gre), DATA, true);
        assertArrayEquals(Pkt.encode(List.of(gre), DATA, false), filled);
    }

    @Test
    void aPseudoHeaderChecksumWithoutAnIpHeaderIsRefused() {
        Udp udp = new Udp(7, 9, 0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pkt.encode(List.of(new Ether(MAC, MAC, 0x0800), udp), DATA, true));
        assertEquals("udp checksum needs an IPv4 or IPv6 header before it", e.getMessage());
    }

    @Test
    void aLengthTooLongForItsFieldIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pkt.encode(List.of(ipv6(IpProtocol.UDP), new Udp(7, 9, 0, 0)), new byte[65530], true));
        assertEquals("ipv6 payload length 65538 does not fit 16 bits", e.getMessage());
    }

    private static Ipv4 ipv4(int protocol) {
        return Ipv4.of(protocol, SRC4, DST4).withTotalLength(WRONG).withChecksum(WRONG);
    }

    private static Ipv6 ipv6(int nextHeader) {
        return Ipv6.of(nextHeader, SRC6, DST6).withPayloadLength(WRONG);
    }

    /** Ethernet, the given headers, {@link #DATA}, lengths and checksums filled. */
    private static byte[] fill(Header... headers) {
        int type = headers[0] instanceof Ipv4 ? 0x0800 : 0x86dd;
        List<Header> all = new ArrayList<>();
        all.add(new Ether(MAC, MAC, type));
        all.addAll(List.of(headers));
        return Pkt.encode(all, DATA, true);
    }

    private static void assertIpv4HeaderSum(byte[] p) {
        assertEquals(0xffff, sum(p, 14, 20, 0), "ipv4 header checksum");
    }

    private static void assertPseudoHeaderSum(byte[] p, int at, int protocol) {
        assertPseudoHeaderSum(p, at, protocol, 14);
    }

    /** The segment at {@code at} sums to all ones under the pseudo-header of the IP header at {@code ip}. */
    private static void assertPseudoHeaderSum(byte[] p, int at, int protocol, int ip) {
        int length = p.length - at;
        long pseudo = protocol + (length >>> 16) + (length & 0xffff);
        if ((p[ip] & 0xff) >>> 4 == 4) {
            pseudo = sum(p, ip + 12, 8, pseudo); // the addresses
        } else {
            pseudo = sum(p, ip + 8, 32, pseudo);
        }
        assertEquals(0xffff, sum(p, at, length, pseudo), "checksum under the pseudo-header, protocol " + protocol);
    }

    /** RFC 1071: the one's complement sum of 16-bit words, an odd last byte padded, folded. */
    private static int sum(byte[] b, int off, int len, long start) {
        long s = start;
        for (int i = 0; i < len; i += 2) {
            int hi = b[off + i] & 0xff;
            int lo = i + 1 < len ? b[off + i + 1] & 0xff : 0;
            s += hi << 8 | lo;
        }
        while (s >>> 16 != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
    }
}
