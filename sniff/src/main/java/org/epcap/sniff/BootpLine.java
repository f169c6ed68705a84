package org.epcap.sniff;

import org.epcap.pkt.Bytes;
import org.epcap.pkt.Dhcp;

/**
 * tcpdump's one-line summary of a BOOTP or DHCPv4 message (no {@code -v}):
 * {@code BOOTP/DHCP, Request from 00:11:22:33:44:55, length 300}. tcpdump names the client only
 * in a request with an Ethernet address (hardware type 1, length 6); the length is the UDP
 * payload's.
 */
final class BootpLine {
    private BootpLine() {
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static void append(StringBuilder sb, Dhcp m, long length) {
        sb.append("BOOTP/DHCP, ");
        int op = m.op();
        if (op == 1) {
            sb.append("Request");
        } else if (op == 2) {
            sb.append("Reply");
        } else {
            sb.append("unknown (0x").append(HEX[op >> 4 & 0xf]).append(HEX[op & 0xf]).append(')');
        }
        if (op == 1 && m.hardwareType() == 1 && m.hardwareLength() == 6 && m.clientHardwareAddress().length() >= 6) {
            sb.append(" from ");
            Bytes a = m.clientHardwareAddress();
            for (int k = 0; k < 6; k++) {
                if (k > 0) {
                    sb.append(':');
                }
                int b = a.get(k);
                sb.append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        sb.append(", length ").append(length);
    }
}
