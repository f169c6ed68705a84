# Builds packets above layer 4 with scapy and prints, per case, one line (tab-separated):
#   <name> <dlt> <hex of the Ethernet frame>
# The test writes the frames to a capture file and compares the codec with tshark field by field
# and layer by layer (frame.protocols).
import logging
logging.getLogger("scapy").setLevel(logging.ERROR)
from scapy.all import *
from scapy.layers.dns import *
from scapy.contrib.gtp import GTP_U_Header, GTPPDUSessionContainer
from scapy.contrib.geneve import GENEVE, GeneveOptions

M1, M2 = "02:00:00:00:00:01", "02:00:00:00:00:02"
A1, A2 = "169.254.0.1", "169.254.0.2"
S1, S2 = "fd00::1", "fd00::2"

def case(name, pkt):
    print("\t".join([name, "1", raw(pkt).hex()]))


def udp4(sport, dport, payload):
    return Ether(src=M1, dst=M2) / IP(src=A1, dst=A2) / UDP(sport=sport, dport=dport) / payload


def udp6(sport, dport, payload):
    return Ether(src=M1, dst=M2) / IPv6(src=S1, dst=S2) / UDP(sport=sport, dport=dport) / payload


def svcb_rdata(priority, target, params):
    out = struct.pack(">H", priority)
    for label in target.split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    out += b"\x00"
    for key, value in params:
        out += struct.pack(">HH", key, len(value)) + value
    return out


def caa_rdata(flags, tag, value):
    return bytes([flags, len(tag)]) + tag.encode() + value.encode()


# DNS: a query, and a response with every typed record the codec reads, names compressed by scapy
q = DNS(id=0x1234, rd=1, qd=DNSQR(qname="www.example.com", qtype="A"))
case("dns-query", udp4(40000, 53, q))
answer = (DNSRR(rrname="www.example.com", type="CNAME", ttl=300, rdata="web.example.com")
          / DNSRR(rrname="web.example.com", type="A", ttl=60, rdata="192.0.2.7")
          / DNSRR(rrname="web.example.com", type="AAAA", ttl=60, rdata="2001:db8::7")
          / DNSRRMX(rrname="example.com", type="MX", ttl=3600, preference=10, exchange="mail.example.com")
          / DNSRR(rrname="example.com", type="TXT", ttl=3600, rdata=["v=spf1 -all", "second string"])
          / DNSRRSRV(rrname="_sip._udp.example.com", ttl=120, priority=1, weight=5, port=5060,
                     target="sip.example.com")
          / DNSRR(rrname="7.2.0.192.in-addr.arpa", type="PTR", ttl=86400, rdata="web.example.com")
          / DNSRR(rrname="example.com", type=65, ttl=300,
                  rdata=svcb_rdata(1, ".", [(1, b"\x02h2\x02h3"), (3, b"\x01\xbb"), (4, b"\xc0\x00\x02\x07")]))
          / DNSRR(rrname="_svc.example.com", type=64, ttl=300, rdata=svcb_rdata(0, "svc.example.net", []))
          / DNSRR(rrname="example.com", type=257, ttl=300, rdata=caa_rdata(0, "issue", "letsencrypt.org")))
authority = (DNSRR(rrname="example.com", type="NS", ttl=172800, rdata="ns1.example.com")
             / DNSRRSOA(rrname="example.com", ttl=3600, mname="ns1.example.com", rname="hostmaster.example.com",
                        serial=2024010101, refresh=7200, retry=900, expire=1209600, minimum=300))
additional = (DNSRR(rrname="ns1.example.com", type="A", ttl=172800, rdata="192.0.2.53")
              / DNSRROPT(rclass=1232, z=0x8000, rdata=[EDNS0TLV(optcode=10, optdata=b"\x01\x02\x03\x04\x05\x06\x07\x08")]))
r = DNS(id=0x1234, qr=1, aa=1, rd=1, ra=1, qd=DNSQR(qname="www.example.com", qtype="A"),
        an=answer, ns=authority, ar=additional)
