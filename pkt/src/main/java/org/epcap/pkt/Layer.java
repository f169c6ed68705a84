package org.epcap.pkt;

/**
 * What comes next in a packet: the decoder {@link Pkt#decode} runs at the current position, or
 * one of the two ends of the walk ({@link #PAYLOAD}, {@link #NONE}). Every header says which
 * through {@link Header#next()}, from its own fields (an Ethernet header from its type, IPv4 from
 * its protocol), the way gopacket's {@code NextLayerType} and Erlang pkt's {@code next/1} do; the
 * datalink type names the first ({@link #ofDataLinkType}).
 *
 * <pre>{@code
 * Ether e = Ether.decode(frame, 0, frame.length);
 * e.next();                              // Layer.IPV4 when e.type() is 0x0800
 * Layer.ofIpProtocol(IpProtocol.TCP);    // Layer.TCP
 * Layer.TCP.recordName();                // "tcp", what Tcp.layer() returns
 * }</pre>
 *
 * <p>The three 802.1Q constants differ only in the tag protocol identifier the tag was announced
 * with, which {@link Vlan#tpid} keeps. {@link #HOPOPTS} is decoded only inside IPv6: where the
 * nearest IP header before it is IPv4 (an AH announcing protocol 0) the walk ends there, as if it
 * had been {@link #PAYLOAD}.
 */
public enum Layer {
    ETHER(Ether.LAYER),
    /** A BSD loopback header in host byte order (DLT_NULL). */
    NULL(Null.LAYER),
    /** A BSD loopback header in network byte order (DLT_LOOP). */
    LOOP(Null.LAYER),
    LINUX_COOKED(LinuxCooked.LAYER),
    LINUX_COOKED_V2(LinuxCooked2.LAYER),
    /** An 802.1Q tag announced by 0x8100. */
    VLAN(Vlan.LAYER),
    /** An 802.1ad (QinQ) tag announced by 0x88a8. */
    QINQ(Vlan.LAYER),
    /** A QinQ tag announced by the pre-standard 0x9100. */
    QINQ_OLD(Vlan.LAYER),
    MPLS(Mpls.LAYER),
    LLC(Llc.LAYER),
    ARP("arp"),
    RARP("rarp"),
    LLDP(Lldp.LAYER),
    EAPOL(Eapol.LAYER),
    /** IPv4 or IPv6 as the first nibble says (a raw IP link, the end of an MPLS stack); else {@link #PAYLOAD}. */
    IP_BY_VERSION(null),
    IPV4(Ipv4.LAYER),
    IPV6(Ipv6.LAYER),
    HOPOPTS(Ipv6HopByHop.LAYER),
    ROUTING(Ipv6Routing.LAYER),
    FRAGMENT(Ipv6Fragment.LAYER),
    DSTOPTS(Ipv6DestinationOptions.LAYER),
    AH(Ipv6Ah.LAYER),
    ESP(Ipv6Esp.LAYER),
    GRE(Gre.LAYER),
    TCP(Tcp.LAYER),
    UDP(Udp.LAYER),
    SCTP(Sctp.LAYER),
    ICMP(Icmp.LAYER),
    ICMP6(Icmp6.LAYER),
    IGMP(Igmp.LAYER),
    VRRP(Vrrp.LAYER),
    /** A DNS, mDNS or LLMNR message over UDP. */
    DNS(Dns.LAYER),
    /** VXLAN (UDP 4789): an Ethernet frame follows. */
    VXLAN(Vxlan.LAYER),
    /** Geneve (UDP 6081): what its protocol type names follows. */
    GENEVE(Geneve.LAYER),
    /** GTP-U (UDP 2152): a G-PDU carries an IP packet. */
    GTPU(GtpU.LAYER),
    /** BOOTP/DHCPv4 (UDP 67, 68). */
    DHCP(Dhcp.LAYER),
    /** NTP (UDP 123). */
    NTP(Ntp.LAYER),
    /** TLS records over TCP, where the segment's data starts with one ({@link Tls#startsRecord}). */
    TLS(Tls.LAYER),
    /** QUIC long-header packets on UDP 443, where a long header starts the datagram. */
    QUIC(Quic.LAYER),
    /** The head of an HTTP/1.x message, where a TCP segment's data starts with a start line ({@link Http#startsMessage}). */
    HTTP(Http.LAYER),
    /**
     * DTLS records over UDP, on a port the codec does not otherwise decode, where the datagram
     * starts with one whole ({@link Dtls#startsDatagram}): no port is assigned to DTLS.
     */
    DTLS(Dtls.LAYER),
    /**
     * The walk ends: what follows is data the codec does not decode (a transport's payload, an
     * ether type or protocol it does not know, a fragment after the first, ESP's ciphertext).
     */
    PAYLOAD(null),
    /**
     * The walk ends: the header is a whole message (ARP, LLDP, 802.1X, VRRP, SCTP with its chunks,
     * IPv6's "no next header"); bytes after it are padding or a trailer.
     */
    NONE(null);

    private final String recordName;

    Layer(String recordName) {
        this.recordName = recordName;
    }

