package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Packets built by scapy, decoded by us: the layers, every field scapy also dissects, the exact
 * bytes again on encode, and the checksums scapy computed.
 */
class LinkNetworkScapyTest {
    private static List<Scapy.Case> cases;

    /** The layers each packet decodes to (transport layers by the other codec files). */
    private static final Map<String, List<String>> LAYERS = Map.ofEntries(
            Map.entry("ether_ipv4_tcp", List.of("ether", "ipv4", "tcp")),
            Map.entry("ether_ipv4_udp_padded", List.of("ether", "ipv4", "udp")),
            Map.entry("ether_ipv4_options", List.of("ether", "ipv4", "udp")),
            Map.entry("ether_ipv4_fragment_later", List.of("ether", "ipv4")),
            Map.entry("ether_ipv4_icmp", List.of("ether", "ipv4", "icmp")),
            Map.entry("vlan", List.of("ether", "802.1q", "ipv4", "udp")),
            Map.entry("qinq_88a8", List.of("ether", "802.1q", "802.1q", "ipv4", "icmp")),
            Map.entry("qinq_9100", List.of("ether", "802.1q", "ipv6", "udp")),
            Map.entry("mpls_ipv4", List.of("ether", "mpls", "ipv4", "udp")), // one header for the stack
            Map.entry("mpls_ipv6", List.of("ether", "mpls", "ipv6", "tcp")),
            Map.entry("llc_stp", List.of("ether", "llc")),
            Map.entry("llc_snap_ipv4", List.of("ether", "llc", "ipv4", "udp")),
            Map.entry("arp_reply", List.of("ether", "arp")),
            Map.entry("rarp_request", List.of("ether", "rarp")),
            Map.entry("null_le_ipv4", List.of("null", "ipv4", "tcp")),
            Map.entry("null_be_ipv6", List.of("null", "ipv6", "udp")),
            Map.entry("loop_ipv6_darwin", List.of("null", "ipv6", "icmp6")),
            Map.entry("sll_ipv4", List.of("linux_cooked", "ipv4", "udp")),
            Map.entry("sll2_ipv6", List.of("linux_cooked_v2", "ipv6", "tcp")),
            Map.entry("raw_ipv4", List.of("ipv4", "udp")),
            Map.entry("raw_ipv6_101", List.of("ipv6", "tcp")),
            Map.entry("dlt_ipv4", List.of("ipv4", "tcp")),
            Map.entry("dlt_ipv6", List.of("ipv6", "udp")),
            Map.entry("ipv6_ext_chain", List.of("ether", "ipv6", "ipv6_hopopts", "ipv6_dstopts", "ipv6_routing",
                    "ipv6_fragment", "udp")),
            Map.entry("ipv6_fragment_later", List.of("ether", "ipv6", "ipv6_fragment")),
            Map.entry("ipv4_ah_tcp", List.of("ether", "ipv4", "ipv6_ah", "tcp")),
            Map.entry("ipv6_ah_udp", List.of("ether", "ipv6", "ipv6_ah", "udp")),
            Map.entry("ipv4_esp", List.of("ether", "ipv4", "ipv6_esp")),
            Map.entry("ipv6_esp", List.of("ether", "ipv6", "ipv6_esp")),
            Map.entry("ipv4_sctp", List.of("ether", "ipv4", "sctp")),
            Map.entry("ipv6_icmp6_echo", List.of("ether", "ipv6", "icmp6")),
            Map.entry("gre_ipv4", List.of("ether", "ipv4", "gre", "ipv4", "udp")),
            Map.entry("gre_teb", List.of("ether", "ipv4", "gre", "ether", "ipv4", "tcp")),
            Map.entry("vrrp_v2", List.of("ether", "ipv4", "vrrp")),
            Map.entry("igmp_v2", List.of("ether", "ipv4", "igmp")),
            Map.entry("eapol_start", List.of("ether", "802.1x")));

    @BeforeAll
    static void build() {
        cases = Scapy.run("link_network_cases.py");
    }

    static Stream<Scapy.Case> cases() {
        if (cases == null) {
            build();
        }
        return cases.stream();
    }

