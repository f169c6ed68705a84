package org.epcap.sniff;

import java.util.List;
import org.epcap.pkt.Arp;
import org.epcap.pkt.Decoded;
import org.epcap.pkt.Ether;
import org.epcap.pkt.Geneve;
import org.epcap.pkt.Gre;
import org.epcap.pkt.Header;
import org.epcap.pkt.Icmp;
import org.epcap.pkt.Icmp6;
import org.epcap.pkt.Icmp6Type;
import org.epcap.pkt.IcmpType;
import org.epcap.pkt.IpProtocol;
import org.epcap.pkt.Ipv4;
import org.epcap.pkt.Ipv6;
import org.epcap.pkt.Llc;
import org.epcap.pkt.Mpls;
import org.epcap.pkt.Tcp;
import org.epcap.pkt.TcpOption;
import org.epcap.pkt.Udp;
import org.epcap.pkt.Vlan;
import org.epcap.pkt.Vrrp;
import org.epcap.pkt.Vxlan;

/**
 * The protocol part of the one-line output, from the decoded headers after the link header:
 * {@code IP 10.0.0.1.80 > 10.0.0.2.5767: Flags [P.], seq 1:101, ack 7, win 502, length 100}.
 * Lengths are what the headers declare (as tcpdump's), not what was captured.
 */
final class ProtocolLine {
    private ProtocolLine() {
    }