case("dns-response-compressed", udp4(53, 40000, r.compress()))
case("dns-response-plain", udp6(53, 40001, r))
case("dns-nxdomain", udp4(53, 40002, DNS(id=7, qr=1, rcode=3, qd=DNSQR(qname="nx.example.com", qtype="AAAA"),
                                        ns=DNSRRSOA(rrname="example.com", ttl=60, mname="ns1.example.com",
                                                    rname="h.example.com", serial=1, minimum=60))))
case("dns-root-and-escapes", udp4(53, 40003, DNS(id=8, qr=1, qd=DNSQR(qname=".", qtype="NS"),
                                               an=DNSRR(rrname=".", type="NS", ttl=5, rdata="a.root-servers.net"))))
case("mdns", udp4(5353, 5353, DNS(id=0, qr=1, aa=1,
                                 an=DNSRR(rrname="printer.local", type="A", rclass=0x8001, ttl=120, rdata="169.254.9.9")
                                 / DNSRRSRV(rrname="_ipp._tcp.local", ttl=120, port=631, target="printer.local"))))
case("llmnr", udp6(49152, 5355, DNS(id=0x55, qd=DNSQR(qname="host", qtype="AAAA"))))

# Tunnels, each continuing into the inner packet
inner = Ether(src="02:00:00:00:01:01", dst="02:00:00:00:01:02") / IP(src="169.254.1.1", dst="169.254.1.2") \
    / UDP(sport=1234, dport=53) / DNS(id=9, qd=DNSQR(qname="inner.example"))
case("vxlan", udp4(49999, 4789, VXLAN(vni=4242, flags=0x08) / inner))
case("geneve-options", udp4(50000, 6081, GENEVE(vni=0xabcdef, proto=0x6558, options=[
    GeneveOptions(classid=0x0102, type=0x80, data=b"\x11\x22\x33\x44"),
    GeneveOptions(classid=0xffff, type=0x01, data=b"\x00" * 8)]) / inner))
case("geneve-ipv4", udp6(50001, 6081, GENEVE(vni=7, proto=0x0800) / IP(src="169.254.2.1", dst="169.254.2.2")
                                       / ICMP()))
case("gtpu", udp4(2152, 2152, GTP_U_Header(teid=0x11223344, gtp_type=255) / IP(src="169.254.3.1", dst="169.254.3.2")
                            / UDP(sport=5000, dport=53) / DNS(id=10, qd=DNSQR(qname="ue.example"))))
case("gtpu-extension", udp4(2152, 2152, GTP_U_Header(teid=5, gtp_type=255, E=1, S=1, seq=77, next_ex=0x85)
                                      / GTPPDUSessionContainer(type=1, QFI=9)
                                      / IPv6(src="fd00::3:1", dst="fd00::3:2") / ICMPv6EchoRequest()))
case("gtpu-echo", udp4(2152, 2152, GTP_U_Header(teid=0, gtp_type=1, S=1, seq=3)))

# DHCPv4 and NTP
case("dhcp-discover", udp4(68, 67, BOOTP(chaddr=bytes.fromhex("020000000001") + b"\x00" * 10, xid=0xdeadbeef,
                                         flags=0x8000)
                          / DHCP(options=[("message-type", "discover"), ("client_id", b"\x01\x02\x00\x00\x00\x00\x01"),
                                          ("requested_addr", "169.254.5.5"), ("hostname", b"sensor-7"),
                                          ("param_req_list", [1, 3, 6, 15, 51, 54]), "end", "pad", "pad"])))
case("dhcp-ack", udp4(67, 68, BOOTP(op=2, chaddr=bytes.fromhex("020000000001"), xid=0xdeadbeef, yiaddr="169.254.5.5",
                                    siaddr="169.254.0.1", giaddr="169.254.0.254", hops=1)
                      / DHCP(options=[("message-type", "ack"), ("server_id", "169.254.0.1"), ("lease_time", 86400),
                                      ("subnet_mask", "255.255.0.0"), "end"])))