    @Test
    void everyCaseHasExpectedLayers() {
        for (Scapy.Case c : cases) {
            assertTrue(LAYERS.containsKey(c.name()), "no expectation for " + c.name());
        }
        assertEquals(LAYERS.size(), cases.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodesTheLayersScapyBuilt(Scapy.Case c) {
        Decoded d = Pkt.decode(c.dlt(), c.bytes());
        assertNull(d.error(), () -> c.name() + ": " + d.error());
        assertFalse(d.truncated(), c.name());
        List<String> layers = new ArrayList<>();
        d.headers().forEach(h -> layers.add(h.layer()));
        assertEquals(LAYERS.get(c.name()), layers, c.name());
        // decapsulate agrees when nothing is wrong
        assertEquals(d, Pkt.decapsulate(c.dlt(), c.bytes()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void encodesBackToTheSameBytes(Scapy.Case c) {
        Decoded d = Pkt.decode(c.dlt(), c.bytes());
        assertArrayEquals(c.bytes(), d.encode(), c.name());
        int at = 0;
        for (Header h : d.headers()) {
            byte[] alone = h.encode();
            assertEquals(h.encodedLength(), alone.length);
            assertArrayEquals(java.util.Arrays.copyOfRange(c.bytes(), at, at + alone.length), alone, h.layer());
            at += alone.length;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fieldsAgreeWithScapy(Scapy.Case c) {
        Decoded d = Pkt.decode(c.dlt(), c.bytes());
        Map<String, Integer> seen = new HashMap<>();
        int checked = 0;
        for (Header h : d.headers()) {
            checked += compare(c, h, seen);
        }
        assertTrue(checked > 0, c.name() + ": nothing compared");
    }

    private static String key(Map<String, Integer> seen, String layer) {
        int i = seen.merge(layer, 1, Integer::sum) - 1;
        return layer + "#" + i + ".";
    }

    /** Compares the fields scapy reports for the matching scapy layer; returns how many it compared. */
    private static int compare(Scapy.Case c, Header h, Map<String, Integer> seen) {
        Map<String, Object> want = new java.util.LinkedHashMap<>();
        String k;
        if (h instanceof Ether e) {
            k = key(seen, e.isLength() ? "Dot3" : "Ether");
            if (!c.fields().containsKey(k + "dst")) {
                return 0;
            }
            want.put(k + "dst", e.destination().toString().toLowerCase());
            want.put(k + "src", e.source().toString().toLowerCase());
            want.put(k + (e.isLength() ? "len" : "type"), e.type());
        } else if (h instanceof Vlan v) {
            k = key(seen, v.tpid() == EtherType.QINQ ? "Dot1AD" : "Dot1Q");
            want.put(k + "vlan", v.vlanId());
            want.put(k + "prio", v.priority());
            want.put(k + "id", v.dropEligible() ? 1 : 0);
            want.put(k + "type", v.type());
        } else if (h instanceof Mpls m) {
            for (Mpls.Label l : m.labels()) { // scapy has a layer per entry
                k = key(seen, "MPLS");
                want.put(k + "label", l.label());
                want.put(k + "cos", l.trafficClass());
                want.put(k + "s", l.bottomOfStack() ? 1 : 0);
                want.put(k + "ttl", l.ttl());
            }
        } else if (h instanceof Llc l) {
            k = key(seen, "LLC");
            want.put(k + "dsap", l.dsap());
            want.put(k + "ssap", l.ssap());
            want.put(k + "ctrl", l.control());
            if (l.snap()) {
                String s = key(seen, "SNAP");
                want.put(s + "OUI", l.oui());
                want.put(s + "code", l.pid());
            }
        } else if (h instanceof Arp a) {
            k = key(seen, "ARP");
            want.put(k + "hwtype", a.hardwareType());
            want.put(k + "ptype", a.protocolType());
            want.put(k + "hwlen", a.senderHardwareAddress().length());
            want.put(k + "plen", a.senderProtocolAddress().length());
            want.put(k + "op", a.operation());
            want.put(k + "hwsrc", a.senderMac().toString().toLowerCase());
            want.put(k + "psrc", a.senderIp().toString());
            want.put(k + "hwdst", a.targetMac().toString().toLowerCase());
            want.put(k + "pdst", a.targetIp().toString());
        } else if (h instanceof Null n) {
            k = key(seen, "Loopback");
            if (!c.fields().containsKey(k + "type")) {
                assertEquals(c.name().contains("darwin") ? 30 : 24, n.family());
                return 1;
            }
            want.put(k + "type", n.family());
        } else if (h instanceof LinuxCooked s) {
            k = key(seen, "CookedLinux");
            want.put(k + "pkttype", s.packetType());
            want.put(k + "lladdrtype", s.arphrdType());
            want.put(k + "lladdrlen", s.addressLength());
            want.put(k + "src", String.format("%016x", s.address()));
            want.put(k + "proto", s.protocol());
        } else if (h instanceof LinuxCooked2 s) {
            k = key(seen, "CookedLinuxV2");
            want.put(k + "proto", s.protocol());
            want.put(k + "reserved", s.reserved());
            want.put(k + "ifindex", s.interfaceIndex());
            want.put(k + "lladdrtype", s.arphrdType());
            want.put(k + "pkttype", s.packetType());
            want.put(k + "lladdrlen", s.addressLength());
            want.put(k + "src", String.format("%016x", s.address()));
        } else if (h instanceof Ipv4 ip) {
            k = key(seen, "IP");
            want.put(k + "version", 4);
            want.put(k + "ihl", ip.headerLength());
            want.put(k + "tos", ip.tos());
            want.put(k + "len", ip.totalLength());
            want.put(k + "id", ip.identification());
            want.put(k + "flags", (ip.reservedFlag() ? 4 : 0) | (ip.dontFragment() ? 2 : 0) | (ip.moreFragments() ? 1 : 0));
            want.put(k + "frag", ip.fragmentOffset());
            want.put(k + "ttl", ip.ttl());
            want.put(k + "proto", ip.protocol());
            want.put(k + "chksum", ip.checksum());
            want.put(k + "src", ip.sourceAddress().toString());
            want.put(k + "dst", ip.destinationAddress().toString());
        } else if (h instanceof Ipv6 ip) {
            k = key(seen, "IPv6");
            want.put(k + "tc", ip.trafficClass());
            want.put(k + "fl", ip.flowLabel());
            want.put(k + "plen", ip.payloadLength());
            want.put(k + "nh", ip.nextHeader());
            want.put(k + "hlim", ip.hopLimit());
            want.put(k + "src", ip.sourceAddress().toString());
            want.put(k + "dst", ip.destinationAddress().toString());
        } else if (h instanceof Ipv6HopByHop x) {
            k = key(seen, "IPv6ExtHdrHopByHop");
            want.put(k + "nh", x.nextHeader());
            want.put(k + "len", x.hdrExtLen());
        } else if (h instanceof Ipv6DestinationOptions x) {
            k = key(seen, "IPv6ExtHdrDestOpt");
            want.put(k + "nh", x.nextHeader());
            want.put(k + "len", x.hdrExtLen());
        } else if (h instanceof Ipv6Routing x) {
            k = key(seen, "IPv6ExtHdrRouting");
            want.put(k + "nh", x.nextHeader());
            want.put(k + "len", x.hdrExtLen());
            want.put(k + "type", x.routingType());
            want.put(k + "segleft", x.segmentsLeft());
        } else if (h instanceof Ipv6Fragment x) {
            k = key(seen, "IPv6ExtHdrFragment");
            want.put(k + "nh", x.nextHeader());
            want.put(k + "res1", x.reserved());
            want.put(k + "offset", x.fragmentOffset());
            want.put(k + "res2", x.reservedBits());
            want.put(k + "m", x.moreFragments() ? 1 : 0);
            want.put(k + "id", x.identification());
        } else if (h instanceof Ipv6Ah x) {
            k = key(seen, "AH");
            want.put(k + "nh", x.nextHeader());
            want.put(k + "payloadlen", x.payloadLength());
            want.put(k + "reserved", x.reserved());
            want.put(k + "spi", x.spi());
            want.put(k + "seq", x.sequenceNumber());
            want.put(k + "icv", x.icv().toHex());
        } else if (h instanceof Ipv6Esp x) {
            k = key(seen, "ESP");
            want.put(k + "spi", x.spi());
            want.put(k + "seq", x.sequenceNumber());
            want.put(k + "data", x.payload().toHex());
        } else if (h instanceof Tcp t) {
            k = key(seen, "TCP");
            if (!c.fields().containsKey(k + "sport")) {
                return 0; // scapy does not dissect past AH
            }
            want.put(k + "sport", t.sourcePort());
            want.put(k + "dport", t.destinationPort());
        } else if (h instanceof Udp u) {
            k = key(seen, "UDP");
            if (!c.fields().containsKey(k + "sport")) {
                return 0;
            }
            want.put(k + "sport", u.sourcePort());
            want.put(k + "dport", u.destinationPort());
            want.put(k + "len", u.length());
        } else {
            return 0; // transport layers are checked by their own tests
        }
        for (Map.Entry<String, Object> w : want.entrySet()) {
            assertEquals(c.field(w.getKey()), String.valueOf(w.getValue()), c.name() + " " + w.getKey());
        }
        return want.size();
    }

    @Test
    void paddingIsTrailerNotPayload() {
        Scapy.Case c = Scapy.find(cases, "ether_ipv4_udp_padded");
        Decoded d = Pkt.decode(DataLinkType.EN10MB, c.bytes());
        assertEquals("6162", d.payload().toHex());
        assertEquals(16, d.trailer().length());
        assertEquals(c.bytes().length - 16, d.offset() + d.payload().length());
    }

    @Test
    void laterFragmentsStopAtIp() {
        Decoded v4 = Pkt.decode(DataLinkType.EN10MB, Scapy.find(cases, "ether_ipv4_fragment_later").bytes());
        assertEquals(24, v4.payload().length());
        assertEquals(34, v4.offset());
        Decoded v6 = Pkt.decode(DataLinkType.EN10MB, Scapy.find(cases, "ipv6_fragment_later").bytes());
        assertEquals(16, v6.payload().length());
        assertEquals(100, v6.header(Ipv6Fragment.class).fragmentOffset());
    }

    @Test
    void ipv4OptionsDecodeIntoAList() {
        Ipv4 ip = Pkt.decode(DataLinkType.EN10MB, Scapy.find(cases, "ether_ipv4_options").bytes()).header(Ipv4.class);
        List<Ipv4.Option> opts = ip.optionList();
        assertEquals(Ipv4.Option.ROUTER_ALERT, opts.get(0).type());
        assertEquals("0000", opts.get(0).data().toHex());
        assertEquals(5, opts.size());
        assertEquals(Ipv4.Option.NO_OPERATION, opts.get(4).type());
    }

    // ------------------------------------------------------------------ checksums

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ipv4HeaderChecksumsMatchScapy(Scapy.Case c) {
        Decoded d = Pkt.decode(c.dlt(), c.bytes());
        Ipv4 ip = d.header(Ipv4.class);
        if (ip == null) {
            return;
        }
        int at = offsetOf(d, ip);
        assertEquals(c.num("IP#0.chksum"), Checksums.ipv4Header(c.bytes(), at));
        assertEquals(c.num("IP#0.chksum"), Checksums.ipv4Header(ip));
        assertTrue(Checksums.verifyIpv4Header(c.bytes(), at));
        byte[] bad = c.bytes().clone();
        bad[at + 8] ^= 0x01; // the TTL
        assertFalse(Checksums.verifyIpv4Header(bad, at));
    }

    /** Transport checksums under the pseudo-header, where scapy computed them. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void transportChecksumsMatchScapy(Scapy.Case c) {
        Decoded d = Pkt.decode(c.dlt(), c.bytes());
        Header last = d.last();
        Header ip = null;
        for (Header h : d.headers()) {
            if (h instanceof Ipv4 || h instanceof Ipv6) {
                ip = h;
            }
        }
        if (ip == null || d.header(Ipv6Ah.class) != null || d.header(Ipv6Routing.class) != null) {
            return; // scapy leaves the sum 0 behind AH; a routing header changes the pseudo-header
        }
        int at = offsetOf(d, last);
        int len = d.offset() + d.payload().length() - at;
        int protocol;
        String scapyKey;
        if (last instanceof Tcp) {
            protocol = IpProtocol.TCP;
            scapyKey = "TCP#0.chksum";
        } else if (last instanceof Udp) {
            protocol = IpProtocol.UDP;
            scapyKey = "UDP#0.chksum";
        } else if (last instanceof Icmp6) {
            protocol = IpProtocol.ICMPV6;
            scapyKey = c.fields().containsKey("ICMPv6EchoRequest#0.cksum") ? "ICMPv6EchoRequest#0.cksum" : null;
        } else if (last instanceof Sctp) {
            assertEquals(c.num("SCTP#0.chksum"), Checksums.sctp(c.bytes(), at, len) & 0xffff_ffffL);
            assertTrue(Checksums.verifySctp(c.bytes(), at, len));
            byte[] bad = c.bytes().clone();
            bad[bad.length - 1] ^= 0x40;
            assertFalse(Checksums.verifySctp(bad, at, len));
            return;
        } else if (last instanceof Icmp) {
            assertEquals(c.num("ICMP#0.chksum"), Checksums.internet(zeroed(c.bytes(), at + 2), at, len));
            return;
        } else {
            return;
        }
        byte[] zero = zeroed(c.bytes(), at + (protocol == IpProtocol.TCP ? 16 : protocol == IpProtocol.UDP ? 6 : 2));
        if (scapyKey != null) {
            assertEquals(c.num(scapyKey), Checksums.transport(ip, protocol, zero, at, len), c.name());
        }
        assertTrue(Checksums.verifyTransport(ip, protocol, c.bytes(), at, len), c.name());
        byte[] bad = c.bytes().clone();
        bad[at + len - 1] ^= 0x10;
        assertFalse(Checksums.verifyTransport(ip, protocol, bad, at, len), c.name());
    }

    /**
     * Zero every length and checksum the encoder fills, then encode with filling: the bytes scapy
     * built come back.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void encodeFillsLengthsAndChecksumsAsScapyDoes(Scapy.Case c) {
        Decoded d = Pkt.decode(c.dlt(), c.bytes());
        if (d.header(Ipv6Ah.class) != null || d.header(Ipv6Routing.class) != null || !d.trailer().isEmpty()) {
            return; // see transportChecksumsMatchScapy; padding is no part of the lengths
        }
        List<Header> zeroed = new ArrayList<>();
        for (Header h : d.headers()) {
            if (h instanceof Ipv4 ip) {
                h = ip.withTotalLength(0).withChecksum(0);
            } else if (h instanceof Ipv6 ip) {
                h = ip.withPayloadLength(0);
            } else if (h instanceof Udp u) {
                h = u.withLength(0).withChecksum(0);
            } else if (h instanceof Tcp t) {
                h = t.withChecksum(0);
            } else if (h instanceof Icmp t) {
                h = t.withChecksum(0);
            } else if (h instanceof Icmp6 t) {
                h = t.withChecksum(0);
            } else if (h instanceof Sctp t) {
                h = t.withChecksum(0);
            }
            zeroed.add(h);
        }
        assertArrayEquals(c.bytes(), Pkt.encode(zeroed, d.payload(), true), c.name());
    }

    private static byte[] zeroed(byte[] b, int at) {
        byte[] z = b.clone();
        z[at] = 0;
        z[at + 1] = 0;
        return z;
    }

    private static int offsetOf(Decoded d, Header target) {
        int at = d.offset();
        List<Header> hs = d.headers();
        for (int i = hs.size() - 1; i >= 0; i--) {
            at -= hs.get(i).encodedLength();
            if (hs.get(i) == target) {
                return at;
            }
        }
        throw new AssertionError("not in the headers: " + target);
    }
}
