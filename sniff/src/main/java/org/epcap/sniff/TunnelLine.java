package org.epcap.sniff;

import org.epcap.pkt.Geneve;
import org.epcap.pkt.Vxlan;

/**
 * tcpdump's summary of a VXLAN or Geneve header (no {@code -v}), before the line of the frame
 * inside it. VXLAN ends its summary with a line end, Geneve with {@code ": "}:
 *
 * <pre>
 * IP 192.168.203.1.45149 &gt; 192.168.202.1.4789: VXLAN, flags [I] (0x08), vni 100
 * IP 192.168.203.3 &gt; 192.168.203.5: ICMP echo request, id 1292, seq 1, length 64
 * IP 20.0.0.1.12618 &gt; 20.0.0.2.6081: Geneve, Flags [C], vni 0xa, options [8 bytes]: IP 30.0.0.1 &gt; ...
 * </pre>
 */
final class TunnelLine {
    private TunnelLine() {
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** Transparent Ethernet bridging: Geneve's protocol type for an Ethernet frame. */
    static final int TEB = 0x6558;

    static void vxlan(StringBuilder sb, Vxlan v) {
        int f = v.flags();
        sb.append("VXLAN, flags [").append((f & Vxlan.VNI_VALID) != 0 ? "I" : "invalid").append("] (0x")
                .append(HEX[f >> 4 & 0xf]).append(HEX[f & 0xf]).append("), vni ").append(v.vni()).append('\n');
    }

    /** False when tcpdump stops at the header (a version it does not know). */
    static boolean geneve(StringBuilder sb, Geneve g, boolean linkShown) {
        if (g.version() != 0) {
            sb.append("Geneve ERROR: unknown-version ").append(g.version());
            return false;
        }
        sb.append("Geneve, Flags [");
        int flags = (g.control() ? 0x80 : 0) | (g.critical() ? 0x40 : 0) | g.reserved1();
        if (flags == 0) {
            sb.append("none");
        }
        if (g.control()) {
            sb.append('O');
        }
        if (g.critical()) {
            sb.append('C');
        }
        for (int bit = 5; bit >= 0; bit--) { // the reserved bits, R1 the highest
            if ((g.reserved1() >> bit & 1) != 0) {
                sb.append('R').append(6 - bit);
            }
        }
        sb.append("], vni 0x").append(Integer.toHexString(g.vni()));
        if (g.reserved2() != 0) {
            sb.append(", rsvd 0x").append(Integer.toHexString(g.reserved2()));
        }
        if (linkShown) {
            // tcpdump's names here are shorter than its link column's, and lower case when unknown
            int type = g.protocolType();
            String name = type == TEB ? "TEB" : Names.etherTypeName(type);
            sb.append(", proto ").append(name.equals("Unknown") ? "unknown" : name).append(" (0x")
                    .append(HEX[type >> 12 & 0xf]).append(HEX[type >> 8 & 0xf]).append(HEX[type >> 4 & 0xf])
                    .append(HEX[type & 0xf]).append(')');
        }
        if (g.options().length() > 0) {
            sb.append(", options [").append(g.options().length()).append(" bytes]");
        }
        sb.append(": ");
        return true;
    }

    /** What tcpdump writes for a Geneve payload of a protocol it has no printer for. */
    static void unknownProtocol(StringBuilder sb, Geneve g) {
        sb.append("geneve-proto-0x").append(Integer.toHexString(g.protocolType()));
    }
}
