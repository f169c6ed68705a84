package org.epcap.sniff;

import java.util.List;
import org.epcap.pkt.Dhcp;
import org.epcap.pkt.Dns;
import org.epcap.pkt.Header;
import org.epcap.pkt.Ntp;
import org.epcap.pkt.Udp;

/**
 * What tcpdump prints after a UDP header's ports for the application protocols it names at its
 * default verbosity: DNS and mDNS ({@link DnsLine}), NTP ({@link NtpLine}), BOOTP/DHCP
 * ({@link BootpLine}). tcpdump goes by the ports; so does this, on top of what the codec
 * decoded: a message the codec could not decode gets the plain {@code UDP, length N}. LLMNR
 * (5355) is decoded by the codec but tcpdump prints it as plain UDP, and so does sniff.
 */
final class ApplicationLine {
    private ApplicationLine() {
    }

    /** Appends the summary of {@code headers[next]} after {@code udp}; false when there is none to write. */
    static boolean afterUdp(StringBuilder sb, List<Header> headers, int next, Udp udp, long length) {
        int sport = udp.sourcePort();
        int dport = udp.destinationPort();
        boolean dns = sport == 53 || dport == 53;
        boolean mdns = !dns && (sport == 5353 || dport == 5353);
        Header h = next < headers.size() ? headers.get(next) : null;
        if (h instanceof Dns m && (dns || mdns)) {
            DnsLine.append(sb, m, length, mdns);
            return true;
        }
        if (h instanceof Ntp m && (sport == 123 || dport == 123)) {
            NtpLine.append(sb, m, length);
            return true;
        }
        if (h instanceof Dhcp m && (sport == 67 || dport == 67 || sport == 68 || dport == 68)) {
            BootpLine.append(sb, m, length);
            return true;
        }
        if (h == null && (dns || mdns) && length < 12) {
            DnsLine.tooShort(sb, length);
            return true;
        }
        return false;
    }

    /**
     * True when tcpdump would name what a UDP datagram between these ports carries (these
     * protocols, or a VXLAN or Geneve tunnel, {@link TunnelLine}): the fast
     * path ({@link FastLine}) leaves such datagrams to the full one.
     */
    static boolean namesUdp(int sport, int dport) {
        return named(sport) || named(dport);
    }

    private static boolean named(int port) {
        return port == 53 || port == 5353 || port == 123 || port == 67 || port == 68 || port == 4789 || port == 6081;
    }
}
