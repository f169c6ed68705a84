package org.epcap.pkt.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.epcap.pkt.Arp;
import org.epcap.pkt.Bytes;
import org.epcap.pkt.Checksums;
import org.epcap.pkt.Decoded;
import org.epcap.pkt.Dhcp;
import org.epcap.pkt.DhcpOption;
import org.epcap.pkt.Dns;
import org.epcap.pkt.DnsData;
import org.epcap.pkt.DnsQuestion;
import org.epcap.pkt.DnsRecord;
import org.epcap.pkt.DnsType;
import org.epcap.pkt.Eapol;
import org.epcap.pkt.Ether;
import org.epcap.pkt.Geneve;
import org.epcap.pkt.Gre;
import org.epcap.pkt.GtpU;
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
import org.epcap.pkt.Ntp;
import org.epcap.pkt.Null;
import org.epcap.pkt.Pkt;
import org.epcap.pkt.Dtls;
import org.epcap.pkt.DtlsHandshake;
import org.epcap.pkt.DtlsRecord;
import org.epcap.pkt.Quic;
import org.epcap.pkt.Sctp;
import org.epcap.pkt.SctpChunk;
import org.epcap.pkt.Tcp;
import org.epcap.pkt.Tls;
import org.epcap.pkt.TlsExtension;
import org.epcap.pkt.TlsHandshake;
import org.epcap.pkt.TlsHello;
import org.epcap.pkt.TlsRecord;
import org.epcap.pkt.Udp;
import org.epcap.pkt.Vlan;
import org.epcap.pkt.Vrrp;
import org.epcap.pkt.Vxlan;

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
        Udp udp = null;
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
                udp = u;
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
            } else if (h instanceof Dns dns) {
                dns(out, dns, udp != null && (udp.sourcePort() == 5353 || udp.destinationPort() == 5353));
            } else if (h instanceof Vxlan v) {
                put(out, "vxlan.flags", v.flags() << 8 | v.reserved1() >>> 16);
                put(out, "vxlan.vni", v.vni());
            } else if (h instanceof Geneve g) {
                put(out, "geneve.version", g.version());
                put(out, "geneve.proto_type", g.protocolType());
                put(out, "geneve.vni", g.vni());
                put(out, "geneve.option.length", g.options().length()); // tshark names the header's total so too
                for (Geneve.Option o : g.decodedOptions()) {
                    put(out, "geneve.option.class", o.optionClass());
                    put(out, "geneve.option.type", o.type());
                    put(out, "geneve.option.length", 4 + o.data().length());
                }
            } else if (h instanceof Dhcp x) {
                dhcp(out, x);
            } else if (h instanceof Ntp n) {
                put(out, "ntp.flags", n.leapIndicator() << 6 | n.version() << 3 | n.mode());
                if (n.hasTimeHeader()) {
                    put(out, "ntp.stratum", n.stratum());
                    put(out, "ntp.ppoll", n.poll() & 0xff);
                    put(out, "ntp.precision", n.precision() & 0xff);
                    put(out, "ntp.refid", String.format("%08x", n.referenceId()));
                } else if (n.mode() == Ntp.CONTROL) {
                    put(out, "ntp.ctrl.flags2", n.controlOpcode());
                    put(out, "ntp.ctrl.sequence", n.controlSequence());
                }
            } else if (h instanceof Tls t) {
                tls(out, t);
            } else if (h instanceof Quic q) {
                quic(out, q);
            } else if (h instanceof Dtls t) {
                dtls(out, t);
            } else if (h instanceof GtpU g) {
                put(out, "gtp.flags", g.flags());
                put(out, "gtp.message", g.messageType());
                put(out, "gtp.length", g.length());
                put(out, "gtp.teid", g.teid());
            }
            off += h.encodedLength();
        }
        return out;
    }

    /** tshark's dns.* fields: names as it shows them ({@code <Root>}), every record's in order. */
    private static void dns(Map<String, List<String>> out, Dns dns, boolean mdns) {
        // mDNS's top class bit asks for a unicast answer or flushes a cache: tshark shows it apart
        int classMask = mdns ? 0x7fff : 0xffff;
        put(out, "dns.id", dns.id());
        put(out, "dns.flags", dns.flags());
        put(out, "dns.count.queries", dns.questions().size());
        put(out, "dns.count.answers", dns.answers().size());
        put(out, "dns.count.auth_rr", dns.authorities().size());
        put(out, "dns.count.add_rr", dns.additionals().size());
        for (DnsQuestion q : dns.questions()) {
            put(out, "dns.qry.name", dnsName(q.name()));
            put(out, "dns.qry.type", q.type());
            put(out, "dns.qry.class", q.dnsClass() & classMask);
        }
        List<DnsRecord> all = new ArrayList<>(dns.answers());
        all.addAll(dns.authorities());
        all.addAll(dns.additionals());
        for (DnsRecord rr : all) {
            if (rr.type() != DnsType.SRV) { // tshark splits an SRV owner into dns.srv.service, proto and name
                put(out, "dns.resp.name", dnsName(rr.name()));
            }
            put(out, "dns.resp.type", rr.type());
            put(out, "dns.resp.len", rr.rdata().length());
            if (rr.type() == DnsType.OPT) {
                put(out, "dns.rr.udp_payload_size", rr.udpPayloadSize());
            } else {
                put(out, "dns.resp.class", rr.dnsClass() & classMask);
                put(out, "dns.resp.ttl", rr.ttl());
            }
            DnsData d = rr.data();
            if (d instanceof DnsData.A a) {
                put(out, "dns.a", a.address());
            } else if (d instanceof DnsData.Aaaa a) {
                put(out, "dns.aaaa", a.address());
            } else if (d instanceof DnsData.Name n) {
                String field = switch (rr.type()) {
                    case DnsType.NS -> "dns.ns";
                    case DnsType.CNAME -> "dns.cname";
                    case DnsType.PTR -> "dns.ptr.domain_name";
                    default -> "dns.dname";
                };
                put(out, field, dnsName(n.name()));
            } else if (d instanceof DnsData.Mx mx) {
                put(out, "dns.mx.preference", mx.preference());
                put(out, "dns.mx.mail_exchange", dnsName(mx.exchange()));
            } else if (d instanceof DnsData.Txt t) {
                for (String s : t.strings()) {
                    put(out, "dns.txt", s);
                }
            } else if (d instanceof DnsData.Soa soa) {
                put(out, "dns.soa.mname", dnsName(soa.mname()));
                put(out, "dns.soa.rname", dnsName(soa.rname()));
                put(out, "dns.soa.serial_number", soa.serial());
                put(out, "dns.soa.minimum_ttl", soa.minimum());
            } else if (d instanceof DnsData.Srv srv) {
                put(out, "dns.srv.priority", srv.priority());
                put(out, "dns.srv.weight", srv.weight());
                put(out, "dns.srv.port", srv.port());
                put(out, "dns.srv.target", dnsName(srv.target()));
            } else if (d instanceof DnsData.Opt opt) {
                for (DnsData.Option o : opt.options()) {
                    put(out, "dns.opt.code", o.code());
                }
            } else if (d instanceof DnsData.Svcb svcb) {
                put(out, "dns.svcb.svcpriority", svcb.priority());
                put(out, "dns.svcb.targetname", dnsName(svcb.target()));
                for (DnsData.Option p : svcb.parameters()) {
                    put(out, "dns.svcb.svcparam.key", p.code());
                }
            }
        }
    }

    private static void dhcp(Map<String, List<String>> out, Dhcp x) {
        put(out, "dhcp.type", x.op());
        put(out, "dhcp.hw.type", x.hardwareType());
        put(out, "dhcp.hops", x.hops());
        put(out, "dhcp.id", x.xid());
        put(out, "dhcp.secs", x.secs());
        put(out, "dhcp.flags", x.flags());
        put(out, "dhcp.ip.client", x.clientAddress());
        put(out, "dhcp.ip.your", x.yourAddress());
        put(out, "dhcp.ip.server", x.serverAddress());
        put(out, "dhcp.ip.relay", x.relayAddress());
        if (x.hardwareType() == 1 && x.hardwareLength() == 6) {
            put(out, "dhcp.hw.mac_addr", x.hardwareAddress().toHex().replaceAll("(..)(?!$)", "$1:"));
        }
        for (DhcpOption o : x.options()) {
            put(out, "dhcp.option.type", o.code());
        }
        Bytes id = x.clientId();
        if (id != null && id.length() == 7 && id.get(0) == 1) { // tshark shows an Ethernet client id's parts
            put(out, "dhcp.hw.type", 1);
            put(out, "dhcp.hw.mac_addr", id.slice(1, 6).toHex().replaceAll("(..)(?!$)", "$1:"));
        }
        if (x.ended()) {
            put(out, "dhcp.option.type", 0); // tshark lists the End option so
        }
        if (x.option(DhcpOption.MESSAGE_TYPE) != null) {
            put(out, "dhcp.option.dhcp", x.messageType());
        }
        if (x.requestedAddress() != null) {
            put(out, "dhcp.option.requested_ip_address", x.requestedAddress());
        }
        if (x.serverId() != null) {
            put(out, "dhcp.option.dhcp_server_id", x.serverId());
        }
        if (x.leaseTime() >= 0) {
            put(out, "dhcp.option.ip_address_lease_time", x.leaseTime());
        }
        if (x.hostName() != null) {
            put(out, "dhcp.option.hostname", x.hostName().toLowerCase(Locale.ROOT));
        }
        for (int code : x.parameterRequestList()) {
            put(out, "dhcp.option.request_list_item", code);
        }
    }

    /** tshark's quic.* fields, and the tls.handshake.* of a ClientHello read from an Initial. */
    private static void quic(Map<String, List<String>> out, Quic q) {
        if (q.packetType() >= 0) {
            put(out, "quic.long.packet_type", q.packetType());
        }
        put(out, "quic.version", q.version());
        if (q.destinationConnectionId().length() > 0) {
            put(out, "quic.dcid", q.destinationConnectionId().toHex());
        }
        if (q.sourceConnectionId().length() > 0) {
            put(out, "quic.scid", q.sourceConnectionId().toHex());
        }
        if (q.packetType() == Quic.INITIAL) {
            put(out, "quic.token_length", q.token().length());
        }
        if (q.length() >= 0) {
            put(out, "quic.length", q.length());
        }
        if (q.decrypted()) {
            put(out, "quic.packet_number", q.packetNumber());
            for (int f : q.frameTypes()) {
                put(out, "quic.frame_type", f);
            }
        }
        if (q.clientHello() != null) {
            put(out, "tls.handshake.type", TlsHandshake.CLIENT_HELLO);
            hello(out, q.clientHello());
        }
    }

    private static void tls(Map<String, List<String>> out, Tls t) {
        // tshark (not reassembling) does not list a record cut by the segment's end, and calls a
        // TLS 1.3 record's type its opaque_type once the ServerHello chose 1.3
        boolean tls13 = t.serverHello() != null && t.serverHello().supportedVersions().contains(0x0304);
        for (TlsRecord r : t.records()) {
            if (!r.complete()) {
                continue;
            }
            tls13 |= r.contentType() == TlsRecord.CHANGE_CIPHER_SPEC; // TLS 1.2 sends Finished as 22 after it
            if (!tls13 || r.contentType() != TlsRecord.APPLICATION_DATA) {
                put(out, "tls.record.content_type", r.contentType());
            }
            put(out, "tls.record.version", r.version());
            put(out, "tls.record.length", r.length());
        }
        for (TlsHandshake m : t.handshakes()) {
            put(out, "tls.handshake.type", m.type());
            if (m.hello() != null) {
                hello(out, m.hello());
            }
        }
    }

    /**
     * tshark's dtls.* fields: every record's header, every plaintext handshake fragment's header,
     * the cookies, and what {@link #hello} reports of a hello whole in its fragment (tshark also
     * reports a hello it put together from fragments: not compared here).
     */
    private static void dtls(Map<String, List<String>> out, Dtls d) {
        for (DtlsRecord r : d.records()) {
            if (!r.complete()) {
                continue;
            }
            put(out, "dtls.record.content_type", r.contentType());
            put(out, "dtls.record.version", r.version());
            put(out, "dtls.record.epoch", r.epoch());
            put(out, "dtls.record.sequence_number", r.sequenceNumber());
            put(out, "dtls.record.length", r.length());
        }
        for (DtlsHandshake m : d.handshakes()) {
            put(out, "dtls.handshake.type", m.type());
            put(out, "dtls.handshake.length", m.length());
            put(out, "dtls.handshake.message_seq", m.messageSeq());
            put(out, "dtls.handshake.fragment_offset", m.fragmentOffset());
            put(out, "dtls.handshake.fragment_length", m.fragmentLength());
            if (m.whole() && m.type() == DtlsHandshake.HELLO_VERIFY_REQUEST) {
                put(out, "dtls.handshake.version", m.fragment().get(0) << 8 | m.fragment().get(1));
            }
            if (m.whole() && (m.type() == DtlsHandshake.CLIENT_HELLO || m.type() == DtlsHandshake.HELLO_VERIFY_REQUEST)) {
                put(out, "dtls.handshake.cookie_length", m.cookie().length());
            }
            if (m.hello() != null) {
                hello(out, "dtls.", m.hello());
            }
        }
    }

    private static void hello(Map<String, List<String>> out, TlsHello h) {
        hello(out, "tls.", h);
    }

    /** The hello's fields, named {@code prefix + "handshake..."}: "tls." or "dtls.". */
    private static void hello(Map<String, List<String>> out, String prefix, TlsHello h) {
        put(out, prefix + "handshake.version", h.legacyVersion());
        for (int c : h.cipherSuites()) {
            put(out, prefix + "handshake.ciphersuite", c);
        }
        for (TlsExtension e : h.extensions()) {
            put(out, prefix + "handshake.extension.type", e.type());
        }
        if (h.serverName() != null) {
            put(out, prefix + "handshake.extensions_server_name", h.serverName().toLowerCase(Locale.ROOT));
        }
        for (String a : h.alpn()) { // tshark shows a byte that is not ASCII as U+FFFD
            put(out, prefix + "handshake.extensions_alpn_str", a.replaceAll("[^\\x00-\\x7f]", "\ufffd")
                    .toLowerCase(Locale.ROOT));
        }
        for (int v : h.supportedVersions()) {
            put(out, prefix + "handshake.extensions.supported_version", v);
        }
        for (int g : h.supportedGroups()) {
            put(out, prefix + "handshake.extensions_supported_group", g);
        }
        // tshark lists delegated_credentials' (34) and signature_algorithms_cert's (50) too
        for (TlsExtension e : h.extensions()) {
            if (e.type() == TlsExtension.SIGNATURE_ALGORITHMS || e.type() == 34 || e.type() == 50) {
                for (int i = 2; i + 1 < e.data().length(); i += 2) {
                    put(out, prefix + "handshake.sig_hash_alg", e.data().get(i) << 8 | e.data().get(i + 1));
                }
            }
        }
        for (String part : h.ja3Text().split(",")) { // tshark's aggregator is a comma too
            put(out, h.client() ? prefix + "handshake.ja3_full" : prefix + "handshake.ja3s_full", part);
        }
        put(out, h.client() ? prefix + "handshake.ja3" : prefix + "handshake.ja3s", h.ja3());
    }

    private static String dnsName(String name) {
        return name.equals(".") ? "<root>" : name.toLowerCase(Locale.ROOT);
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
