#!/usr/bin/env python3
"""Decode epcap frames (docs/protocol.md) from a file or stdin, for manual
testing and test/smoke.sh. Standard library only.

  epcap -f x.pcap < some-open-stdin | test/decode_frames.py         one line per frame
  ... | test/decode_frames.py --summary                              counts per type, last error
"""
import struct
import sys

NAMES = {1: "READY", 2: "PACKET", 3: "EOF", 4: "ERROR", 5: "STATS",
         6: "FILTER_OK", 7: "INJECTED", 8: "INTERFACE", 9: "STOPPED"}
ERRORS = {1: "BAD_OPTION", 2: "NO_SUCH_DEVICE", 3: "PERMISSION_DENIED",
          4: "BAD_FILTER", 5: "FILE_ERROR", 6: "CAPTURE_ERROR", 7: "PRIVDROP",
          8: "RESTRICT", 9: "INJECT_DISABLED", 10: "INJECT_FAILED",
          11: "PROTOCOL", 12: "READ_ERROR", 13: "PROMISC_PERM_DENIED",
          14: "RFMON_NOT_SUPPORTED", 15: "IFACE_NOT_UP", 16: "INTERNAL",
          17: "RING"}


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
        return "READY dlt=%d snaplen=%d precision=%s flags=%d source=%s lib=%r restrict=%s" % (
            dlt, snap, "nano" if prec else "micro", flags, src, ver, mode)
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
