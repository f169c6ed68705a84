#!/usr/bin/python3
"""Fragment sets for DefragmenterScapyTest, built with scapy (an oracle nobody here wrote).

For each case NAME it writes NAME.pcap (the frames to feed, in order, 1 ms apart) and
NAME.whole.pcap (the datagrams a correct reassembly hands on, built by scapy from the original
packet, or no packet). The outcomes and counters each case must give are in the Java test.
"""
import os
import random
import sys

from scapy.all import (ICMP, IP, UDP, Ether, IPv6, IPv6ExtHdrFragment, ICMPv6EchoRequest, Raw,
                       fragment, fragment6, raw, wrpcap)

OUT = sys.argv[1]
random.seed(13)
ETH = dict(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")


def payload(n, seed):
    r = random.Random(seed)
    return bytes(r.randrange(256) for _ in range(n))


def v4(n, ident, seed, proto="udp"):
    base = Ether(**ETH) / IP(src="169.254.1.1", dst="169.254.1.2", id=ident, flags=0)
    if proto == "icmp":
        return base / ICMP(type=8, id=7, seq=1) / Raw(payload(n, seed))
    return base / UDP(sport=4000, dport=5000) / Raw(payload(n, seed))


def v6(n, ident, seed):
    """The packet with a fragment header (for fragment6) and the whole datagram without it."""
    body = ICMPv6EchoRequest(id=9, seq=2, data=payload(n, seed))
    with_fh = Ether(**ETH) / IPv6(src="fd00::1", dst="fd00::2") / IPv6ExtHdrFragment(id=ident) / body
    b = raw(with_fh)
    # Whole: the same bytes without the 8-byte fragment header, next header and length fixed.
    ip = bytearray(b[14:54])
    ip[6] = 58
    plen = len(b) - 14 - 40 - 8
    ip[4:6] = plen.to_bytes(2, "big")
    whole = b[:14] + bytes(ip) + b[62:]
    return with_fh, Ether(whole)


def frags4(pkt, size):
    return [Ether(**ETH) / f for f in fragment(pkt[IP], fragsize=size)]


def frags6(pkt, size):
    return [Ether(**ETH) / f[IPv6] for f in fragment6(pkt, size)]


def write(name, frames, whole):
    for i, f in enumerate(frames):
        f.time = 1700000000 + i / 1000.0
    wrpcap(os.path.join(OUT, name + ".pcap"), frames, linktype=1)
    for w in whole:
        w.time = 1700000000
    wrpcap(os.path.join(OUT, name + ".whole.pcap"), whole, linktype=1)


def raw_frag(src_pkt, offset_bytes, data, more):
    """An IPv4 fragment of src_pkt's datagram carrying `data` at `offset_bytes`."""
    ip = src_pkt[IP]
    f = IP(src=ip.src, dst=ip.dst, id=ip.id, proto=ip.proto, flags="MF" if more else 0,
           frag=offset_bytes // 8) / Raw(data)
    return Ether(**ETH) / f


os.makedirs(OUT, exist_ok=True)

p = v4(2992, 101, 1)  # 3000 bytes of UDP: three fragments of 1000
f = frags4(p, 1000)
write("v4_in_order", f, [p])
write("v4_reverse", list(reversed(f)), [p])
write("v4_duplicates", [f[0], f[0], f[2], f[2], f[1]], [p])

p = v4(2000, 102, 2, proto="icmp")
f = frags4(p, 512)
shuffled = f[:]
random.shuffle(shuffled)
write("v4_ping_shuffled", shuffled, [p])

# An overlap with different bytes (the classic IDS evasion), then the rest: discarded.
p = v4(1600, 103, 3)
l4 = raw(p[IP].payload)
f = [raw_frag(p, 0, l4[:800], True),
     raw_frag(p, 400, bytes(800), True),
     raw_frag(p, 800, l4[800:], False)]
write("v4_overlap_conflicting", f, [])

# An overlap whose bytes agree but whose extent differs: discarded as well (the policy is strict).
f = [raw_frag(p, 0, l4[:800], True),
     raw_frag(p, 400, l4[400:1200], True),
     raw_frag(p, 800, l4[800:], False)]
write("v4_overlap_consistent", f, [])

# Never completed: the middle fragment is missing.
p = v4(3000, 104, 4)
f = frags4(p, 1000)
write("v4_never_completed", [f[0], f[2]], [])

# Too many fragments: 100 fragments of 8 bytes (the bound in the test is 64).
p = v4(792, 105, 5)
f = frags4(p, 8)
write("v4_too_many", f, [])

# Past the largest datagram: the last fragment ends beyond 65535.
p = v4(100, 106, 6)
l4 = raw(p[IP].payload)
write("v4_too_large", [raw_frag(p, 0, l4[:96], True), raw_frag(p, 65512, bytes(100), False)], [])

# Two ends: one last fragment says the datagram ends at 1608, another (not overlapping) at 1000.
p = v4(1600, 107, 7)
l4 = raw(p[IP].payload)
write("v4_conflicting_ends", [raw_frag(p, 0, l4[:800], True), raw_frag(p, 1000, l4[1000:], False),
                              raw_frag(p, 800, l4[800:1000], False)], [])

w6, whole6 = v6(3000, 0x1234, 8)
f = frags6(w6, 1280)
write("v6_in_order", f, [whole6])
shuffled = f[:]
random.shuffle(shuffled)
write("v6_shuffled", shuffled, [whole6])

# IPv6 overlap (RFC 5722): the datagram is discarded, and a later fragment of it too.
w6b, _ = v6(1500, 0x2345, 9)
f = frags6(w6b, 1000)
first = f[0]
fh = first[IPv6ExtHdrFragment]
bad = Ether(**ETH) / IPv6(src="fd00::1", dst="fd00::2") / IPv6ExtHdrFragment(
    id=0x2345, offset=(len(raw(fh.payload)) - 16) // 8, m=1, nh=fh.nh) / Raw(bytes(64))
write("v6_overlap", [first, bad] + f[1:], [])

# An atomic fragment (RFC 6946): offset 0, M clear; it is a whole packet already.
atomic = Ether(**ETH) / IPv6(src="fd00::1", dst="fd00::2") / IPv6ExtHdrFragment(id=7, m=0, offset=0) / \
    ICMPv6EchoRequest(data=b"x" * 20)
write("v6_atomic", [atomic], [atomic])

# A v4 and a v6 datagram interleaved fragment by fragment.
p4 = v4(2500, 108, 10)
a = frags4(p4, 800)
w6c, whole6c = v6(2500, 0x3456, 11)
b = frags6(w6c, 900)
mixed = []
for i in range(max(len(a), len(b))):
    mixed += a[i:i + 1] + b[i:i + 1]
write("interleaved", mixed, [p4, whole6c])
