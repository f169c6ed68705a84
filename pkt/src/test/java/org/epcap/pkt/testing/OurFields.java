package org.epcap.pkt.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.epcap.pkt.Arp;
import org.epcap.pkt.Checksums;
import org.epcap.pkt.Decoded;
import org.epcap.pkt.Eapol;
import org.epcap.pkt.Ether;
import org.epcap.pkt.Gre;
import org.epcap.pkt.Header;
import org.epcap.pkt.Icmp;
import org.epcap.pkt.Icmp6;
import org.epcap.pkt.Igmp;
import org.epcap.pkt.IpProtocol;
import org.epcap.pkt.Ipv4;
import org.epcap.pkt.Ipv6;
import org.epcap.pkt.Ipv6Routing;
import org.epcap.pkt.LinuxCooked;
import org.epcap.pkt.Lldp;
import org.epcap.pkt.LldpTlv;
import org.epcap.pkt.Mpls;
import org.epcap.pkt.Null;
import org.epcap.pkt.Pkt;
import org.epcap.pkt.Sctp;
import org.epcap.pkt.SctpChunk;
import org.epcap.pkt.Tcp;
import org.epcap.pkt.Udp;
import org.epcap.pkt.Vlan;
import org.epcap.pkt.Vrrp;

/**
 * The codec's decoding of one packet under tshark's field names (see {@link Tshark#FIELDS}),
 * each field's values in the order the headers come, as decimal or address text. Checksum
 * statuses are tshark's: "1" good, "0" bad; none when the bytes to check are not all captured.
 */
public final class OurFields {
    private OurFields() {
    }