    /**
     * Appends the summary of {@code headers[first..]}; {@code linkShown} (-e) drops the "IP "
     * word that the ethertype column already said; {@code sequences} makes TCP's numbers
     * relative (null: absolute, -S).
     */
    static void append(StringBuilder sb, List<Header> headers, int first, Decoded d, boolean quiet, boolean linkShown,
                       RelativeSequences sequences) {
        int i = first;
        boolean named = linkShown;
        // What the innermost IP header says follows it; shrinks by each header after it.
        long declared = -1;
        // IPv6 addresses as text; IPv4 ones as their 32 bits, written without a String each.
        String src = null;
        String dst = null;
        int v4src = 0;
        int v4dst = 0;
        boolean addressesOpen = false;
        org.epcap.pkt.Ip6Address src6 = null;
        org.epcap.pkt.Ip6Address dst6 = null;
        // The length of a tunnelled frame (VXLAN, Geneve), for -e's inner link part.
        long innerLength = 0;
        for (; i < headers.size(); i++) {
            Header h = headers.get(i);
            if (h instanceof Vlan v) {
                sb.append("vlan ").append(v.vlanId()).append(", p ").append(v.priority()).append(", ");
                named = false;
            } else if (h instanceof Ether e) {
                // only a tunnelled frame's: the outer link header is LineReporter's
                if (linkShown) {
                    LineReporter.mac(sb, e.source().value()).append(" > ");
                    LineReporter.mac(sb, e.destination().value());
                    if (e.isLength()) {
                        sb.append(", 802.3");
                    } else {
                        sb.append(", ethertype ");
                        Names.etherType(sb, e.type());
                    }
                    sb.append(", length ").append(innerLength).append(": ");
                }
            } else if (h instanceof Mpls m) {
                mpls(sb, m);
                named = false;
            } else if (h instanceof Ipv4 ip) {
                closeAddresses(sb, addressesOpen, src, dst, v4src, v4dst);
                if (!named) {
                    sb.append("IP ");
                }
                named = false;
                src = null;
                dst = null;
                v4src = ip.sourceAddress().value();
                v4dst = ip.destinationAddress().value();
                addressesOpen = true;
                declared = Math.max(0, ip.totalLength() - ip.encodedLength());
                if (ip.fragmentOffset() != 0) {
                    closeAddresses(sb, true, src, dst, v4src, v4dst);
                    addressesOpen = false;
                    sb.append(IpProtocol.name(ip.protocol())).append(" fragment, length ").append(declared);
                    return;
                }
            } else if (h instanceof Ipv6 ip) {
                closeAddresses(sb, addressesOpen, src, dst, v4src, v4dst);
                if (!named) {
                    sb.append("IP6 ");
                }
                named = false;
                src6 = ip.sourceAddress();
                dst6 = ip.destinationAddress();
                src = src6.toString();
                dst = dst6.toString();
                addressesOpen = true;
                declared = ip.payloadLength();
            } else if (h instanceof Tcp t) {
                ports(sb, addressesOpen, src, dst, v4src, v4dst, t.sourcePort(), t.destinationPort());
                addressesOpen = false;
                long len = declared < 0 ? d.payload().length() : Math.max(0, declared - t.encodedLength());
                if (quiet) {
                    sb.append("tcp ").append(len);
                } else {
                    long seq = t.sequenceNumber();
                    long ack = t.acknowledgementNumber();
                    long sackOffset = 0;
                    if (sequences != null) {
                        if (src != null) {
                            sequences.ipv6(src6.high(), src6.low(), dst6.high(), dst6.low(), t.sourcePort(),
                                    t.destinationPort(), t.flagBits(), seq, ack);
                        } else {
                            sequences.ipv4(v4src, v4dst, t.sourcePort(), t.destinationPort(), t.flagBits(), seq, ack);
                        }
                        seq = sequences.seq();
                        ack = sequences.ack();
                        sackOffset = sequences.sackOffset();
                    }
                    tcp(sb, t, seq, ack, sackOffset, len);
                    if (len > 0 && HttpLine.isHttpPort(t.sourcePort(), t.destinationPort())) {
                        byte[] data = dataAfter(headers, i + 1, d);
                        HttpLine.append(sb, data, 0, data.length, len);
                    } else if (len > 0 && isDnsOverTcp(t.sourcePort(), t.destinationPort())) {
                        byte[] data = dataAfter(headers, i + 1, d);
                        DnsLine.afterTcp(sb, data, 0, (int) Math.min(data.length, len), len);
                    }
                }
                return;
            } else if (h instanceof Udp u) {
                ports(sb, addressesOpen, src, dst, v4src, v4dst, u.sourcePort(), u.destinationPort());
                addressesOpen = false;
                long len = Math.max(0, u.length() - 8);
                Header next = i + 1 < headers.size() ? headers.get(i + 1) : null;
                if (!quiet && (next instanceof Vxlan || next instanceof Geneve)) {
                    // a tunnel: its summary, then the frame inside it, written by this walk
                    if (next instanceof Vxlan v) {
                        TunnelLine.vxlan(sb, v);
                    } else if (!TunnelLine.geneve(sb, (Geneve) next, linkShown)) {
                        return;
                    } else if (i + 2 == headers.size() && d.error() == null) {
                        TunnelLine.unknownProtocol(sb, (Geneve) next);
                        return;
                    }
                    i++;
                    innerLength = Math.max(0, len - next.encodedLength());
                    declared = -1;
                    named = linkShown; // -e: the inner frame's link part, or Geneve's proto, names it
                    continue;
                }
                if (!quiet && ApplicationLine.afterUdp(sb, headers, i + 1, u, len)) {
                    return;
                }
                sb.append("UDP, length ").append(len);
                return;
            } else if (h instanceof Icmp c) {
                closeAddresses(sb, addressesOpen, src, dst, v4src, v4dst);
                addressesOpen = false;
                sb.append("ICMP ").append(IcmpType.name(c.type()));
                if (c.type() == IcmpType.ECHO_REQUEST || c.type() == IcmpType.ECHO_REPLY) {
                    sb.append(", id ").append(c.identifier()).append(", seq ").append(c.sequenceNumber());
                }
                sb.append(", length ").append(declared < 0 ? c.encodedLength() : declared);
                return;
            } else if (h instanceof Icmp6 c) {
                closeAddresses(sb, addressesOpen, src, dst, v4src, v4dst);
                addressesOpen = false;
                sb.append("ICMP6, ").append(Icmp6Type.name(c.type()));
                sb.append(", length ").append(declared < 0 ? c.encodedLength() : declared);
                return;
            } else if (h instanceof Arp a) {
                if (!named) {
                    sb.append(a.reverse() ? "RARP, " : "ARP, ");
                }
                arp(sb, a);
                return;
            } else if (h instanceof Gre g) {
                closeAddresses(sb, addressesOpen, src, dst, v4src, v4dst);
                addressesOpen = false;
                sb.append("GREv").append(g.flagsAndVersion() & 7).append(", length ")
                        .append(declared < 0 ? 0 : declared).append(": ");
                declared = -1;
                named = false;
                continue;
            } else if (h instanceof Vrrp v) {
                closeAddresses(sb, addressesOpen, src, dst, v4src, v4dst);
                addressesOpen = false;
                sb.append("VRRPv").append(v.version()).append(", ")
                        .append(v.type() == 1 ? "Advertisement" : "type " + v.type())
                        .append(", vrid ").append(v.virtualRouterId()).append(", prio ").append(v.priority())
                        .append(", length ").append(declared < 0 ? v.encodedLength() : declared);
                return;
            } else if (h instanceof Llc l) {
                if (!named) {
                    sb.append("LLC, ");
                }
                sb.append("dsap 0x").append(hex2(l.dsap())).append(", ssap 0x").append(hex2(l.ssap()))
                        .append(", length ").append(d.payload().length() + (d.trailer() == null ? 0 : 0));
                return;
            } else {
                // Extension headers, AH: they only shrink what follows.
                if (declared >= 0 && isIpv6Extension(h)) {
                    declared = Math.max(0, declared - h.encodedLength());
                    continue;
                }
                closeAddresses(sb, addressesOpen, src, dst, v4src, v4dst);
                addressesOpen = false;
                sb.append(h.layer().toUpperCase(java.util.Locale.ROOT)).append(", length ")
                        .append(declared >= 0 ? declared : h.encodedLength() + d.payload().length());
                return;
            }
        }
        // The walk ended in a payload the codec does not decode, or at an error.
        if (addressesOpen) {
            closeAddresses(sb, true, src, dst, v4src, v4dst);
            sb.append("ip-proto-").append(lastProtocol(headers)).append(' ').append(Math.max(0, declared));
        } else if (i == first && d.error() == null) {
            sb.append("length ").append(d.payload().length());
        }
        if (d.error() != null) {
            sb.append(" [|").append(d.error().protocol()).append(']');
        }
    }

