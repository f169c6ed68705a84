package org.epcap.sniff;

import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.epcap.Epcap;
import org.epcap.NetworkInterfaceInfo;
import org.epcap.pkt.Ip6Address;

/** {@code sniff -D} (and {@code --list-interfaces}): the devices libpcap can capture on, numbered as {@code tcpdump -D} does. */
final class InterfaceList {
    private InterfaceList() {
    }

    static void print(PrintStream out) {
        int n = 1;
        for (NetworkInterfaceInfo i : Epcap.interfaces()) {
            out.println(line(n++, i));
        }
        out.flush();
    }

    /** {@code 1.eth0 (description) [Up, Running] 192.0.2.1/24 fe80::1/64}, IPv6 as RFC 5952 writes it. */
    static String line(int n, NetworkInterfaceInfo i) {
        StringBuilder sb = new StringBuilder().append(n).append('.').append(i.name());
        if (i.description() != null && !i.description().isBlank()) {
            sb.append(" (").append(i.description()).append(')');
        }
        List<String> flags = new ArrayList<>();
        if (i.isUp()) flags.add("Up");
        if (i.isRunning()) flags.add("Running");
        if (i.isWireless()) flags.add("Wireless");
        if (i.isLoopback()) flags.add("Loopback");
        if (!flags.isEmpty()) {
            sb.append(" [").append(String.join(", ", flags)).append(']');
        }
        for (NetworkInterfaceInfo.Address a : i.addresses()) {
            sb.append(' ').append(address(a.address())).append('/').append(a.prefixLength());
        }
        return sb.toString();
    }

    /** IPv6 as RFC 5952 text through the codec ({@code fd00::2}, not Java's {@code fd00:0:0:0:0:0:0:2}). */
    static String address(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            String text = Ip6Address.read(v6.getAddress(), 0).toString();
            return v6.getScopeId() != 0 ? text + "%" + v6.getScopeId() : text;
        }
        return a.getHostAddress();
    }
}
