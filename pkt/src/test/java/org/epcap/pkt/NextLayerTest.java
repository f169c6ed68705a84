package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.epcap.pkt.testing.CorpusPackets;
import org.junit.jupiter.api.Test;

/**
 * {@link Header#next()} against the walk: on every corpus packet each header names the header
 * decoded after it, and where the walk stops it stops for the reason the last header gave. Then
 * hand-built headers whose successor is known from the protocol specifications.
 */
class NextLayerTest {

    @Test
    void everyHeaderNamesWhatTheDecoderDecodesAfterIt() {
        Set<Layer> decodedAsNamed = EnumSet.noneOf(Layer.class);
        int packets = 0;
        for (CorpusPackets.Packet p : CorpusPackets.all()) {
            Decoded d = Pkt.decode(p.dataLinkType(), p.data());
            if (d.error() instanceof UnsupportedDataLinkException) {
                continue;
            }
            packets++;
            String where = p + "\n" + HexFormat.of().formatHex(p.data()) + "\n";
            Layer expected = Layer.ofDataLinkType(p.dataLinkType());
            List<Header> hs = d.headers();
            for (Header h : hs) {
                if (h instanceof Tls && expected == Layer.PAYLOAD) {
                    // TLS on a port of no TLS service: the walk found a hello by content
                    assertTrue(Tls.startsHello(p.data(), offsetOf(hs, h), p.data().length), where + "TLS by content");
                    expected = Layer.TLS;
                }
                if (h instanceof Http && expected == Layer.PAYLOAD) {
                    // HTTP is found by content on any TCP port, as TLS hellos are
                    assertTrue(Http.startsMessage(p.data(), offsetOf(hs, h), p.data().length), where + "HTTP by content");
                    expected = Layer.HTTP;
                }
                assertNames(expected, h, where);
                decodedAsNamed.add(expected);
                expected = h.next();
            }
            assertStoppedFor(expected, d, p.data(), where);
        }
        assertTrue(packets > 9_000, "corpus packets on supported links: " + packets);
        // so that the check above covers them: every decoder but six no corpus file carries (GTP-U
        // and TLS are reached in L7ScapyTsharkTest's packets, TLS in Ja4VectorsTest's captures,
        // DTLS in DtlsTsharkTest's capture of openssl)
        Set<Layer> unreached = EnumSet.complementOf(EnumSet.copyOf(decodedAsNamed));
        unreached.removeAll(EnumSet.of(Layer.PAYLOAD, Layer.NONE, Layer.LOOP, Layer.LINUX_COOKED_V2, Layer.QINQ_OLD,
                Layer.GTPU, Layer.TLS, Layer.DTLS));
        assertEquals(EnumSet.noneOf(Layer.class), unreached, "decoders the corpus never reached");
    }

    /** The header decoded is the one {@code expected} names. */
    private static void assertNames(Layer expected, Header h, String where) {
        assertFalse(expected.endsWalk(), where + "decoded " + h.layer() + " after " + expected);
        if (expected == Layer.IP_BY_VERSION) {
            assertTrue(h instanceof Ipv4 || h instanceof Ipv6, where + "IP expected, got " + h.layer());
            return;
        }
        assertEquals(expected.recordName(), h.layer(), where);
        if (h instanceof Vlan v) {
            int tpid = switch (expected) {
                case VLAN -> 0x8100;
                case QINQ -> 0x88a8;
                case QINQ_OLD -> 0x9100;
                default -> -1;
            };
            assertEquals(tpid, v.tpid(), where + "tag protocol of " + expected);
        }
    }

    /** Why the walk ended after the last header, given what that header said follows it. */
    private static void assertStoppedFor(Layer expected, Decoded d, byte[] data, String where) {
        List<Header> hs = d.headers();
        DecodeException e = d.error();
        if (e != null) {
            Header last = hs.isEmpty() ? null : hs.get(hs.size() - 1);
            boolean lastOwnLength = last != null && e.protocol().equals(last.layer())
                    && e.offset() == d.offset() - last.encodedLength();
            String failed = expected == Layer.IP_BY_VERSION ? "ip" : expected.recordName();
            assertTrue(lastOwnLength || e.protocol().equals(failed),
                    where + "error in " + e.protocol() + " where " + expected + " was next: " + e.getMessage());
        } else if (expected == Layer.HOPOPTS) {
            assertEquals(Ipv4.LAYER, innermostIp(hs), where + "hop-by-hop options left undecoded inside IPv6");
        } else if (expected == Layer.QUIC) {
            assertTrue(innermostIpIsAFragment(hs) || !Quic.startsLongHeader(data, d.offset(), d.offset()
                    + d.payload().length()), where + "the walk stopped before QUIC at a long header");
        } else if (expected == Layer.TLS) {
            assertTrue(innermostIpIsAFragment(hs) || !Tls.startsRecord(data, d.offset(), d.offset() + d.payload().length()),
                    where + "the walk stopped before TLS at a record header");
        } else if (expected == Layer.PAYLOAD && !hs.isEmpty() && hs.get(hs.size() - 1) instanceof Tcp) {
            assertTrue(innermostIpIsAFragment(hs) || !Http.startsMessage(data, d.offset(), d.offset()
                    + d.payload().length()), where + "the walk stopped after TCP at an HTTP start line");
        } else if (!expected.endsWalk() && !hs.isEmpty() && hs.get(hs.size() - 1) instanceof Udp) {
            assertTrue(innermostIpIsAFragment(hs), where + "the walk stopped after UDP before " + expected
                    + " in a whole datagram");
        } else if (expected == Layer.IP_BY_VERSION) {
            int version = (data[d.offset()] & 0xff) >>> 4;
            assertTrue(version != 4 && version != 6, where + "IP version " + version + " left undecoded");
        } else {
            assertTrue(expected.endsWalk(), where + "the walk stopped before " + expected);
        }
    }