    /**
     * Port 53, unless a port that tcpdump tries first names another protocol (telnet, SMTP,
     * whois, BGP, PPTP, Redis, SSH, NetBIOS, SMB, BEEP, OpenFlow, FTP, RTSP; HTTP is before this).
     */
    static boolean isDnsOverTcp(int sport, int dport) {
        return (sport == 53 || dport == 53) && !triedBeforeDns(sport) && !triedBeforeDns(dport);
    }

    private static boolean triedBeforeDns(int port) {
        return switch (port) {
            case 23, 25, 43, 179, 1723, 6379, 22, 139, 445, 10288, 6633, 6653, 21, 80, 8080, 554, 8554 -> true;
            default -> false;
        };
    }

    /** The bytes of {@code headers[from..]} and the payload: a transport's data as captured. */
    private static byte[] dataAfter(List<Header> headers, int from, Decoded d) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int k = from; k < headers.size(); k++) {
            out.writeBytes(headers.get(k).encode());
        }
        if (d.payload() != null) {
            out.writeBytes(d.payload().toArray());
        }
        return out.toByteArray();
    }

    private static boolean isIpv6Extension(Header h) {
        String l = h.layer();
        return l.startsWith("ipv6_") && !l.equals("ipv6_esp");
    }

    private static int lastProtocol(List<Header> headers) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i) instanceof Ipv4 ip) {
                return ip.protocol();
            }
            if (headers.get(i) instanceof Ipv6 ip) {
                return ip.nextHeader();
            }
        }
        return -1;
    }

    private static void closeAddresses(StringBuilder sb, boolean open, String src, String dst, int v4src, int v4dst) {
        if (open) {
            address(sb, src, v4src).append(" > ");
            address(sb, dst, v4dst).append(": ");
        }
    }

    private static void ports(StringBuilder sb, boolean open, String src, String dst, int v4src, int v4dst,
                              int sport, int dport) {
        if (open) {
            address(sb, src, v4src).append('.').append(sport).append(" > ");
            address(sb, dst, v4dst).append('.').append(dport).append(": ");
        }
    }

    private static StringBuilder address(StringBuilder sb, String v6, int v4) {
        if (v6 != null) {
            return sb.append(v6);
        }
        return sb.append(v4 >>> 24).append('.').append(v4 >>> 16 & 0xff).append('.').append(v4 >>> 8 & 0xff)
                .append('.').append(v4 & 0xff);
    }

    // tcpdump's: flags in its order and letters, the numbers given (relative or not), and SACK
    // blocks less sackOffset, written as tcpdump does ("sack 2 {1:2}{5:9}").
    private static void tcp(StringBuilder sb, Tcp t, long seq, long ack, long sackOffset, long len) {
        tcpSummary(sb, t.flagBits(), seq, ack, t.window(), t.urgentPointer(), len);
        if (t.options().length() > 0) {
            sb.append(", options [");
            List<TcpOption> options = t.decodedOptions();
            for (int k = 0; k < options.size(); k++) {
                if (k > 0) {
                    sb.append(',');
                }
                if (options.get(k) instanceof TcpOption.Sack sack) {
                    sb.append("sack ").append(sack.blocks().size()).append(' ');
                    for (TcpOption.SackBlock b : sack.blocks()) {
                        sb.append('{').append((b.leftEdge() - sackOffset) & 0xffff_ffffL).append(':')
                                .append((b.rightEdge() - sackOffset) & 0xffff_ffffL).append('}');
                    }
                } else {
                    sb.append(options.get(k).summary());
                }
            }
            sb.append(']');
        }
        sb.append(", length ").append(len);
    }

    /** Flags, sequence and acknowledgement numbers, window, urgent pointer: up to the options. */
    static void tcpSummary(StringBuilder sb, int f, long seq, long ack, int window, int urgent, long len) {
        sb.append("Flags [");
        if ((f & 0x001) != 0) sb.append('F');
        if ((f & 0x002) != 0) sb.append('S');
        if ((f & 0x004) != 0) sb.append('R');
        if ((f & 0x008) != 0) sb.append('P');
        if ((f & 0x010) != 0) sb.append('.');
        if ((f & 0x020) != 0) sb.append('U');
        if ((f & 0x040) != 0) sb.append('E');
        if ((f & 0x080) != 0) sb.append('W');
        if ((f & 0x0ff) == 0) sb.append("none");
        sb.append(']');
        if (len > 0 || (f & 0x007) != 0) {
            sb.append(", seq ").append(seq);
            if (len > 0) {
                sb.append(':').append((seq + len) & 0xffff_ffffL);
            }
        }
        if ((f & 0x010) != 0) {
            sb.append(", ack ").append(ack);
        }
        sb.append(", win ").append(window);
        if ((f & 0x020) != 0) {
            sb.append(", urg ").append(urgent);
        }
    }

    private static void arp(StringBuilder sb, Arp a) {
        if (!a.isEthernetIpv4()) {
            sb.append("hardware type ").append(a.hardwareType()).append(", operation ").append(a.operation());
        } else if (a.operation() == Arp.REQUEST || a.operation() == Arp.REVERSE_REQUEST) {
            sb.append(a.operation() == Arp.REQUEST ? "Request who-has " : "Reverse Request who-is ");
            ip4(sb, a.operation() == Arp.REQUEST ? a.targetProtocolAddress() : a.targetHardwareAddress(),
                    a.operation() == Arp.REQUEST);
            sb.append(" tell ");
            ip4(sb, a.operation() == Arp.REQUEST ? a.senderProtocolAddress() : a.senderHardwareAddress(),
                    a.operation() == Arp.REQUEST);
        } else if (a.operation() == Arp.REPLY) {
            sb.append("Reply ");
            ip4(sb, a.senderProtocolAddress(), true);
            sb.append(" is-at ");
            ip4(sb, a.senderHardwareAddress(), false);
        } else {
            sb.append("operation ").append(a.operation());
        }
        sb.append(", length ").append(a.encodedLength());
    }

    // An IPv4 address as dotted quad, a hardware address as colon-separated hex.
    private static void ip4(StringBuilder sb, org.epcap.pkt.Bytes b, boolean ip) {
        for (int k = 0; k < b.length(); k++) {
            if (k > 0) {
                sb.append(ip ? '.' : ':');
            }
            if (ip) {
                sb.append(b.get(k));
            } else {
                sb.append(hex2(b.get(k)));
            }
        }
    }

    // tcpdump's: MPLS (label 100, tc 0, ttl 64) (label 200, tc 0, [S], ttl 64) IP ...
    private static void mpls(StringBuilder sb, Mpls m) {
        sb.append("MPLS");
        for (Mpls.Label l : m.labels()) {
            sb.append(" (label ").append(l.label()).append(", tc ").append(l.trafficClass());
            if (l.bottomOfStack()) {
                sb.append(", [S]");
            }
            sb.append(", ttl ").append(l.ttl()).append(')');
        }
        sb.append(' ');
    }

    private static String hex2(int v) {
        return String.valueOf(Character.forDigit(v >> 4 & 0xf, 16)) + Character.forDigit(v & 0xf, 16);
    }
}
