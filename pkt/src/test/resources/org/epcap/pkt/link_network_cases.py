# Packets for the link and network layer tests, built by scapy (the oracle), one line each:
#   name <TAB> dlt <TAB> hex <TAB> Layer#i.field=value <TAB> ...
# The field values come from scapy dissecting the built bytes again, so computed fields
# (lengths, checksums) are scapy's own.
import logging, struct, sys
logging.getLogger("scapy").setLevel(logging.ERROR)
from scapy.all import *
from scapy.layers.ipsec import AH, ESP
from scapy.contrib.igmp import IGMP
load_contrib("mpls")
from scapy.contrib.mpls import MPLS

M1, M2 = "02:00:00:aa:bb:01", "02:00:00:aa:bb:02"
A1, A2 = "169.254.10.1", "169.254.10.2"
S1, S2 = "fd00::1", "fd00:0:0:1::abcd"
E = lambda **kw: Ether(src=M1, dst=M2, **kw)

cases = []
bind_bottom_up(Ether, Dot1Q, type=0x9100)
bind_bottom_up(Ether, ARP, type=0x8035)

def case(name, dlt, pkt, dissect=None, raw=None, skip=0):
    """dissect: the scapy class that reads the bytes back (from byte `skip` on)."""
    b = raw if raw is not None else bytes(pkt)
    cases.append((name, dlt, b, dissect or (pkt.__class__ if pkt is not None else None), skip))

case("ether_ipv4_tcp", 1, E()/IP(src=A1, dst=A2, ttl=33, id=777, flags="DF", tos=0x10)
     /TCP(sport=40000, dport=80, seq=123456789, ack=987654321, flags="PA", window=1234)/Raw(b"hello"))
case("ether_ipv4_udp_padded", 1, None, Ether,
     raw=bytes(E()/IP(src=A1, dst=A2)/UDP(sport=40053, dport=9)/Raw(b"ab")) + b"\x00" * 16)  # not 53: DNS
case("ether_ipv4_options", 1, E()/IP(src=A1, dst=A2, options=[IPOption_Router_Alert(), IPOption_NOP(),
     IPOption_NOP(), IPOption_NOP(), IPOption_NOP()])/UDP(sport=1, dport=2))
case("ether_ipv4_fragment_later", 1, E()/IP(src=A1, dst=A2, frag=185, proto=6, flags="MF")/Raw(b"\x01" * 24))
case("ether_ipv4_icmp", 1, E()/IP(src=A1, dst=A2)/ICMP(type=8, id=7, seq=9)/Raw(b"ping"))
case("vlan", 1, E()/Dot1Q(vlan=100, prio=5, id=1)/IP(src=A1, dst=A2)/UDP(sport=10, dport=20))
case("qinq_88a8", 1, E()/Dot1AD(vlan=10, prio=3)/Dot1Q(vlan=20)/IP(src=A1, dst=A2)/ICMP())
case("qinq_9100", 1, E(type=0x9100)/Dot1Q(vlan=30)/IPv6(src=S1, dst=S2)/UDP(sport=5, dport=6))
case("mpls_ipv4", 1, E()/MPLS(label=1000, s=0, ttl=9, cos=1)/MPLS(label=2000, s=1, cos=3, ttl=8)
     /IP(src=A1, dst=A2)/UDP(sport=7, dport=8))
case("mpls_ipv6", 1, E()/MPLS(label=16, s=1, ttl=64)/IPv6(src=S1, dst=S2)/TCP(sport=9, dport=10))
case("llc_stp", 1, Dot3(src=M1, dst="01:80:c2:00:00:00")/LLC(dsap=0x42, ssap=0x42, ctrl=3)/STP())
case("llc_snap_ipv4", 1, Dot3(src=M1, dst=M2)/LLC()/SNAP(OUI=0, code=0x0800)/IP(src=A1, dst=A2)/UDP(sport=1, dport=9))
case("arp_reply", 1, E()/ARP(op=2, hwsrc=M1, psrc=A1, hwdst=M2, pdst=A2))
case("rarp_request", 1, E(type=0x8035)/ARP(op=3, hwsrc=M1, psrc="0.0.0.0", hwdst=M1, pdst="0.0.0.0"))
case("null_le_ipv4", 0, None, Loopback, raw=struct.pack("<I", 2) + bytes(IP(src=A1, dst=A2)/TCP(sport=1, dport=2)))
case("null_be_ipv6", 0, None, IPv6, skip=4, raw=struct.pack(">I", 24) + bytes(IPv6(src=S1, dst=S2)/UDP(sport=3, dport=4)))
case("loop_ipv6_darwin", 108, None, IPv6, skip=4, raw=struct.pack(">I", 30) + bytes(IPv6(src=S1, dst=S2)/ICMPv6EchoRequest(id=1, seq=2)))
case("sll_ipv4", 113, CookedLinux(pkttype=4, lladdrtype=1, lladdrlen=6, src=bytes.fromhex("0200aabb0102") + b"\0\0",
     proto=0x0800)/IP(src=A1, dst=A2)/UDP(sport=11, dport=12))
