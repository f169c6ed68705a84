#!/usr/bin/env python3
"""A transparent two-port Ethernet bridge that loses, duplicates and reorders frames, for the live
reassembly test on kernels without sch_netem (tc qdisc netem).

    l2-impair.py IF1 IF2 SEED LOSS DUPLICATE REORDER SECONDS

Frames received on one interface are sent out of the other. Each frame, independently with the
given probabilities (0-1, drawn from a generator seeded with SEED): is dropped (LOSS); is sent
twice (DUPLICATE); or is held back and sent after the next frame of the same direction
(REORDER). It prints "ready" once both sockets are bound, counts on exit, and exits after SECONDS.

A local TCP sender over veth leaves its checksum to the "hardware" (only the pseudo-header sum is
in the frame); forwarded as is, the receiver would drop the segment. So the bridge fills in the
TCP checksum of every IPv4 TCP frame it forwards, as the offload would have.
"""
import random
import select
import signal
import struct
import socket
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def main():
    if1, if2, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    loss, dup, reorder, seconds = float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7])
    rnd = random.Random(seed)
    socks = {}
    for name in (if1, if2):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        s.bind((name, 0))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        socks[name] = s
    peer = {socks[if1]: socks[if2], socks[if2]: socks[if1]}
    held = {socks[if1]: None, socks[if2]: None}
    counts = {"frames": 0, "lost": 0, "duplicated": 0, "reordered": 0}
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("ready", flush=True)
    try:
        forward(socks, peer, held, counts, rnd, loss, dup, reorder, time.monotonic() + seconds)
    finally:
        print(" ".join(f"{k}={v}" for k, v in counts.items()), flush=True)


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def with_tcp_checksum(frame):
    if len(frame) < 54 or frame[12:14] != b"\x08\x00" or frame[23] != 6:
        return frame
    ihl = (frame[14] & 0xF) * 4
    end = min(len(frame), 14 + int.from_bytes(frame[16:18], "big"))
    tcp = 14 + ihl
    seg = bytearray(frame[tcp:end])
    if len(seg) < 20:
        return frame
    seg[16:18] = b"\0\0"
    pseudo = frame[26:34] + bytes([0, 6]) + len(seg).to_bytes(2, "big")
    seg[16:18] = checksum(pseudo + bytes(seg)).to_bytes(2, "big")
    return frame[:tcp] + bytes(seg) + frame[end:]


def forward(socks, peer, held, counts, rnd, loss, dup, reorder, end):
    while time.monotonic() < end:
        ready, _, _ = select.select(list(peer), [], [], 0.05)
        if not ready:
            for s, frame in held.items():   # nothing comes: release what waits
                if frame is not None:
                    peer[s].send(frame)
                    held[s] = None
            continue
        for s in ready:
            frame, addr = s.recvfrom(65535)
            if addr[2] == PACKET_OUTGOING:
                continue
            counts["frames"] += 1
            frame = with_tcp_checksum(frame)
            out = peer[s]
            r = rnd.random()
            if r < loss:
                counts["lost"] += 1
                continue
            if r < loss + reorder and held[s] is None:
                counts["reordered"] += 1
                held[s] = frame
                continue
            out.send(frame)
            if r > 1 - dup:
                counts["duplicated"] += 1
                out.send(frame)
            if held[s] is not None:
                out.send(held[s])
                held[s] = None


if __name__ == "__main__":
    main()
