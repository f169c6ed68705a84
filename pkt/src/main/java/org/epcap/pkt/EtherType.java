package org.epcap.pkt;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Ether types and their names, lower case as tcpdump and Wireshark print them ({@code ipv4},
 * {@code arp}, {@code ipv6}, {@code 802.1q}); a number without a name renders as hex
 * ({@code 0x88b5}).
 *
 * <pre>{@code
 * EtherType.name(0x0800);        // "ipv4"
 * EtherType.valueOf("802.1q");   // OptionalInt[33024]
 * }</pre>
 */
public final class EtherType {
    private EtherType() {
    }

    public static final int IPV4 = 0x0800;
    public static final int ARP = 0x0806;
    public static final int WAKE_ON_LAN = 0x0842;
    public static final int TRANSPARENT_ETHERNET_BRIDGING = 0x6558;
    public static final int RARP = 0x8035;
    public static final int APPLETALK = 0x809b;
    public static final int AARP = 0x80f3;
    public static final int VLAN = 0x8100;
    public static final int IPX = 0x8137;
    public static final int IPV6 = 0x86dd;
    public static final int ETHERNET_FLOW_CONTROL = 0x8808;
    public static final int SLOW_PROTOCOLS = 0x8809;
    public static final int PPP = 0x880b;
    public static final int MPLS = 0x8847;
    public static final int MPLS_MULTICAST = 0x8848;
    public static final int PPPOE_DISCOVERY = 0x8863;
    /** 802.2 LLC in a jumbo frame, too long for an 802.3 length (draft-ietf-isis-ext-eth). */
    public static final int JUMBO_LLC = 0x8870;
    public static final int PPPOE_SESSION = 0x8864;
    public static final int EAPOL = 0x888e;
    public static final int QINQ = 0x88a8;
    public static final int LLDP = 0x88cc;
    public static final int MACSEC = 0x88e5;
    public static final int PBB = 0x88e7;
    public static final int CFM = 0x8902;
    public static final int PTP = 0x88f7;
    public static final int FCOE = 0x8906;
    public static final int LOOPBACK = 0x9000;
    public static final int QINQ_OLD = 0x9100;

    private static final Map<Integer, String> NAMES = new HashMap<>();
    private static final Map<String, Integer> VALUES = new HashMap<>();

    private static void name(int value, String name) {
        NAMES.put(value, name);
        VALUES.put(name, value);
    }

    static {
        name(IPV4, "ipv4");
        name(ARP, "arp");
        name(WAKE_ON_LAN, "wol");
        name(TRANSPARENT_ETHERNET_BRIDGING, "teb");
        name(RARP, "rarp");
        name(APPLETALK, "atalk");
        name(AARP, "aarp");
        name(VLAN, "802.1q");
        name(IPX, "ipx");
        name(IPV6, "ipv6");
        name(ETHERNET_FLOW_CONTROL, "flow_control");
        name(SLOW_PROTOCOLS, "slow");
        name(PPP, "ppp");
        name(MPLS, "mpls");
        name(MPLS_MULTICAST, "mpls_multicast");
        name(PPPOE_DISCOVERY, "pppoe_discovery");
        name(JUMBO_LLC, "jumbo_llc");
        name(PPPOE_SESSION, "pppoe_session");
        name(EAPOL, "802.1x");
        name(QINQ, "802.1ad");
        name(LLDP, "lldp");
        name(MACSEC, "macsec");
        name(PBB, "802.1ah");
        name(CFM, "cfm");
        name(PTP, "ptp");
        name(FCOE, "fcoe");
        name(LOOPBACK, "loopback");
        name(QINQ_OLD, "qinq");
    }

    /** The name, or {@code 0x} and four hex digits. */
    public static String name(int etherType) {
        String n = NAMES.get(etherType);
        return n != null ? n : Wire.hex(etherType, 4);
    }

    /** The number for a name (as {@link #name} gives it, or {@code 0x…} hex). */
    public static OptionalInt valueOf(String name) {
        Integer v = VALUES.get(name);
        if (v != null) {
            return OptionalInt.of(v);
        }
        if (name.startsWith("0x")) {
            try {
                return OptionalInt.of(Integer.parseInt(name.substring(2), 16));
            } catch (NumberFormatException e) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }

    /** True for the tag protocol identifiers that start a VLAN tag (802.1Q and both QinQ values). */
    public static boolean isVlan(int etherType) {
        return etherType == VLAN || etherType == QINQ || etherType == QINQ_OLD;
    }
}
