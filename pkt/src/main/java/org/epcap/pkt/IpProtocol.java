package org.epcap.pkt;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * IP protocol numbers (IPv4 protocol, IPv6 next header) and their short names, lower case as
 * tcpdump and Wireshark show them: {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6} (the
 * name Wireshark uses; {@code /etc/protocols} says {@code ipv6-icmp}), {@code igmp}, {@code gre},
 * {@code sctp}, {@code esp}, {@code ah}, {@code vrrp}; the IPv6 extension headers are
 * {@code hopopts}, {@code routing}, {@code fragment}, {@code dstopts}. A number without a name
 * renders as its decimal text.
 *
 * <pre>{@code
 * IpProtocol.name(6);             // "tcp"
 * IpProtocol.valueOf("icmpv6");   // OptionalInt[58]
 * }</pre>
 */
public final class IpProtocol {
    private IpProtocol() {
    }

    public static final int HOPOPTS = 0;
    public static final int ICMP = 1;
    public static final int IGMP = 2;
    public static final int IPIP = 4;
    public static final int TCP = 6;
    public static final int EGP = 8;
    public static final int IGP = 9;
    public static final int UDP = 17;
    public static final int DCCP = 33;
    public static final int IPV6 = 41;
    public static final int ROUTING = 43;
    public static final int FRAGMENT = 44;
    public static final int RSVP = 46;
    public static final int GRE = 47;
    public static final int ESP = 50;
    public static final int AH = 51;
    public static final int ICMPV6 = 58;
    public static final int NONE = 59;
    public static final int DSTOPTS = 60;
    public static final int EIGRP = 88;
    public static final int OSPF = 89;
    public static final int ETHERIP = 97;
    public static final int PIM = 103;
    public static final int VRRP = 112;
    public static final int L2TP = 115;
    public static final int SCTP = 132;
    public static final int MOBILITY = 135;
    public static final int UDPLITE = 136;
    public static final int MPLS_IN_IP = 137;

    private static final Map<Integer, String> NAMES = new HashMap<>();
    private static final Map<String, Integer> VALUES = new HashMap<>();
    private static final String[] DECIMAL = new String[256];

    private static void name(int value, String name) {
        NAMES.put(value, name);
        VALUES.put(name, value);
    }

    static {
        name(HOPOPTS, "hopopts");
        name(ICMP, "icmp");
        name(IGMP, "igmp");
        name(IPIP, "ipip");
        name(TCP, "tcp");
        name(EGP, "egp");
        name(IGP, "igp");
        name(UDP, "udp");
        name(DCCP, "dccp");
        name(IPV6, "ipv6");
        name(ROUTING, "routing");
        name(FRAGMENT, "fragment");
        name(RSVP, "rsvp");
        name(GRE, "gre");
        name(ESP, "esp");
        name(AH, "ah");
        name(ICMPV6, "icmpv6");
        name(NONE, "none");
        name(DSTOPTS, "dstopts");
        name(EIGRP, "eigrp");
        name(OSPF, "ospf");
        name(ETHERIP, "etherip");
        name(PIM, "pim");
        name(VRRP, "vrrp");
        name(L2TP, "l2tp");
        name(SCTP, "sctp");
        name(MOBILITY, "mobility");
        name(UDPLITE, "udplite");
        name(MPLS_IN_IP, "mpls-in-ip");
        for (int i = 0; i < 256; i++) {
            String n = NAMES.get(i);
            DECIMAL[i] = n != null ? n : Integer.toString(i);
        }
    }

    /** The short name, or the decimal number as text. */
    public static String name(int protocol) {
        return protocol >= 0 && protocol < 256 ? DECIMAL[protocol] : Integer.toString(protocol);
    }

    /** The number for a name as {@link #name} gives it (decimal text too). */
    public static OptionalInt valueOf(String name) {
        Integer v = VALUES.get(name);
        if (v != null) {
            return OptionalInt.of(v);
        }
        try {
            int n = Integer.parseInt(name);
            return n >= 0 && n < 256 ? OptionalInt.of(n) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** True for the IPv6 extension headers the codec walks (hop-by-hop, routing, fragment, destination options, AH). */
    public static boolean isIpv6Extension(int nextHeader) {
        return nextHeader == HOPOPTS || nextHeader == ROUTING || nextHeader == FRAGMENT
                || nextHeader == DSTOPTS || nextHeader == AH;
    }
}