case("sll2_ipv6", 276, CookedLinuxV2(proto=0x86dd, ifindex=3, lladdrtype=1, pkttype=0, lladdrlen=6,
     src=bytes.fromhex("0200aabb0102") + b"\0\0")/IPv6(src=S1, dst=S2)/TCP(sport=13, dport=14, flags="S"))
case("raw_ipv4", 12, IP(src=A1, dst=A2, ttl=5)/UDP(sport=15, dport=16))
case("raw_ipv6_101", 101, IPv6(src=S1, dst=S2, hlim=3, fl=0x12345, tc=0x2e)/TCP(sport=17, dport=18))
case("dlt_ipv4", 228, IP(src=A1, dst=A2)/TCP(sport=19, dport=20))
case("dlt_ipv6", 229, IPv6(src=S1, dst=S2)/UDP(sport=21, dport=22))
case("ipv6_ext_chain", 1, E()/IPv6(src=S1, dst=S2)/IPv6ExtHdrHopByHop(options=[RouterAlert()])
     /IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\0\0\0\0")])/IPv6ExtHdrRouting(addresses=["fd00::9", "fd00::a"], segleft=2)
     /IPv6ExtHdrFragment(offset=0, m=1, id=0xabcdef)/UDP(sport=23, dport=24)/Raw(b"ext"))
case("ipv6_fragment_later", 1, E()/IPv6(src=S1, dst=S2)/IPv6ExtHdrFragment(offset=100, m=0, id=77, nh=6)/Raw(b"\x02" * 16))
case("ipv4_ah_tcp", 1, E()/IP(src=A1, dst=A2)/AH(nh=6, payloadlen=4, spi=0x1001, seq=5, icv=b"\x11" * 12)/TCP(sport=25, dport=26))
case("ipv6_ah_udp", 1, E()/IPv6(src=S1, dst=S2)/AH(nh=17, payloadlen=4, spi=0x2002, seq=6, icv=b"\x22" * 12)/UDP(sport=27, dport=28))
case("ipv4_esp", 1, E()/IP(src=A1, dst=A2)/ESP(spi=0x3003, seq=7, data=b"\x99" * 20))
case("ipv6_esp", 1, E()/IPv6(src=S1, dst=S2)/ESP(spi=0x4004, seq=8, data=b"\x98" * 20))
case("ipv4_sctp", 1, E()/IP(src=A1, dst=A2)/SCTP(sport=2905, dport=2905, tag=0x01020304)
     /SCTPChunkInit(init_tag=0x0a0b0c0d, a_rwnd=65535, n_out_streams=10, n_in_streams=10, init_tsn=1))
case("ipv6_icmp6_echo", 1, E()/IPv6(src=S1, dst=S2)/ICMPv6EchoRequest(id=0x1234, seq=5, data=b"abc"))
case("gre_ipv4", 1, E()/IP(src=A1, dst=A2)/GRE()/IP(src="169.254.20.1", dst="169.254.20.2")/UDP(sport=29, dport=30))
case("gre_teb", 1, E()/IP(src=A1, dst=A2)/GRE(proto=0x6558)/Ether(src=M2, dst=M1)/IP(src=A2, dst=A1)/TCP(sport=31, dport=32))
case("vrrp_v2", 1, E()/IP(src=A1, dst="224.0.0.18", ttl=255)/VRRP(vrid=5, priority=200, addrlist=[A1]))
case("igmp_v2", 1, E()/IP(src=A1, dst="224.0.0.1")/IGMP(type=0x16, gaddr="239.1.1.1"))
case("eapol_start", 1, Ether(src=M1, dst="01:80:c2:00:00:03")/EAPOL(version=2, type=1))

def val(v):
    if isinstance(v, (bytes, bytearray)):
        return v.hex()
    if isinstance(v, list):
        return ",".join(val(x) for x in v)
    try:
        return str(int(v))
    except Exception:
        return str(v)

for name, dlt, b, cls, skip in cases:
    out = [name, str(dlt), b.hex()]
    if cls is not None:
        p = cls(b[skip:])
        seen = {}
        layer = p
        while layer is not None and not isinstance(layer, NoPayload):
            n = layer.__class__.__name__
            i = seen.get(n, 0)
            seen[n] = i + 1
            for f in layer.fields_desc:
                try:
                    out.append("%s#%d.%s=%s" % (n, i, f.name, val(layer.getfieldval(f.name))))
                except Exception:
                    pass
            layer = layer.payload
    print("\t".join(out))