    private static int offsetOf(List<Header> hs, Header h) {
        int off = 0;
        for (Header x : hs) {
            if (x == h) {
                return off;
            }
            off += x.encodedLength();
        }
        throw new AssertionError("not in the list");
    }

    /** What UDP carries is left as payload in a fragment: the message is not whole there. */
    private static boolean innermostIpIsAFragment(List<Header> hs) {
        for (int i = hs.size() - 1; i >= 0; i--) {
            Header h = hs.get(i);
            if (h instanceof Ipv6Fragment f) {
                return f.moreFragments() || f.fragmentOffset() != 0;
            }
            if (h instanceof Ipv4 v4) {
                return v4.moreFragments() || v4.fragmentOffset() != 0;
            }
            if (h instanceof Ipv6) {
                return false;
            }
        }
        return false;
    }

    private static String innermostIp(List<Header> hs) {
        for (int i = hs.size() - 1; i >= 0; i--) {
            if (hs.get(i) instanceof Ipv4 || hs.get(i) instanceof Ipv6) {
                return hs.get(i).layer();
            }
        }
        return null;
    }

    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");
    private static final Ip4Address A4 = Ip4Address.parse("169.254.0.1");
    private static final Ip6Address A6 = Ip6Address.parse("fd00::1");

    @Test
    void ethernetNamesWhatItsTypeAnnounces() {
        assertEquals(Layer.IPV4, new Ether(MAC, MAC, 0x0800).next());
        assertEquals(Layer.IPV6, new Ether(MAC, MAC, 0x86dd).next());
        assertEquals(Layer.ARP, new Ether(MAC, MAC, 0x0806).next());
        assertEquals(Layer.RARP, new Ether(MAC, MAC, 0x8035).next());
        assertEquals(Layer.VLAN, new Ether(MAC, MAC, 0x8100).next());
        assertEquals(Layer.QINQ, new Ether(MAC, MAC, 0x88a8).next());
        assertEquals(Layer.QINQ_OLD, new Ether(MAC, MAC, 0x9100).next());
        assertEquals(Layer.MPLS, new Ether(MAC, MAC, 0x8847).next());
        assertEquals(Layer.MPLS, new Ether(MAC, MAC, 0x8848).next());
        assertEquals(Layer.LLDP, new Ether(MAC, MAC, 0x88cc).next());
        assertEquals(Layer.EAPOL, new Ether(MAC, MAC, 0x888e).next());
        assertEquals(Layer.LLC, new Ether(MAC, MAC, 1500).next(), "an 802.3 length");
        assertEquals(Layer.LLC, new Ether(MAC, MAC, 0).next(), "an 802.3 length");
        assertEquals(Layer.PAYLOAD, new Ether(MAC, MAC, 1501).next(), "neither a length nor a type we know");
        assertEquals(Layer.PAYLOAD, new Ether(MAC, MAC, 0x88f7).next(), "PTP is not decoded");
        assertEquals(Layer.LLC, new Vlan(0x8100, 0, false, 5, 46).next());
        assertEquals(Layer.IPV6, new Vlan(0x8100, 0, false, 5, 0x86dd).next());
        assertEquals(Layer.ETHER, Gre.of(0x6558, null, null).next(), "transparent Ethernet bridging");
        assertEquals(Layer.IPV4, Gre.of(0x0800, 7L, null).next());
        assertEquals(Layer.IPV4, new Llc(0xaa, 0xaa, 3, false, true, 0, 0x0800).next(), "RFC 1042 SNAP");
        assertEquals(Layer.PAYLOAD, new Llc(0xaa, 0xaa, 3, false, true, 0x00000c, 0x2000).next(), "Cisco SNAP");
        assertEquals(Layer.PAYLOAD, Llc.of(0x42, 0x42, 3).next(), "spanning tree");
    }