    public static Map<String, List<String>> of(int dataLinkType, byte[] data) {
        Decoded d = Pkt.decode(dataLinkType, data);
        Map<String, List<String>> out = new LinkedHashMap<>();
        int off = 0;
        Header ip = null;
        int ipEnd = -1;
        boolean routed = false;
        for (Header h : d.headers()) {
            if (h instanceof Ether e) {
                put(out, "eth.src", mac(e.source().toString()));
                put(out, "eth.dst", mac(e.destination().toString()));
                if (!e.isLength()) {
                    put(out, "eth.type", e.type());
                }
            } else if (h instanceof Vlan v) {
                if (v.tpid() == 0x8100 || v.tpid() == 0x9100) {
                    put(out, "vlan.id", v.vlanId()); // tshark names an 802.1ad (0x88a8) tag ieee8021ad.id
                }
            } else if (h instanceof Mpls m) {
                for (Mpls.Label l : m.labels()) {
                    put(out, "mpls.label", l.label());
                }
            } else if (h instanceof Ipv4 v4) {
                put(out, "ip.src", v4.sourceAddress().toString());
                put(out, "ip.dst", v4.destinationAddress().toString());
                put(out, "ip.proto", v4.protocol());
                put(out, "ip.ttl", v4.ttl());
                put(out, "ip.len", v4.totalLength());
                put(out, "ip.hdr_len", v4.encodedLength());
                put(out, "ip.flags.mf", v4.moreFragments() ? 1 : 0);
                put(out, "ip.frag_offset", v4.fragmentOffset());
                put(out, "ip.checksum.status", Checksums.verifyIpv4Header(data, off) ? "1" : "0");
                ip = v4;
                ipEnd = v4.totalLength() == 0 ? -1 : off + v4.totalLength();
                routed = false;
            } else if (h instanceof Ipv6 v6) {
                put(out, "ipv6.src", v6.sourceAddress().toString());
                put(out, "ipv6.dst", v6.destinationAddress().toString());
                put(out, "ipv6.nxt", v6.nextHeader());
                put(out, "ipv6.hlim", v6.hopLimit());
                put(out, "ipv6.plen", v6.payloadLength());
                ip = v6;
                ipEnd = v6.payloadLength() == 0 ? -1 : off + 40 + v6.payloadLength();
                routed = false;
            } else if (h instanceof Ipv6Routing) {
                routed = true; // the pseudo-header then takes the final destination: not checked here
            } else if (h instanceof Tcp t) {
                put(out, "tcp.srcport", t.sourcePort());
                put(out, "tcp.dstport", t.destinationPort());
                put(out, "tcp.seq_raw", t.sequenceNumber());
                put(out, "tcp.ack_raw", t.acknowledgementNumber());
                put(out, "tcp.window_size_value", t.window());
                put(out, "tcp.flags", t.flagBits());
                put(out, "tcp.hdr_len", t.encodedLength());
                transportStatus(out, "tcp.checksum.status", ip, IpProtocol.TCP, data, off, ipEnd, routed);
            } else if (h instanceof Udp u) {
                put(out, "udp.srcport", u.sourcePort());
                put(out, "udp.dstport", u.destinationPort());
                put(out, "udp.length", u.length());
                // The datagram is as long as its own length field says, when that fits in the IP payload.
                int udpEnd = u.length() >= 8 && ipEnd > off && off + u.length() <= ipEnd ? off + u.length() : ipEnd;
                transportStatus(out, "udp.checksum.status", ip, IpProtocol.UDP, data, off, udpEnd, routed);
            } else if (h instanceof Icmp c) {
                put(out, "icmp.type", c.type());
                put(out, "icmp.code", c.code());
                if (ipEnd > off && ipEnd <= data.length) {
                    put(out, "icmp.checksum.status", Checksums.internet(data, off, ipEnd - off) == 0 ? "1" : "0");
                }
            } else if (h instanceof Icmp6 c) {
                put(out, "icmpv6.type", c.type());
                put(out, "icmpv6.code", c.code());
                transportStatus(out, "icmpv6.checksum.status", ip, IpProtocol.ICMPV6, data, off, ipEnd, routed);
            } else if (h instanceof Sctp s) {
                put(out, "sctp.srcport", s.sourcePort());
                put(out, "sctp.dstport", s.destinationPort());
                for (SctpChunk c : s.chunks()) {
                    put(out, "sctp.chunk_type", c.type());
                }
                if (ipEnd > off && ipEnd <= data.length) {
                    put(out, "sctp.checksum.status", Checksums.verifySctp(data, off, ipEnd - off) ? "1" : "0");
                }
            } else if (h instanceof Arp a) {
                put(out, "arp.opcode", a.operation());
                if (a.isEthernetIpv4()) {
                    put(out, "arp.src.proto_ipv4", a.senderIp().toString());
                    put(out, "arp.dst.proto_ipv4", a.targetIp().toString());
                }
            } else if (h instanceof Igmp g) {
                put(out, "igmp.type", g.type());
                if (ipEnd > off && ipEnd <= data.length) {
                    put(out, "igmp.checksum.status", Checksums.internet(data, off, ipEnd - off) == 0 ? "1" : "0");
                }
            } else if (h instanceof Gre g) {
                put(out, "gre.proto", g.protocolType());
            } else if (h instanceof Vrrp v) {
                put(out, "vrrp.version", v.versionAndType() >>> 4);
                put(out, "vrrp.type", v.versionAndType() & 0xf);
            } else if (h instanceof LinuxCooked c) {
                put(out, "sll.pkttype", c.packetType());
                if (c.protocol() >= 0x600) {
                    put(out, "sll.etype", c.protocol());
                }
            } else if (h instanceof Eapol x) {
                put(out, "eapol.type", x.type());
            } else if (h instanceof Lldp l) {
                for (LldpTlv tlv : l.tlvs()) {
                    put(out, "lldp.tlv.type", tlv.type());
                }
            } else if (h instanceof Null n) {
                put(out, "null.family", n.family());
            }
            off += h.encodedLength();
        }
        return out;
    }

    private static void transportStatus(Map<String, List<String>> out, String field, Header ip, int protocol,
                                        byte[] data, int off, int ipEnd, boolean routed) {
        if (ip == null || routed || ipEnd <= off || ipEnd > data.length) {
            return;
        }
        put(out, field, Checksums.verifyTransport(ip, protocol, data, off, ipEnd - off) ? "1" : "0");
    }

    private static String mac(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private static void put(Map<String, List<String>> out, String field, Object value) {
        out.computeIfAbsent(field, k -> new ArrayList<>()).add(String.valueOf(value));
    }
}