    /**
     * The {@link Header#layer()} of the header this decodes, {@code null} for {@link #IP_BY_VERSION}
     * (either IP), {@link #PAYLOAD} and {@link #NONE}.
     */
    public String recordName() {
        return recordName;
    }

    /** True for {@link #PAYLOAD} and {@link #NONE}: no header follows. */
    public boolean endsWalk() {
        return this == PAYLOAD || this == NONE;
    }

    /** What an ether type announces (in Ethernet, 802.1Q, SNAP, GRE, Linux cooked headers). */
    public static Layer ofEtherType(int etherType) {
        return switch (etherType) {
            case EtherType.IPV4 -> IPV4;
            case EtherType.IPV6 -> IPV6;
            case EtherType.ARP -> ARP;
            case EtherType.RARP -> RARP;
            case EtherType.VLAN -> VLAN;
            case EtherType.QINQ -> QINQ;
            case EtherType.QINQ_OLD -> QINQ_OLD;
            case EtherType.MPLS, EtherType.MPLS_MULTICAST -> MPLS;
            case EtherType.LLDP -> LLDP;
            case EtherType.EAPOL -> EAPOL;
            case EtherType.TRANSPARENT_ETHERNET_BRIDGING -> ETHER;
            case EtherType.JUMBO_LLC -> LLC; // as tshark: the LLC an 802.3 length cannot announce
            default -> PAYLOAD;
        };
    }

    /** What an IP protocol number (IPv4 protocol, IPv6 next header) announces. */
    public static Layer ofIpProtocol(int protocol) {
        return switch (protocol) {
            case IpProtocol.TCP -> TCP;
            case IpProtocol.UDP -> UDP;
            case IpProtocol.SCTP -> SCTP;
            case IpProtocol.ICMP -> ICMP;
            case IpProtocol.ICMPV6 -> ICMP6;
            case IpProtocol.IGMP -> IGMP;
            case IpProtocol.VRRP -> VRRP;
            case IpProtocol.GRE -> GRE;
            case IpProtocol.HOPOPTS -> HOPOPTS;
            case IpProtocol.DSTOPTS -> DSTOPTS;
            case IpProtocol.ROUTING -> ROUTING;
            case IpProtocol.FRAGMENT -> FRAGMENT;
            case IpProtocol.AH -> AH;
            case IpProtocol.ESP -> ESP;
            case IpProtocol.IPIP -> IPV4;
            case IpProtocol.IPV6 -> IPV6;
            case IpProtocol.NONE -> NONE;
            default -> PAYLOAD;
        };
    }

    /**
     * What a UDP datagram between these ports carries, by the ports IANA assigned: the lower
     * port is asked first, as tshark does, so that a client's ephemeral port does not decide.
     */
    public static Layer ofUdpPorts(int sourcePort, int destinationPort) {
        int low = Math.min(sourcePort, destinationPort);
        Layer l = ofUdpPort(low);
        return l != PAYLOAD ? l : ofUdpPort(Math.max(sourcePort, destinationPort));
    }

    /** What a TCP segment between these ports may carry: TLS on the ports of TLS services, else payload. */
    public static Layer ofTcpPorts(int sourcePort, int destinationPort) {
        return isTlsPort(Math.min(sourcePort, destinationPort)) || isTlsPort(Math.max(sourcePort, destinationPort))
                ? TLS : PAYLOAD;
    }

    /** HTTPS, SMTPS, NNTPS, LDAPS, DNS over TLS, FTPS, telnets, IMAPS, IRCS, POP3S, SIPS, 8443. */
    private static boolean isTlsPort(int port) {
        return switch (port) {
            case 443, 465, 563, 636, 853, 989, 990, 992, 993, 994, 995, 5061, 8443 -> true;
            default -> false;
        };
    }

    /** What a UDP port is assigned to, {@link #PAYLOAD} for one the codec does not decode. */
    public static Layer ofUdpPort(int port) {
        return switch (port) {
            case 53, 5353, 5355 -> DNS;
            case 4789 -> VXLAN;
            case 6081 -> GENEVE;
            case 2152 -> GTPU;
            case 67, 68 -> DHCP;
            case 123 -> NTP;
            case 443 -> QUIC;
            default -> PAYLOAD;
        };
    }

    /**
     * The first header of a packet captured on {@code dataLinkType}.
     *
     * @throws UnsupportedDataLinkException when the codec has no decoder for that link
     */
    public static Layer ofDataLinkType(int dataLinkType) {
        return switch (dataLinkType) {
            case DataLinkType.EN10MB -> ETHER;
            case DataLinkType.NULL -> NULL;
            case DataLinkType.LOOP -> LOOP;
            case DataLinkType.LINUX_SLL -> LINUX_COOKED;
            case DataLinkType.LINUX_SLL2 -> LINUX_COOKED_V2;
            case DataLinkType.RAW, DataLinkType.RAW_OPENBSD, DataLinkType.LINKTYPE_RAW -> IP_BY_VERSION;
            case DataLinkType.IPV4 -> IPV4;
            case DataLinkType.IPV6 -> IPV6;
            default -> throw new UnsupportedDataLinkException(dataLinkType);
        };
    }
}
