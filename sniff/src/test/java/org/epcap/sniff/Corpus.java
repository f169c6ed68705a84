package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The shared test captures (system property epcap.corpus) and the ones these tests use. */
final class Corpus {
    /**
     * A representative set: every datalink the codec decodes that the corpus has (Ethernet,
     * Linux cooked, BSD null, raw IP, DLT_IPV4/IPV6), pcap and pcapng, micro- and nanosecond
     * files, and 802.1Q/QinQ, ARP, LLC, LLDP, IPv4, IPv6 with hop-by-hop and routing headers,
     * GRE, TCP (every flag), UDP, SCTP, ICMP, ICMPv6, IGMP, VRRP.
     */
    static final List<String> REPRESENTATIVE = List.of(
            "tcpdump/802.1ad_QinQ.pcap",               // en10mb, 802.1ad + 802.1q, arp
            "tcpdump/ipv4_tcp_http_xml.pcap",          // en10mb, vlan, tcp with payload
            "tcpdump/tcp-handshake-nano.pcap",         // linux_sll, nanosecond pcap, tcp handshake
            "tcpdump/mptcp-aa-echo.pcap",              // linux_sll, tcp options
            "tcpdump/tcp_rst_diag_payload.pcap",       // null (BSD loopback), tcp rst
            "tcpdump/tcp_eight_lowest_weight_flags_set.pcap", // every tcp flag
            "tcpdump/dns_udp.pcap",                    // udp
            "tcpdump/dns_tcp.pcap",                    // tcp stream
            "tcpdump/icmpv6.pcap",                     // ipv6 hop-by-hop, icmp6
            "tcpdump/ipv6-routing-header.pcap",        // ipv6 routing header, udp and icmp6
            "tcpdump/icmp-rfc8335.pcap",               // icmp
            "tcpdump/IGMP_V2.pcap",                    // igmp
            "tcpdump/vrrp.pcap",                       // vrrp over ipv4 and ipv6, 165 packets
            "tcpdump/various_gre.pcap",                // llc/stp, vlan, gre with inner ip/icmp
            "tcpdump/LLDP_and_CDP.pcap",               // lldp, llc
            "tcpdump/LINKTYPE_RAW_ipv4.pcap",          // raw ip (LINKTYPE_RAW 101)
            "tcpdump/LINKTYPE_IPV4.pcap",              // DLT_IPV4
            "tcpdump/LINKTYPE_IPV6.pcap",              // DLT_IPV6
            "tcpdump/of10_7050q.pcapng",               // pcapng, tcp
            "pkt/init.pcap",                           // sctp init
            "pkt/data.pcap");                          // sctp data

    private Corpus() {
    }

    static Path file(String name) {
        Path f = org.epcap.pkt.testing.Corpus.root().resolve(name);
        assertTrue(Files.isRegularFile(f), "corpus file missing: " + f);
        return f;
    }
}