case("ntp-client", udp4(40123, 123, NTP(version=4, mode=3, poll=6, precision=-20, sent=None)))
case("ntp-server", udp6(123, 40123, NTP(version=4, mode=4, stratum=2, poll=6, precision=-23, id="192.0.2.123",
                                      delay=0.0123, dispersion=0.5, ref=3900000000.25, orig=3900000001.5,
                                      recv=3900000001.75, sent=3900000001.875)))

# TLS: hellos in one segment, with GREASE values that fingerprints leave out
load_layer("tls")
from scapy.layers.tls.handshake import TLSClientHello, TLSServerHello
from scapy.layers.tls.extensions import (TLS_Ext_ServerName, ServerName, TLS_Ext_ALPN, ProtocolName,
                                         TLS_Ext_SupportedGroups, TLS_Ext_SignatureAlgorithms,
                                         TLS_Ext_SupportedVersion_CH, TLS_Ext_SupportedVersion_SH,
                                         TLS_Ext_SupportedPointFormat)
from scapy.layers.tls.record import TLS, TLSChangeCipherSpec


def tcp4(sport, dport, payload, seq=1000):
    return Ether(src=M1, dst=M2) / IP(src=A1, dst=A2) / TCP(sport=sport, dport=dport, flags="PA", seq=seq) / payload


def client_hello(sni, alpn):
    ext = [TLS_Ext_ServerName(servernames=[ServerName(servername=sni)])] if sni else []
    if alpn:
        ext.append(TLS_Ext_ALPN(protocols=[ProtocolName(protocol=a) for a in alpn]))
    ext += [TLS_Ext_SupportedGroups(groups=[0x1a1a, 29, 23, 24]),
            TLS_Ext_SignatureAlgorithms(sig_algs=[0x0403, 0x0804, 0x0401]),
            TLS_Ext_SupportedVersion_CH(versions=[0x2a2a, 0x0304, 0x0303]),
            TLS_Ext_SupportedPointFormat(ecpl=[0])]
    return TLSClientHello(version=0x0303, gmt_unix_time=0x01020304, random_bytes=b"\x05" * 28,
                          sid=b"\x07" * 32, ciphers=[0x0a0a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0x002f],
                          ext=ext)


ch = client_hello(b"www.example.com", [b"h2", b"http/1.1"])
case("tls-client-hello", tcp4(40443, 443, TLS(version=0x0301, type=22, msg=[ch])))
case("tls-client-hello-no-sni", tcp4(40444, 853, TLS(version=0x0301, type=22, msg=[client_hello(None, [b"dot"])])))
case("tls-client-hello-other-port", tcp4(40445, 5228, TLS(version=0x0301, type=22,
                                                          msg=[client_hello(b"mtalk.example", None)])))
sh13 = TLSServerHello(version=0x0303, gmt_unix_time=1, random_bytes=b"\x09" * 28, sid=b"\x07" * 32, cipher=0x1301,
                      ext=[TLS_Ext_SupportedVersion_SH(version=0x0304)])
case("tls13-server-hello-ccs", tcp4(443, 40443, raw(TLS(version=0x0303, type=22, msg=[sh13]))
                                    + raw(TLS(version=0x0303, type=20, msg=[TLSChangeCipherSpec()]))
                                    + bytes.fromhex("1703030020") + b"\xaa" * 32))
sh12 = TLSServerHello(version=0x0303, gmt_unix_time=1, random_bytes=b"\x0b" * 28, sid=b"", cipher=0xc02f,
                      ext=[TLS_Ext_SupportedPointFormat(ecpl=[0])])
case("tls12-server-hello-cut", tcp4(443, 40446, raw(TLS(version=0x0303, type=22, msg=[sh12]))
                                    + bytes.fromhex("1603030800") + b"\x0b" * 100))
case("tls-second-client-hello-after-ccs", tcp4(40447, 443, raw(TLS(version=0x0303, type=20, msg=[TLSChangeCipherSpec()]))
                                               + raw(TLS(version=0x0303, type=22, msg=[ch]))))