    @Test
    void linkHeadersOfOtherDatalinksNameTheirNetwork() {
        assertEquals(Layer.IPV4, new Null(2, true).next());
        assertEquals(Layer.IPV6, new Null(24, true).next());
        assertEquals(Layer.IPV6, new Null(10, false).next());
        assertEquals(Layer.PAYLOAD, new Null(7, true).next());
        assertEquals(Layer.LLC, new LinuxCooked(0, 1, 6, 0, 4).next(), "SLL protocol 4 is 802.2");
        assertEquals(Layer.IPV4, new LinuxCooked(0, 1, 6, 0, 0x0800).next());
        assertEquals(Layer.PAYLOAD, new LinuxCooked(0, 1, 6, 0, 1).next(), "Linux's 802.3 pseudo protocol");
        assertEquals(Layer.IP_BY_VERSION, Mpls.of(new Mpls.Label(16, 0, false, 64), new Mpls.Label(17, 0, true, 64)).next(),
                "MPLS does not say what it carries");
        assertEquals(Layer.LLC, new Ether(MAC, MAC, 0x8870).next(), "jumbo LLC, as tshark");
        assertEquals(Layer.ETHER, Layer.ofDataLinkType(DataLinkType.EN10MB));
        assertEquals(Layer.IP_BY_VERSION, Layer.ofDataLinkType(DataLinkType.RAW));
    }

    @Test
    void ipHeadersNameWhatTheirProtocolAnnounces() {
        assertEquals(Layer.TCP, Ipv4.of(6, A4, A4).next());
        assertEquals(Layer.UDP, Ipv4.of(17, A4, A4).next());
        assertEquals(Layer.IPV6, Ipv4.of(41, A4, A4).next(), "6in4");
        assertEquals(Layer.IPV4, Ipv4.of(4, A4, A4).next(), "IP in IP");
        assertEquals(Layer.GRE, Ipv4.of(47, A4, A4).next());
        assertEquals(Layer.AH, Ipv4.of(51, A4, A4).next());
        assertEquals(Layer.PAYLOAD, Ipv4.of(0, A4, A4).next(), "hop-by-hop options only follow IPv6");
        assertEquals(Layer.PAYLOAD, Ipv4.of(89, A4, A4).next(), "OSPF is not decoded");
        Ipv4 later = new Ipv4(0, 0, 1, false, false, false, 185, 64, 6, 0, A4, A4, Bytes.EMPTY);
        assertEquals(Layer.PAYLOAD, later.next(), "a later fragment starts mid-datagram");
        assertEquals(Layer.HOPOPTS, Ipv6.of(0, A6, A6).next());
        assertEquals(Layer.ICMP6, Ipv6.of(58, A6, A6).next());
        assertEquals(Layer.NONE, Ipv6.of(59, A6, A6).next(), "no next header");
        assertEquals(Layer.ROUTING, new Ipv6HopByHop(43, Bytes.of(new byte[6])).next());
        assertEquals(Layer.FRAGMENT, new Ipv6DestinationOptions(44, Bytes.of(new byte[6])).next());
        assertEquals(Layer.UDP, new Ipv6Fragment(17, 0, 0, 0, true, 9).next(), "the first fragment");
        assertEquals(Layer.PAYLOAD, new Ipv6Fragment(17, 0, 8, 0, false, 9).next(), "a later fragment");
        assertEquals(Layer.ESP, new Ipv6Ah(50, 0, 1, 1, Bytes.of(new byte[12])).next());
        assertEquals(Layer.PAYLOAD, new Ipv6Esp(1, 1, Bytes.of(new byte[16])).next(), "ciphertext");
        assertEquals(Layer.PAYLOAD, Tcp.of(1, 2, 0, 0, EnumSet.noneOf(TcpFlag.class), 0, List.of()).next());
        assertEquals(Layer.PAYLOAD, Icmp.echoRequest(1, 1).next());
    }

    @Test
    void hopByHopOptionsAreDecodedOnlyInsideIpv6() {
        Ipv6Ah ah = new Ipv6Ah(0, 0, 1, 1, Bytes.of(new byte[12]));
        Ipv6HopByHop hop = new Ipv6HopByHop(59, Bytes.of(new byte[6]));
        byte[] v6 = Pkt.encode(List.of(new Ether(MAC, MAC, 0x86dd), Ipv6.of(51, A6, A6), ah, hop),
                Bytes.EMPTY, true);
        assertEquals(List.of("ether", "ipv6", "ipv6_ah", "ipv6_hopopts"), layers(Pkt.decapsulate(v6)));
        byte[] v4 = Pkt.encode(List.of(new Ether(MAC, MAC, 0x0800), Ipv4.of(51, A4, A4), ah, hop),
                Bytes.EMPTY, true);
        Decoded d = Pkt.decapsulate(v4);
        assertEquals(Layer.HOPOPTS, ah.next());
        assertEquals(List.of("ether", "ipv4", "ipv6_ah"), layers(d));
        assertEquals(hop.encodedLength(), d.payload().length(), "the options are left as payload");
    }

    @Test
    void anUnknownDatalinkHasNoFirstLayer() {
        try {
            Layer.ofDataLinkType(147);
            fail("DLT 147 (USER0) has no decoder");
        } catch (UnsupportedDataLinkException expected) {
            assertEquals(147, expected.dataLinkType());
        }
    }

    private static List<String> layers(Decoded d) {
        List<String> out = new ArrayList<>();
        for (Header h : d.headers()) {
            out.add(h.layer());
        }
        return out;
    }
}
