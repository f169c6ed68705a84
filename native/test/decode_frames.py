#!/usr/bin/env python3
"""Decode epcap frames (docs/protocol.md) from a file or stdin, for manual
testing and test/smoke.sh. Standard library only.

  epcap -f x.pcap < some-open-stdin | test/decode_frames.py         one line per frame
  ... | test/decode_frames.py --summary                              counts per type, last error
"""
import os
import re
import select
import struct
import sys
import time

# The constants are defined once, in the port's wire.h (WireConstantsTest compares the Java
# copies with it): read from there, never copied here.
_WIRE_H = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "wire.h")


def _enum(prefix):
    with open(_WIRE_H) as f:
        text = f.read()
    return {m.group(1): int(m.group(2), 0)
            for m in re.finditer(r"\b%s([A-Z_]+)\s*=\s*(0x[0-9a-fA-F]+|\d+)" % prefix, text)}


FRAME = _enum("FRAME_")            # name -> type, responses and requests alike
ERROR_CODE = _enum("ERR_")         # name -> code
EXIT = _enum("EXIT_")              # name -> status
NAMES = {v: k for k, v in FRAME.items() if v < 0x80}
ERRORS = {v: k for k, v in ERROR_CODE.items()}
MAX_FRAME = int(re.search(r"#define EPCAP_MAX_SNAPLEN (\d+)",
                          open(os.path.join(os.path.dirname(_WIRE_H), "epcap.h")).read()).group(1)) + 64


class FrameStream:
    """Frames from a port's stdout as they come, each within a timeout.

    frame() returns (type, body); (None, None) at the end of the stream or on timeout;
    (-1, b"length N") when a length field is outside 1..MAX_FRAME (the stream is then broken,
    and every later call says so again)."""

    def __init__(self, stdout):
        self.stdout = stdout
        self.buf = b""
        self.raw = b""

    def frame(self, timeout=5.0):
        end = time.time() + timeout
        while True:
            if len(self.buf) >= 5:
                (n,) = struct.unpack_from(">I", self.buf)
                if n < 1 or n > MAX_FRAME:
                    return -1, b"length %d" % n
                if len(self.buf) >= 4 + n:
                    t, b = self.buf[4], self.buf[5:4 + n]
                    self.buf = self.buf[4 + n:]
                    return t, b
            left = end - time.time()
            if left <= 0 or not select.select([self.stdout], [], [], left)[0]:
                return None, None
            chunk = os.read(self.stdout.fileno(), 1 << 20)
            if not chunk:
                return None, None
            self.raw += chunk
            self.buf += chunk


def request(ftype, body=b""):
    """One request frame (docs/protocol.md)."""
    return struct.pack(">IB", len(body) + 1, ftype) + body


def str16(b, o):
    (n,) = struct.unpack_from(">H", b, o)
    return b[o + 2:o + 2 + n].decode("utf-8", "replace"), o + 2 + n


def frames(data):
    """Yields (type, body); raises ValueError on a truncated stream."""
    o = 0
    while o < len(data):
        if len(data) - o < 5:
            raise ValueError("truncated frame header at %d" % o)
        (length,) = struct.unpack_from(">I", data, o)
        if length < 1 or o + 4 + length > len(data):
            raise ValueError("bad or truncated frame of length %d at %d" % (length, o))
        yield data[o + 4], data[o + 5:o + 4 + length]
        o += 4 + length


def describe(t, b):
    name = NAMES.get(t, "0x%02x" % t)
    if t == 1:
        dlt, snap, prec, flags = struct.unpack_from(">IIBB", b)
        src, o = str16(b, 10)
        ver, o = str16(b, o)
        mode, o = str16(b, o)
        (protocol,) = struct.unpack_from(">H", b, o)
        port_version, o = str16(b, o + 2)
        return ("READY dlt=%d snaplen=%d precision=%s flags=%d source=%s lib=%r restrict=%s"
                " protocol=%d version=%s") % (
            dlt, snap, "nano" if prec else "micro", flags, src, ver, mode, protocol, port_version)
    if t == 2:
        sec, nsec, wire = struct.unpack_from(">QII", b)
        return "PACKET %d.%09d %d %d" % (sec, nsec, len(b) - 16, wire)
    if t == 4:
        rid, code, fatal = struct.unpack_from(">IHB", b)
        return "ERROR id=%d code=%s fatal=%d %s" % (
            rid, ERRORS.get(code, code), fatal, b[7:].decode("utf-8", "replace"))
    if t == 5:
        rid, cap, recv, drop, ifdrop, src = struct.unpack_from(">IQQQQB", b)
        return "STATS id=%d captured=%d received=%d dropped=%d if_dropped=%d source=%d" % (
            rid, cap, recv, drop, ifdrop, src)
    if t == 6:
        return "FILTER_OK id=%d" % struct.unpack_from(">I", b)
    if t == 7:
        return "INJECTED id=%d bytes=%d" % struct.unpack_from(">II", b)
    if t == 8:
        name_, o = str16(b, 0)
        desc, o = str16(b, o)
        flags, count = struct.unpack_from(">IH", b, o)
        o += 6
        addrs = []
        for _ in range(count):
            fam, plen = b[o], b[o + 1]
            n = 4 if fam == 4 else 16
            raw = b[o + 2:o + 2 + n]
            o += 2 + n
            if fam == 4:
                addrs.append("%s/%d" % (".".join(str(x) for x in raw), plen))
            else:
                addrs.append("%s/%d" % (":".join("%02x%02x" % (raw[i], raw[i + 1]) for i in range(0, 16, 2)), plen))
        return "INTERFACE %s flags=0x%x desc=%r %s" % (name_, flags, desc, " ".join(addrs))
    if t == FRAME["TYPES"]:
        dev, o = str16(b, 0)
        current, flags, n = struct.unpack_from(">IBH", b, o)
        o += 7
        lists = []
        for _ in range(2):
            entries = []
            for _ in range(n):
                (v,) = struct.unpack_from(">I", b, o)
                nm, o = str16(b, o + 4)
                desc, o = str16(b, o)
                entries.append("%d:%s:%s" % (v, nm, desc))
            lists.append(entries)
            if len(lists) == 1:
                (n,) = struct.unpack_from(">H", b, o)
                o += 2
        return "TYPES %s current=%d flags=%d link=[%s] tstamp=[%s]" % (
            dev, current, flags, ", ".join(lists[0]), ", ".join(lists[1]))
    return name


def main():
    summary = "--summary" in sys.argv[1:]
    paths = [a for a in sys.argv[1:] if not a.startswith("--")]
    data = open(paths[0], "rb").read() if paths else sys.stdin.buffer.read()
    counts = {}
    last_error = None
    try:
        for t, b in frames(data):
            counts[NAMES.get(t, t)] = counts.get(NAMES.get(t, t), 0) + 1
            if t == 4:
                last_error = describe(t, b)
            if not summary:
                print(describe(t, b))
    except ValueError as e:
        print("BROKEN %s" % e)
        return 1
    if summary:
        print(" ".join("%s=%d" % kv for kv in sorted(counts.items())))
        if last_error:
            print(last_error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
