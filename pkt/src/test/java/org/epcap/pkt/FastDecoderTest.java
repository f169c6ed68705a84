package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.epcap.pkt.testing.Allocations;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fast path agrees with the record path on scapy's packets, and allocates nothing per packet. */
class FastDecoderTest {
    private static List<Scapy.Case> cases;

    @BeforeAll
    static void build() {
        cases = Scapy.run("link_network_cases.py");
    }

    static Stream<Scapy.Case> cases() {
        if (cases == null) {
            build();
        }
        return cases.stream().filter(c -> c.dlt() == DataLinkType.EN10MB || c.dlt() == DataLinkType.RAW
                || c.dlt() == DataLinkType.LINKTYPE_RAW || c.dlt() == DataLinkType.IPV4 || c.dlt() == DataLinkType.IPV6);
    }

    private static int decode(FastDecoder f, Scapy.Case c) {
        return c.dlt() == DataLinkType.EN10MB ? f.decode(c.bytes(), 0, c.bytes().length)
                : f.decodeRawIp(c.bytes(), 0, c.bytes().length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithTheRecordPath(Scapy.Case c) {
        FastDecoder f = new FastDecoder();
        int layers = decode(f, c);
        Decoded d = Pkt.decode(c.dlt(), c.bytes());
        assertFalse(f.truncated(), c.name());
        Ether e = d.header(Ether.class);
        assertEquals(e != null, (layers & FastDecoder.ETHER) != 0);
        if (e != null) {
            assertEquals(e.destination().value(), f.etherDestination());
            assertEquals(e.source().value(), f.etherSource());
        }
        List<Vlan> tags = d.headers().stream().filter(h -> h instanceof Vlan).map(h -> (Vlan) h).toList();
        assertEquals(tags.size(), f.vlanCount());
        for (int i = 0; i < tags.size(); i++) {
            assertEquals(tags.get(i).vlanId(), f.vlanId(i));
            assertEquals(tags.get(i).priority(), f.vlanPriority(i));
        }
        if (d.header(Mpls.class) != null || d.header(Llc.class) != null) {
            assertEquals(0, layers & (FastDecoder.IPV4 | FastDecoder.IPV6), "not on the fast path");
            return;
        }
        Ipv4 v4 = d.header(Ipv4.class);
        assertEquals(v4 != null, (layers & FastDecoder.IPV4) != 0, c.name());
        if (v4 != null) {
            assertEquals(v4.sourceAddress().value(), f.ipv4Source());
            assertEquals(v4.destinationAddress().value(), f.ipv4Destination());
            assertEquals(v4.ttl(), f.ttl());
            assertEquals(v4.totalLength(), f.ipLength());
            assertEquals(v4.isLaterFragment(), (layers & FastDecoder.FRAGMENT) != 0);
        }
        Ipv6 v6 = d.header(Ipv6.class);
        assertEquals(v6 != null, (layers & FastDecoder.IPV6) != 0, c.name());
        if (v6 != null) {
            assertEquals(v6.sourceAddress().high(), f.ipv6SourceHigh());
            assertEquals(v6.sourceAddress().low(), f.ipv6SourceLow());
            assertEquals(v6.destinationAddress().high(), f.ipv6DestinationHigh());
            assertEquals(v6.destinationAddress().low(), f.ipv6DestinationLow());
            assertEquals(v6.hopLimit(), f.ttl());
        }
        if (d.header(Gre.class) != null) {
            assertEquals(0, layers & (FastDecoder.TCP | FastDecoder.UDP), "the fast path stops at GRE");
            return;
        }
        Tcp t = d.header(Tcp.class);
        assertEquals(t != null, (layers & FastDecoder.TCP) != 0, c.name());
        if (t != null) {
            assertEquals(t.sourcePort(), f.sourcePort());
            assertEquals(t.destinationPort(), f.destinationPort());
            assertEquals(t.sequenceNumber(), f.sequenceNumber());
            assertEquals(t.acknowledgementNumber(), f.acknowledgementNumber());
            assertEquals(t.flagBits(), f.tcpFlags());
            assertEquals(t.window(), f.window());
        }
        Udp u = d.header(Udp.class);
        assertEquals(u != null, (layers & FastDecoder.UDP) != 0, c.name());
        if (u != null) {
            assertEquals(u.sourcePort(), f.sourcePort());
            assertEquals(u.destinationPort(), f.destinationPort());
            assertEquals(u.length(), f.udpLength());
        }
        Icmp i4 = d.header(Icmp.class);
        Icmp6 i6 = d.header(Icmp6.class);
        assertEquals(i4 != null, (layers & FastDecoder.ICMP) != 0, c.name());
        assertEquals(i6 != null, (layers & FastDecoder.ICMP6) != 0, c.name());
        if (i4 != null) {
            assertEquals(i4.type(), f.icmpType());
            assertEquals(i4.code(), f.icmpCode());
        }
        if (i6 != null) {
            assertEquals(i6.type(), f.icmpType());
            assertEquals(i6.code(), f.icmpCode());
        }
        if (t != null || u != null) {
            assertEquals(d.offset(), f.payloadOffset(), c.name());
            assertEquals(d.payload().length(), f.payloadLength(), c.name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyPrefixStopsQuietly(Scapy.Case c) {
        FastDecoder f = new FastDecoder();
        int full = decode(f, c);
        for (int n = 0; n < c.bytes().length; n++) {
            byte[] cut = Arrays.copyOf(c.bytes(), n);
            int layers = c.dlt() == DataLinkType.EN10MB ? f.decode(cut, 0, n) : f.decodeRawIp(cut, 0, n);
            assertEquals(layers, layers & full, c.name() + " cut at " + n + ": layers the full packet lacks");
            assertTrue(f.payloadOffset() + f.payloadLength() <= n);
        }
    }

    /** About 40 ns a packet on a slow machine: a second or so. */
    @Test
    void decodesWithoutAllocating() {
        byte[][] frames = {
            Scapy.find(cases, "ether_ipv4_tcp").bytes(),
            Scapy.find(cases, "vlan").bytes(),
            Scapy.find(cases, "ipv6_ext_chain").bytes(),
            Scapy.find(cases, "ether_ipv4_icmp").bytes(),
        };
        FastDecoder f = new FastDecoder();
        int packets = 1_000_000;
        long allocated = Allocations.over(300_000, packets, i -> {
            byte[] b = frames[i & 3];
            return f.decode(b, 0, b.length) + f.sourcePort();
        });
        assertTrue(allocated < packets / 100, allocated + " bytes allocated over " + packets + " packets");
    }
}
