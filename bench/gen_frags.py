#!/usr/bin/env python3
"""Writes an Ethernet pcap of IPv4 UDP traffic in which half the datagrams are fragmented, the
input of flow-bench.sh's defragmentation comparison (gopacket's ip4defrag handles IPv4 only).

    bench/gen_frags.py FILE [DATAGRAMS] [--seed N]

Datagrams alternate between small (64-1400 bytes of UDP payload, sent whole) and large
(2000-9000 bytes, cut at a 1500-byte MTU into 2-7 fragments), over 256 flows; the packets of
each window of 8 datagrams are shuffled, so reassembly sees interleaved and out-of-order
fragments. Deterministic for a given seed; stdlib
only. Prints what a reassembler must hand on.
"""
import argparse
import random
import struct


def checksum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip_header(src, dst, ident, total, flags_offset):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, ident, flags_offset, 64, 17, 0, src, dst)
    return h[:10] + struct.pack("!H", checksum(h)) + h[12:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("datagrams", type=int, nargs="?", default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    eth = bytes.fromhex("020000000002020000000001") + b"\x08\x00"
    out = open(a.file, "wb")
    out.write(struct.pack("<IHHiIII", 0xA1B23C4D, 2, 4, 0, 0, 65535, 1))
    t = 1_700_000_000 * 10**9
    frames = whole = fragmented = 0
    window = []

    def flush():
        nonlocal t, frames
        rnd.shuffle(window)
        for f in window:
            t += 2000
            out.write(struct.pack("<IIII", t // 10**9, t % 10**9, len(f), len(f)) + f)
            frames += 1
        window.clear()

    pending = []
    for i in range(a.datagrams):
        flow = rnd.randrange(256)
        src = bytes([10, 1, flow, 1])
        dst = bytes([10, 2, 0, 1])
        large = i % 2 == 1
        n = rnd.randrange(2000, 9001) if large else rnd.randrange(64, 1401)
        body = struct.pack("!HHHH", 10000 + flow, 9999, 8 + n, 0) + bytes((i + k) & 255 for k in range(n))
        ident = i & 0xFFFF
        if not large:
            pending.append([eth + ip_header(src, dst, ident, 20 + len(body), 0) + body])
            whole += 1
        else:
            frags = []
            step = 1480
            for off in range(0, len(body), step):
                part = body[off:off + step]
                more = off + step < len(body)
                frags.append(eth + ip_header(src, dst, ident, 20 + len(part), (0x2000 if more else 0) | off // 8) + part)
            pending.append(frags)
            fragmented += 1
        if len(pending) == 8:
            for p in pending:
                window.extend(p)
            pending.clear()
            flush()
    for p in pending:
        window.extend(p)
    flush()
    out.close()
    print(f"frames={frames} datagrams={a.datagrams} whole={whole} fragmented={fragmented}"
          f" handed_on={a.datagrams}")


if __name__ == "__main__":
    main()
