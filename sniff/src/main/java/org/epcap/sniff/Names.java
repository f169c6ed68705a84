package org.epcap.sniff;

import org.epcap.pkt.EtherType;
import org.epcap.pkt.Null;

/** The names tcpdump prints for numbers on its one-line output. */
final class Names {
    private Names() {
    }

    /** {@code IPv4 (0x0800)}, {@code Unknown (0x1234)}: tcpdump's ethertype column. */
    static StringBuilder etherType(StringBuilder sb, int type) {
        sb.append(etherTypeName(type)).append(" (0x");
        for (int shift = 12; shift >= 0; shift -= 4) {
            sb.append(Character.forDigit(type >> shift & 0xf, 16));
        }
        return sb.append(')');
    }

    static String etherTypeName(int type) {
        return switch (type) {
            case EtherType.IPV4 -> "IPv4";
            case EtherType.IPV6 -> "IPv6";
            case EtherType.ARP -> "ARP";
            case EtherType.RARP -> "Reverse ARP";
            case EtherType.VLAN -> "802.1Q";
            case EtherType.QINQ -> "802.1Q-QinQ";
            case EtherType.QINQ_OLD -> "802.1Q-9100";
            case EtherType.MPLS -> "MPLS unicast";
            case EtherType.MPLS_MULTICAST -> "MPLS multicast";
            case EtherType.LLDP -> "LLDP";
            case EtherType.EAPOL -> "EAPOL";
            case EtherType.PPPOE_DISCOVERY -> "PPPoE D";
            case EtherType.PPPOE_SESSION -> "PPPoE S";
            case EtherType.SLOW_PROTOCOLS -> "Slow Protocols";
            case EtherType.LOOPBACK -> "Loopback";
            case EtherType.IPX -> "IPX";
            case EtherType.PTP -> "PTP";
            case EtherType.CFM -> "CFM";
            case EtherType.MACSEC -> "MACsec";
            case EtherType.APPLETALK -> "Appletalk";
            case EtherType.AARP -> "Appletalk ARP";
            case EtherType.TRANSPARENT_ETHERNET_BRIDGING -> "Transparent Ethernet Bridging";
            case 0x8870 -> "Jumbo";
            default -> "Unknown";
        };
    }

    /** Linux cooked capture's packet type, as tcpdump's {@code -e} shows it. */
    static String sllPacketType(int type) {
        return switch (type) {
            case 0 -> "In";
            case 1 -> "B";
            case 2 -> "M";
            case 3 -> "P";
            case 4 -> "Out";
            default -> "?";
        };
    }

    static String addressFamily(int family) {
        return switch (family) {
            case Null.AF_INET -> "IPv4";
            case Null.AF_INET6_LINUX, Null.AF_INET6_BSD, Null.AF_INET6_FREEBSD, Null.AF_INET6_DARWIN -> "IPv6";
            case 7 -> "OSI";
            case 23 -> "IPX";
            case 16 -> "Appletalk";
            default -> "Unknown";
        };
    }
}
