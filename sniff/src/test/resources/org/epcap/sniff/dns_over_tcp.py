# Writes DNS over TCP segments on port 53 as tcpdump's one-line output sees them, for
# DnsOverTcpLinesTest: one whole length-prefixed message per segment (a query and answers of
# several types, over IPv4 and IPv6), two messages in one segment, a message split over two
# segments, a one-byte segment, a prefix shorter than the message's header, and a malformed
# message. Usage: dns_over_tcp.py OUT.pcap
import struct
import sys
from scapy.all import Ether, IP, IPv6, TCP, Raw, DNS, DNSQR, DNSRR, DNSRROPT, wrpcap

packets = []
clock = [1767225600.0]
seqs = {}


def seg(v6, fwd, payload):
    L = IPv6 if v6 else IP
    c, s = ("fd00::1", "fd00::2") if v6 else ("169.254.2.1", "169.254.2.2")
    ip = L(src=c, dst=s) if fwd else L(src=s, dst=c)
    sport, dport = (40053, 53) if fwd else (53, 40053)
    key = (v6, fwd)
    seq = seqs.get(key, 1000 if fwd else 9000)
    ack = seqs.get((v6, not fwd), 9000 if fwd else 1000)
    p = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / ip / TCP(
        sport=sport, dport=dport, flags="PA", seq=seq, ack=ack, window=512) / Raw(payload)
    seqs[key] = seq + len(payload)
    clock[0] += 0.001
    p.time = clock[0]
    packets.append(p)


def framed(msg):
    b = bytes(msg)
    return struct.pack("!H", len(b)) + b


query = DNS(id=0x1234, rd=1, qd=DNSQR(qname="www.example.org", qtype="A"), ar=DNSRROPT(rclass=1232))
answer = DNS(id=0x1234, qr=1, aa=1, rd=1, ra=1, qd=DNSQR(qname="www.example.org", qtype="A"),
             an=DNSRR(rrname="www.example.org", type="A", rdata="192.0.2.7", ttl=300)
             / DNSRR(rrname="www.example.org", type="CNAME", rdata="alias.example.org", ttl=300))
aaaa = DNS(id=7, qr=1, rcode=3, qd=DNSQR(qname="nowhere.example", qtype="AAAA"))

for v6 in (False, True):
    seg(v6, True, framed(query))
    seg(v6, False, framed(answer))
seg(False, False, framed(aaaa))
seg(False, True, framed(query) + framed(query))         # two messages in one segment
whole = framed(answer)
seg(False, False, whole[:20])                             # one message over two segments
seg(False, False, whole[20:])
seg(False, True, b"\x00")                                 # one byte
seg(False, True, struct.pack("!H", 4) + b"\x00\x01\x02\x03")   # shorter than a header
bad = bytearray(bytes(query))
bad[5] = 9                                                # 9 questions, only one there
seg(False, True, framed(bytes(bad)))

wrpcap(sys.argv[1], packets)
