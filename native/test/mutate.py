#!/usr/bin/env python3
"""A bounded mutation run of the port program under the sanitizers.
Standard library only; deterministic for a given SEED.

  test/mutate.py [./epcap-asan]          (make mutate; bin/test runs it)

Files: a fixed-seed sample of the corpus (tcpdump/ and pkt/, pcap and
pcapng), each read as it is, then mutants of them (bit flips, bytes set to
00/ff/7f/80, truncations, duplicated and removed chunks, record headers
whose caplen or len lie, pcapng blocks whose lengths lie, ...) and a few
crafted files, each given to `EPCAP -f FILE` with stdin held open; a few
mutants go through a FIFO instead (stdio reads, not the mapping). A run
passes when the port exits with 0, 1 or 4 as docs/protocol.md says (EOF;
one fatal ERROR before READY; READY, then a fatal ERROR), its frames parse,
and its stderr holds no sanitizer report. With test/pcapdump built, the
packets (count, timestamps, lengths) and the outcome must also be what
libpcap alone makes of the same file.

Requests: hostile frames on the port's stdin (lying lengths, unknown
types, wrong body sizes, garbage and huge filters, INJECT without -X,
frames split across writes and many in one write, random bytes), first
against a file capture, then, as root, against a live capture on lo (no
traffic is sent: INJECT is never enabled). A model of the port's request
parser (control.c) predicts the replies and whether the stream is fatal:
the port must answer exactly that (a file capture may end first), exit 0,
or 3 after a fatal PROTOCOL ERROR, with no report, no signal and no hang.

Environment: MUTATIONS (file mutants, default 10000), REQUESTS (random
request streams per capture, default 100), SEED (default 1), BUDGET
(seconds for the whole run, default 170; what does not fit is skipped,
and said), CORPUS (directories, colon-separated), KEEP (where failing
inputs are kept, default a new directory under /tmp), ONLY (one case by
its name, e.g. "mutant:17", to reproduce it).
Last line: "N passed, M failed"; exit 1 if any failed.
"""
import concurrent.futures
import os
import random
import re
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import decode_frames  # noqa: E402

MAX_FRAME = decode_frames.MAX_FRAME
MAX_SNAPLEN = MAX_FRAME - 64
RUN_TIMEOUT = 10.0

# The constants of wire.h, as decode_frames reads them from there.
_F, _E = decode_frames.FRAME, decode_frames.ERROR_CODE
READY, PACKET, EOF, ERROR, STATS, FILTER_OK, INJECTED, INTERFACE, STOPPED, WAKE = (
    _F[n] for n in ("READY", "PACKET", "EOF", "ERROR", "STATS", "FILTER_OK", "INJECTED", "INTERFACE", "STOPPED",
                    "WAKE"))
STATS_REQUEST, SET_FILTER, INJECT, STOP, RING_WAKE = (
    _F[n] for n in ("STATS_REQUEST", "SET_FILTER", "INJECT", "STOP", "RING_WAKE"))
ERR_BAD_FILTER, ERR_FILE_ERROR, ERR_PERMISSION_DENIED = _E["BAD_FILTER"], _E["FILE_ERROR"], _E["PERMISSION_DENIED"]
ERR_INJECT_DISABLED, ERR_PROTOCOL, ERR_READ_ERROR = _E["INJECT_DISABLED"], _E["PROTOCOL"], _E["READ_ERROR"]

REPORT = re.compile(rb"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:")
FRAME_ADDR = re.compile(r"\((/[^()+]+)\+(0x[0-9a-f]+)\)")

# What the checks need from a sanitizer build, unless the caller says otherwise.
os.environ.setdefault("ASAN_OPTIONS", "detect_leaks=0:abort_on_error=0:exitcode=99")
os.environ.setdefault("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1:exitcode=98")


def env_int(name, default):
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        sys.exit("%s must be a number" % name)


SEED = env_int("SEED", 1)
MUTATIONS = env_int("MUTATIONS", 10000)
REQUESTS = env_int("REQUESTS", 100)
BUDGET = float(env_int("BUDGET", 170))
ONLY = os.environ.get("ONLY")


# ---------------------------------------------------------------- running


class Run:
    """One port run: exit status (negative: signal), stdout, stderr."""

    def __init__(self, status, out, err, timed_out):
        self.status, self.out, self.err, self.timed_out = status, out, err, timed_out


def reader(pipe, sink, throttle=None):
    while True:
        chunk = pipe.read1(1 << 16) if throttle is None else pipe.read1(8192)
        if not chunk:
            return
        sink.append(chunk)
        if throttle is not None and not throttle.is_set():
            time.sleep(0.001)


def run_file(argv, feed=None, timeout=RUN_TIMEOUT):
    """The port with stdin held open until its stdout ends, as the library
    does; feed(), if given, runs beside it (the FIFO's writer)."""
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    out, err = [], []
    threads = [threading.Thread(target=reader, args=(proc.stdout, out), daemon=True),
               threading.Thread(target=reader, args=(proc.stderr, err), daemon=True)]
    for t in threads:
        t.start()
    if feed is not None:
        threading.Thread(target=feed, daemon=True).start()
    threads[0].join(timeout)
    timed_out = threads[0].is_alive()
    if timed_out:
        proc.kill()
    try:
        proc.stdin.close()
    except BrokenPipeError:
        pass
    try:
        status = proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        status = proc.wait()
        timed_out = True
    for t in threads:
        t.join(2)
    return Run(status, b"".join(out), b"".join(err), timed_out)


def parse(out):
    """[(type, body)] or a reason the stream is broken."""
    try:
        frames = list(decode_frames.frames(out))
    except ValueError as e:
        return None, "stdout does not parse: %s" % e
    for t, b in frames:
        if 1 + len(b) > MAX_FRAME:
            return None, "a frame of %d bytes, more than MAX_FRAME" % (1 + len(b))
    return frames, None


def describe(t, b, width=100):
    try:
        return decode_frames.describe(t, b)[:width]
    except (struct.error, IndexError, ValueError):
        return "type 0x%02x, %d bytes (malformed)" % (t, len(b))


def error_code(body):
    return struct.unpack_from(">IHB", body) if len(body) >= 7 else (None, None, None)


def sanitizer_problem(run):
    if REPORT.search(run.err):
        return "sanitizer report on stderr"
    if run.timed_out:
        return "no exit within %g s" % RUN_TIMEOUT
    if run.status < 0:
        return "killed by signal %d" % -run.status
    return None


def symbolize(text):
    """Adds function and line to the module+offset frames of a report made
    inside the jail (no /proc there, so no symbols)."""
    if shutil.which("addr2line") is None:
        return text
    lines = []
    for line in text.splitlines():
        m = FRAME_ADDR.search(line)
        if m and os.path.exists(m.group(1)) and "libasan" not in m.group(1):
            try:
                where = subprocess.run(["addr2line", "-f", "-i", "-p", "-e", m.group(1), m.group(2)],
                                       capture_output=True, text=True, timeout=10).stdout.strip()
                line += "  -> " + where.replace("\n", " / ")
            except (OSError, subprocess.SubprocessError):
                pass
        lines.append(line)
    return "\n".join(lines)


# ---------------------------------------------------------------- results


class Tally:
    def __init__(self):
        self.passed = self.failed = 0
        self.lock = threading.Lock()
        self.keep = os.environ.get("KEEP")
        self.outcomes = {}

    def note(self, phase, outcome):
        with self.lock:
            key = (phase, outcome)
            self.outcomes[key] = self.outcomes.get(key, 0) + 1

    def ok(self):
        with self.lock:
            self.passed += 1

    def fail(self, name, why, run=None, data=None, what=""):
        with self.lock:
            self.failed += 1
            if self.keep is None:
                self.keep = tempfile.mkdtemp(prefix="epcap-mutate-failures-")
            os.makedirs(self.keep, exist_ok=True)
            kept = os.path.join(self.keep, name.replace(":", "-"))
            if data is not None:
                with open(kept, "wb") as f:
                    f.write(data)
            print("FAIL %s: %s%s" % (name, why, " (%s)" % what if what else ""))
            if data is not None:
                print("     input kept in %s; reproduce: SEED=%d ONLY=%s %s" % (
                    kept, SEED, name, " ".join(sys.argv)))
            if run is not None:
                print("     exit %d%s" % (run.status, ", timed out" if run.timed_out else ""))
                frames, broken = parse(run.out)
                if frames:
                    print("     last frames: " + " | ".join(describe(t, b) for t, b in frames[-3:]))
                err = symbolize(run.err.decode("utf-8", "replace"))
                for line in err.splitlines()[:50]:
                    print("     " + line)
            sys.stdout.flush()


# ---------------------------------------------------------------- capture files


def u32(data, off, big):
    return struct.unpack_from(">I" if big else "<I", data, off)[0]


def put32(data, off, value, big):
    if 0 <= off and off + 4 <= len(data):
        struct.pack_into(">I" if big else "<I", data, off, value & 0xffffffff)


PCAP_MAGICS = {0xa1b2c3d4, 0xa1b23c4d, 0xa1b2cd34}


def pcap_layout(data):
    """('pcap', big, [record offsets], header size) or ('pcapng', big,
    [(offset, type, length)]) or None."""
    if len(data) < 24:
        return None
    for big in (False, True):
        magic = u32(data, 0, big)
        if magic in PCAP_MAGICS:
            hdr = 24 if magic == 0xa1b2cd34 else 16
            recs, off = [], 24
            while off + hdr <= len(data) and len(recs) < 100000:
                recs.append(off)
                off += hdr + u32(data, off + 8, big)
            return ("pcap", big, recs, hdr)
    if data[:4] == b"\x0a\x0d\x0d\x0a" and len(data) >= 12:
        big = data[8:12] == b"\x1a\x2b\x3c\x4d"
        blocks, off = [], 0
        while off + 12 <= len(data) and len(blocks) < 100000:
            length = u32(data, off + 4, big)
            blocks.append((off, u32(data, off, big), length))
            if length < 12 or length % 4:
                break
            off += length
        return ("pcapng", big, blocks)
    return None


LIES = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffff0, MAX_SNAPLEN, MAX_SNAPLEN + 1,
        65535, 65536, 0x08000000, 0x08000001]
BYTES = [0x00, 0xff, 0x7f, 0x80]
# Link types libpcap lets carry more than 262144 bytes, and some it does not know.
LINKTYPES = [231, 249, 279, 1, 0, 0xffff, 0x0fffffff, 0xffffffff, 147, 101, 276]


def m_bitflip(rng, d, lay):
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(d)) if rng.random() < 0.5 or len(d) < 64 else rng.randrange(64)
        d[i] ^= 1 << rng.randrange(8)
    return "bitflip"


def m_bytes(rng, d, lay):
    for _ in range(rng.randint(1, 6)):
        i = rng.randrange(len(d))
        d[i] = rng.choice(BYTES)
        if rng.random() < 0.3 and i + 4 <= len(d):
            d[i:i + 4] = bytes([rng.choice(BYTES)]) * 4
    return "bytes"


def m_truncate(rng, d, lay):
    points = [rng.randrange(len(d) + 1)]
    if lay and lay[0] == "pcap" and lay[2]:
        r = rng.choice(lay[2])
        points += [r + k for k in (0, 1, 8, 12, 15, 16, 17, 24)]
    elif lay and lay[0] == "pcapng" and lay[2]:
        off, _, length = rng.choice(lay[2])
        points += [off + k for k in (0, 4, 8, 11, 12, 20, 28)] + [off + length - 1]
    cut = max(0, min(len(d), rng.choice(points)))
    del d[cut:]
    return "truncate@%d" % cut


def m_dup(rng, d, lay):
    a = rng.randrange(len(d))
    b = min(len(d), a + rng.randint(1, 4096))
    at = rng.randrange(len(d) + 1)
    d[at:at] = d[a:b]
    return "dup[%d:%d]@%d" % (a, b, at)


def m_remove(rng, d, lay):
    a = rng.randrange(len(d))
    b = min(len(d), a + rng.randint(1, 4096))
    del d[a:b]
    return "remove[%d:%d]" % (a, b)


def m_record(rng, d, lay):
    """A pcap record header (or the file header) that lies."""
    if not lay or lay[0] != "pcap":
        return m_block(rng, d, lay)
    _, big, recs, hdr = lay
    if not recs or rng.random() < 0.2:
        field = rng.choice(["snaplen", "linktype", "version", "magic"])
        if field == "snaplen":
            put32(d, 16, rng.choice(LIES), big)
        elif field == "linktype":
            put32(d, 20, rng.choice(LINKTYPES), big)
        elif field == "version":
            d[4:8] = struct.pack(">HH" if big else "<HH", rng.choice([1, 2, 3, 0xffff]),
                                 rng.choice([0, 1, 4, 0xffff]))
        else:
            d[0:4] = struct.pack(">I" if big else "<I",
                                 rng.choice([0xa1b23c4d, 0xa1b2c3d4, 0xa1b2cd34, 0xd4c3b2a1]))
        return "header." + field
    r = rng.choice(recs)
    left = len(d) - r - hdr
    snaplen = u32(d, 16, big)
    field = rng.choice(["caplen", "caplen", "caplen", "len", "ts"])
    if field == "caplen":
        v = rng.choice(LIES + [snaplen + 1, snaplen + rng.randint(1, 100000), left + 1,
                               left + rng.randint(1, 5000), max(0, left - 1)])
        put32(d, r + 8, v, big)
    elif field == "len":
        cap = u32(d, r + 8, big)
        put32(d, r + 12, rng.choice([0, max(0, cap - 1), cap + 1, 0xffffffff, 0x80000000]), big)
    else:
        put32(d, r + rng.choice([0, 4]), rng.choice([999999, 1000000, 999999999, 1000000000,
                                                     0x7fffffff, 0x80000000, 0xffffffff]), big)
    return "record.%s@%d" % (field, r)


def m_block(rng, d, lay):
    """A pcapng block whose lengths (or EPB/IDB fields) lie."""
    if not lay or lay[0] != "pcapng" or not lay[2]:
        return m_bytes(rng, d, lay)
    _, big, blocks = lay
    off, btype, length = rng.choice(blocks)
    left = len(d) - off
    field = rng.choice(["length", "length", "trailer", "body"])
    if field == "length":
        put32(d, off + 4, rng.choice([0, 4, 8, 12, 13, 16, length + 4, length - 4, length + 1,
                                      left + 4, left + 1000, 0x7fffffff, 0xfffffffc,
                                      0xffffffff, 16 * 1024 * 1024 + 4]), big)
    elif field == "trailer":
        put32(d, off + length - 4, rng.choice([0, length + 4, 0xffffffff]), big)
    elif btype == 6:  # EPB: caplen, original length, interface id
        which = rng.choice([8, 20, 20, 24])
        put32(d, off + which, rng.choice(LIES + [length, length - 28 + 1, left]), big)
        field = "epb+%d" % which
    elif btype == 1:  # IDB: link type, snaplen
        if rng.random() < 0.5:
            put32(d, off + 12, rng.choice(LIES), big)
            field = "idb.snaplen"
        else:
            d[off + 8:off + 10] = struct.pack(">H" if big else "<H", rng.choice(LINKTYPES) & 0xffff)
            field = "idb.linktype"
    elif btype == 0x0a0d0d0a:  # SHB: byte-order magic, version, section length
        which = rng.choice([8, 12, 16, 20])
        put32(d, off + which, rng.choice(LIES), big)
        field = "shb+%d" % which
    else:
        put32(d, off + 8, rng.choice(LIES), big)
        field = "block%d+8" % btype
    return "block.%s@%d" % (field, off)


def m_splice(rng, d, lay, other):
    a = rng.randrange(len(other))
    b = min(len(other), a + rng.randint(1, 8192))
    at = rng.randrange(len(d) + 1)
    d[at:at] = other[a:b]
    return "splice"


MUTATORS = [(m_bitflip, 3), (m_bytes, 3), (m_truncate, 2), (m_dup, 1), (m_remove, 1),
            (m_record, 5), (m_block, 3)]


def mutate(rng, data, other):
    d = bytearray(data)
    what = []
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
        if not d:
            break
        lay = pcap_layout(d)
        if rng.random() < 0.05:
            what.append(m_splice(rng, d, lay, other))
            continue
        fns, weights = zip(*MUTATORS)
        what.append(rng.choices(fns, weights)[0](rng, d, lay))
    return bytes(d), "+".join(what)


def pcap_file(records, linktype=1, snaplen=65535, magic=0xa1b2c3d4):
    out = [struct.pack("<IHHiIII", magic, 2, 4, 0, 0, snaplen, linktype)]
    for sec, frac, caplen, length, data in records:
        out.append(struct.pack("<IIII", sec, frac, caplen, length) + data)
    return b"".join(out)


def crafted(rng):
    """Files made here: the edges the corpus does not reach."""
    small = [(1700000000, i, 60, 60, bytes(60)) for i in range(3)]
    big = bytes(range(256)) * (300000 // 256 + 1)
    shb = struct.pack("<IIIHHq", 0x0a0d0d0a, 28, 0x1a2b3c4d, 1, 0, -1) + struct.pack("<I", 28)
    idb = struct.pack("<IIHHI", 1, 20, 1, 0, 65535) + struct.pack("<I", 20)

    def epb(caplen, length, data, iface=0):
        pad = (-len(data)) % 4
        total = 32 + len(data) + pad
        return (struct.pack("<IIIIIII", 6, total, iface, 0, 0, caplen, length) + data + bytes(pad)
                + struct.pack("<I", total))

    files = {
        "empty": b"",
        "one-byte": b"\xd4",
        "header-only": pcap_file([]),
        "header-minus-one": pcap_file([])[:23],
        "record-header-only": pcap_file([])[:24] + struct.pack("<IIII", 1, 2, 60, 60),
        "snaplen-0": pcap_file(small, snaplen=0),
        "snaplen-max": pcap_file(small, snaplen=0xffffffff),
        # D-Bus, USBPcap, EBHSCR: libpcap takes records larger than a frame may carry
        "dbus-300000": pcap_file([(1, 0, 300000, 300000, big[:300000])], linktype=231, snaplen=0),
        "usbpcap-300000": pcap_file([(1, 0, 300000, 400000, big[:300000])], linktype=249,
                                    snaplen=0),
        "ebhscr-262145": pcap_file([(1, 0, 262145, 262145, big[:262145])], linktype=279,
                                   snaplen=0),
        "dbus-caplen-lies": pcap_file([(1, 0, 0x07ffffff, 60, big[:1000])], linktype=231,
                                      snaplen=0),
        "ts-usec-large": pcap_file([(5, 0xffffffff, 60, 60, bytes(60)),
                                    (0xffffffff, 999999, 60, 60, bytes(60)),
                                    (0x80000000, 1000000, 60, 60, bytes(60))]),
        "ts-nsec-large": pcap_file([(5, 0xffffffff, 60, 60, bytes(60)),
                                    (0xffffffff, 999999999, 60, 60, bytes(60))],
                                   magic=0xa1b23c4d),
        "caplen-over-len": pcap_file([(1, 0, 100, 10, bytes(100))]),
        "pcapng-shb-only": shb,
        "pcapng-no-idb": shb + epb(4, 4, b"abcd"),
        "pcapng-iface-5": shb + idb + epb(4, 4, b"abcd", iface=5),
        "pcapng-caplen-over": shb + idb + epb(100000, 60, bytes(64)),
        "pcapng-snaplen-0": shb + struct.pack("<IIHHI", 1, 20, 1, 0, 0) + struct.pack("<I", 20)
        + epb(70000, 70000, bytes(70000)),
        "pcapng-block-huge": shb + idb + struct.pack("<II", 6, 0x7ffffffc) + bytes(64),
        # Many tiny records: batch boundaries, stdin checks between them.
        "many-tiny": pcap_file([(i, 0, 1, 1, b"x") for i in range(50000)]),
        # Past two release steps of the mapping (mapped_file.c), ending in a lie.
        "40MiB-lying-tail": pcap_file([(i, 0, 1500, 1500, big[:1500]) for i in range(28000)]
                                      + [(1, 0, 1500, 1500, big[:700])]),
    }
    return files


# ---------------------------------------------------------------- file checks


def oracle(pcapdump, path):
    """libpcap's own reading of the file: ([(ns, caplen, len)], ok) or None."""
    try:
        p = subprocess.run([pcapdump, path], capture_output=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None
    pkts = []
    for line in p.stdout.decode().splitlines():
        ts, caplen, length = line.split()
        sec, _, frac = ts.partition(".")
        neg = frac.startswith("-")
        ns = int(sec) * 1000000000 + (-int(frac[1:]) if neg else int(frac))
        pkts.append((ns % (1 << 64), min(int(caplen), MAX_SNAPLEN), int(length)))
    return pkts, p.returncode == 0


def check_file_run(run, expect=None):
    """None if the run is as the protocol says, else why not; also the
    outcome, for the summary."""
    why = sanitizer_problem(run)
    if why:
        return why, "bad"
    frames, broken = parse(run.out)
    if broken:
        return broken, "bad"
    types = [t for t, _ in frames]
    last = frames[-1] if frames else (None, b"")
    fatal = last[0] == ERROR and error_code(last[1])[2] == 1
    if run.status == 0:
        outcome = "EOF"
        if not types or types[0] != READY or last[0] != EOF or types.count(EOF) != 1:
            return "exit 0 without READY ... EOF", outcome
    elif run.status == 1:
        outcome = "start-up error"
        if len(frames) != 1 or not fatal:
            return "exit 1 but not exactly one fatal ERROR", outcome
        code = error_code(last[1])[1]
        outcome = "start-up %s" % decode_frames.ERRORS.get(code, code)
    elif run.status == 4:
        outcome = "capture error"
        if not types or types[0] != READY or not fatal:
            return "exit 4 without READY ... fatal ERROR", outcome
        code = error_code(last[1])[1]
        outcome = "capture %s" % decode_frames.ERRORS.get(code, code)
    else:
        return "exit status %d, not 0, 1 or 4" % run.status, "bad"
    if types.count(READY) > 1 or (READY in types and types[0] != READY):
        return "READY not first, or twice", outcome
    if expect is not None:
        want, ok = expect
        got = []
        for t, b in frames:
            if t == PACKET:
                sec, nsec, length = struct.unpack_from(">QII", b)
                got.append(((sec * 1000000000 + nsec) % (1 << 64), len(b) - 16, length))
        if got != want:
            n = next((i for i, (g, w) in enumerate(zip(got, want)) if g != w), min(len(got), len(want)))
            return ("packets differ from libpcap's (test/pcapdump) at #%d: port %s, libpcap %s "
                    "(%d against %d)" % (n, got[n] if n < len(got) else "-",
                                         want[n] if n < len(want) else "-", len(got), len(want)),
                    outcome)
        if ok != (run.status == 0):
            return "libpcap reads the file %s, the port exits %d" % (
                "to its end" if ok else "with an error", run.status), outcome
    return None, outcome


class FileJob:
    def __init__(self, name, data, what, fifo=False):
        self.name, self.data, self.what, self.fifo = name, data, what, fifo


def run_file_job(job, ctx):
    tally, epcap, tmp, pcapdump = ctx["tally"], ctx["epcap"], ctx["tmp"], ctx["pcapdump"]
    path = os.path.join(tmp, job.name.replace(":", "-"))
    with open(path, "wb") as f:
        f.write(job.data)
    os.chmod(path, 0o644)  # as root the port opens it as nobody
    expect = oracle(pcapdump, path) if pcapdump else None
    feed = None
    if job.fifo:
        os.unlink(path)
        os.mkfifo(path, 0o666)
        os.chmod(path, 0o666)
        feed = fifo_writer(path, job.data, random.Random("%d:%s:feed" % (SEED, job.name)))
    try:
        run = run_file([epcap, "-f", path], feed=feed)
    finally:
        if job.fifo:
            release_fifo(path)
    why, outcome = check_file_run(run, expect)
    tally.note(ctx["phase"], outcome)
    if why:
        tally.fail(job.name, why, run, job.data, job.what)
    else:
        tally.ok()
    try:
        os.unlink(path)
    except OSError:
        pass


def fifo_writer(path, data, rng):
    def feed():
        try:
            fd = os.open(path, os.O_WRONLY)
        except OSError:
            return
        try:
            off = 0
            while off < len(data):
                n = rng.choice([1, 7, 24, 100, 4096, 65536, 1 << 20])
                off += os.write(fd, data[off:off + n])
        except OSError:
            pass  # the port stopped reading: a bad header, an error
        finally:
            os.close(fd)
    return feed


def release_fifo(path):
    """A writer still blocked in open (the port never opened the FIFO) gets
    its reader, and ends."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        os.close(fd)
    except OSError:
        pass


# ---------------------------------------------------------------- requests


def frame(t, body=b""):
    return struct.pack(">IB", len(body) + 1, t) + body


def model(stream):
    """What control.c makes of the bytes: (replies, ending, complete) where
    replies are (type, id, acceptable error codes) in order, ending is
    'fatal', 'stop' or 'open', and complete says the stream ends on a
    frame boundary."""
    replies, off = [], 0
    while len(stream) - off >= 5:
        length, t = struct.unpack_from(">IB", stream, off)
        if length == 0 or length > MAX_FRAME or not STATS_REQUEST <= t <= RING_WAKE:
            return replies, "fatal", False
        if len(stream) - off < 4 + length:
            return replies, "open", False
        body = stream[off + 5:off + 4 + length]
        off += 4 + length
        if t == STATS_REQUEST:
            if len(body) != 4:
                return replies, "fatal", False
            replies.append((STATS, body[:4], ()))
        elif t == SET_FILTER:
            if len(body) < 4:
                return replies, "fatal", False
            replies.append((FILTER_OK, body[:4], (ERR_BAD_FILTER,)) if b"\0" not in body[4:]
                           else (ERROR, body[:4], (ERR_BAD_FILTER,)))
        elif t == INJECT:
            if len(body) < 4:
                return replies, "fatal", False
            replies.append((ERROR, body[:4], (ERR_INJECT_DISABLED,)))
        elif t == STOP:
            if body:
                return replies, "fatal", False
            replies.append((STOPPED, None, ()))
            return replies, "stop", True
        elif body:  # RING_WAKE
            return replies, "fatal", False
    return replies, "open", off == len(stream)


def complete(stream):
    """Zero bytes that finish a pending frame, so that a probe after them
    starts on a boundary (the zeros may well make the frame fatal)."""
    pad = b""
    for _ in range(3):
        s = stream + pad
        _, ending, done = model(s)
        if ending != "open" or done:
            return pad
        off = 0  # where the pending frame starts
        while len(s) - off >= 5:
            (length,) = struct.unpack_from(">I", s, off)
            if len(s) - off < 4 + length:
                break
            off += 4 + length
        if len(s) - off < 5:
            pad += bytes(5 - (len(s) - off))
        else:
            (length,) = struct.unpack_from(">I", s, off)
            pad += bytes(off + 4 + length - len(s))
    return pad


# Filters that take every packet: one that took none would let a file
# capture run to its end before the requests are read.
GOOD_FILTERS = [b"", b"   ", b"len >= 0", b"greater 0", b"ip or not ip", b"tcp or not tcp",
                b"ether[0] >= 0", b"not (udp port 53 and not udp port 53)", b"\tlen >= 0\n"]
GARBAGE = (b" \t\n!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" + bytes(range(0x80, 0x100)))


def garbage(rng, n):
    """No letters or digits: nothing libpcap would look up as a name."""
    return bytes(rng.choice(GARBAGE) for _ in range(n))


def rid(rng):
    return struct.pack(">I", rng.getrandbits(32))


def random_stream(rng):
    """1 to 12 requests, mostly well-formed, a hostile one or two among them."""
    items = []
    for _ in range(rng.randint(1, 12)):
        k = rng.choices(["stats", "filter", "garbage", "nul", "inject", "wake", "badsize",
                         "badlen", "type", "short", "random", "stop"],
                        [6, 4, 3, 1, 2, 1, 1, 1, 1, 1, 1, 0.3])[0]
        if k == "stats":
            items.append(frame(STATS_REQUEST, rid(rng)))
        elif k == "filter":
            items.append(frame(SET_FILTER, rid(rng) + rng.choice(GOOD_FILTERS)))
        elif k == "garbage":
            items.append(frame(SET_FILTER, rid(rng) + garbage(rng, rng.randint(0, 300))))
        elif k == "nul":
            items.append(frame(SET_FILTER, rid(rng) + b"tcp\0" + garbage(rng, 5)))
        elif k == "inject":
            items.append(frame(INJECT, rid(rng) + bytes(rng.getrandbits(8)
                                                        for _ in range(rng.randint(0, 80)))))
        elif k == "wake":
            items.append(frame(RING_WAKE))
        elif k == "badsize":
            t = rng.choice([STATS_REQUEST, STOP, RING_WAKE])
            items.append(frame(t, bytes(rng.choice([1, 3, 5, 8]))))
        elif k == "badlen":
            items.append(struct.pack(">IB", rng.choice([0, MAX_FRAME + 1, 0xffffffff, 0x80000000,
                                                        rng.randint(MAX_FRAME + 1, 0xffffffff)]),
                                     STATS_REQUEST))
        elif k == "type":
            items.append(frame(rng.choice([0, 1, 2, 0x7f, 0x80, 0x86, 0xff, rng.getrandbits(8)]),
                               rid(rng)))
        elif k == "short":
            items.append(frame(rng.choice([SET_FILTER, INJECT]), bytes(rng.randint(0, 3))))
        elif k == "random":
            items.append(bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 40))))
        else:
            items.append(frame(STOP))
    return b"".join(items)


def fixed_request_cases():
    """(name, stream, how to split it). Each runs in a port of its own."""
    big = MAX_FRAME - 1 - 4  # the largest SET_FILTER text
    c = [
        ("len-0", struct.pack(">IB", 0, STATS_REQUEST), None),
        ("len-1-type-only-stats", struct.pack(">IB", 1, STATS_REQUEST), None),
        ("len-2^32-1", struct.pack(">IB", 0xffffffff, STATS_REQUEST), None),
        ("len-max+1", struct.pack(">IB", MAX_FRAME + 1, SET_FILTER), None),
        ("len-2^31", struct.pack(">IB", 0x80000000, INJECT), None),
        ("len-header-split", frame(STATS_REQUEST, b"\0\0\0\1"), [1, 1, 1, 1, 1, 4]),
        ("type-0x00", frame(0x00, b"\0\0\0\1"), None),
        ("type-0x7f", frame(0x7f), None),
        ("type-0x80", frame(0x80, b"\0\0\0\1"), None),
        ("type-0x86", frame(0x86), None),
        ("type-0xff", frame(0xff, bytes(100)), None),
        ("type-ready", frame(READY, bytes(20)), None),
        ("stats-body-0", frame(STATS_REQUEST), None),
        ("stats-body-3", frame(STATS_REQUEST, b"\0\0\1"), None),
        ("stats-body-5", frame(STATS_REQUEST, b"\0\0\0\1\2"), None),
        ("stats-body-1000", frame(STATS_REQUEST, bytes(1000)), None),
        ("stop-body", frame(STOP, b"\0"), None),
        ("ring-wake-body", frame(RING_WAKE, b"\0\0\0\0"), None),
        ("ring-wake", frame(RING_WAKE) + frame(STATS_REQUEST, b"\0\0\0\7"), None),
        ("filter-body-0", frame(SET_FILTER), None),
        ("filter-body-3", frame(SET_FILTER, b"\0\0\1"), None),
        ("filter-empty", frame(SET_FILTER, b"\0\0\0\2"), None),
        ("filter-good", frame(SET_FILTER, b"\0\0\0\3tcp or not tcp"), None),
        ("filter-nul", frame(SET_FILTER, b"\0\0\0\4tcp\0udp"), None),
        ("filter-all-nul", frame(SET_FILTER, b"\0\0\0\5" + bytes(1000)), None),
        ("filter-garbage", frame(SET_FILTER, b"\0\0\0\6" + GARBAGE * 4), None),
        ("filter-parens-max", frame(SET_FILTER, b"\0\0\0\7" + b"(" * big), None),
        ("filter-spaces-max", frame(SET_FILTER, b"\0\0\0\x08" + b" " * (big - 9) + b"greater 0"),
         None),
        ("filter-not-30000", frame(SET_FILTER, b"\0\0\0\x09" + b"! " * 30000 + b"tcp"), None),
        ("filter-max+1", struct.pack(">IB", MAX_FRAME + 1, SET_FILTER) + bytes(100), None),
        ("filter-or-500", frame(SET_FILTER, b"\0\0\0\x0a" + b"tcp or " * 500 + b"not tcp"), None),
        ("inject-body-0", frame(INJECT), None),
        ("inject-no-X", frame(INJECT, b"\0\0\0\x0b" + bytes(60)), None),
        ("inject-empty-no-X", frame(INJECT, b"\0\0\0\x0c"), None),
        ("inject-max-no-X", frame(INJECT, b"\0\0\0\x0d" + bytes(big)), None),
        ("stats-1000-in-one-write",
         b"".join(frame(STATS_REQUEST, struct.pack(">I", i)) for i in range(1000)), None),
        ("mixed-200-in-one-write",
         b"".join(frame(STATS_REQUEST, struct.pack(">I", i)) + frame(RING_WAKE)
                  + frame(INJECT, struct.pack(">I", i) + b"x")
                  + frame(SET_FILTER, struct.pack(">I", i) + b"\xff") for i in range(200)), None),
        ("stats-byte-by-byte", frame(STATS_REQUEST, b"\1\2\3\4") * 3, "bytes"),
        # One read takes 4 + MAX_FRAME bytes: three small frames and most of
        # the largest one, whose rest must then fit exactly.
        ("three-then-max-frame",
         frame(STATS_REQUEST, b"\0\0\0\1") * 3 + frame(SET_FILTER, b"\0\0\0\2" + b" " * (big - 9)
                                                       + b"greater 0"),
         None),
        ("max-frame-split-inside",
         frame(SET_FILTER, b"\0\0\0\3" + b" " * (big - 8) + b"len >= 0") + frame(STATS_REQUEST, b"\0\0\0\4"),
         [3, 100000, 162211, 7, 9]),
        ("good-then-fatal", frame(STATS_REQUEST, b"\0\0\0\1") + frame(0x99) + frame(STATS_REQUEST, b"\0\0\0\2"),
         None),
        ("good-then-fatal-split", frame(STATS_REQUEST, b"\0\0\0\1") + struct.pack(">IB", 0, 0x81),
         [5, 3, 2, 1]),
        ("stop", frame(STOP), None),
        ("stop-then-garbage", frame(STOP) + b"\xff" * 64, None),
        ("stats-then-stop", frame(STATS_REQUEST, b"\0\0\0\1") + frame(STOP), [3, 100]),
        ("random-bytes-64", bytes(random.Random("%d:rb" % SEED).getrandbits(8) for _ in range(64)),
         None),
    ]
    # Every request type with every wrong body size near the right one.
    for t, sizes in ((STATS_REQUEST, (1, 2, 3, 5, 8)), (STOP, (1, 2, 3, 4)),
                     (RING_WAKE, (1, 2, 3, 4)), (SET_FILTER, (1, 2)), (INJECT, (1, 2, 3))):
        for n in sizes:
            c.append(("type-0x%02x-body-%d" % (t, n), frame(t, bytes(range(1, n + 1))), None))
    return c


def splits(rng, n):
    """Chunk sizes that cut a stream of n bytes at random places."""
    mode = rng.choice(["one", "one", "random", "random", "tiny"])
    if mode == "one" or n < 2:
        return None
    if mode == "tiny":
        return [rng.randint(1, 3) for _ in range(min(40, n))]
    points = sorted(rng.sample(range(1, n), min(n - 1, rng.randint(1, 6))))
    return [b - a for a, b in zip([0] + points, points)]


class Port:
    """A port run driven through its stdin, its stdout read as it comes
    (throttled for a file, so that the capture outlasts the requests)."""

    def __init__(self, argv, throttle):
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.out, self.err = [], []
        self.seen, self.taken, self.pending = [], 0, b""
        self.fast = threading.Event()
        if not throttle:
            self.fast.set()
        self.threads = [
            threading.Thread(target=reader, args=(self.p.stdout, self.out, self.fast), daemon=True),
            threading.Thread(target=reader, args=(self.p.stderr, self.err), daemon=True)]
        for t in self.threads:
            t.start()

    def frames_now(self):
        """The frames that came so far but packets (parsed as they come)."""
        n = len(self.out)
        if n > self.taken:
            data = self.pending + b"".join(self.out[self.taken:n])
            self.taken = n
            off = 0
            while len(data) - off >= 5:
                (length,) = struct.unpack_from(">I", data, off)
                if len(data) - off < 4 + length:
                    break
                if data[off + 4] != PACKET:
                    self.seen.append((data[off + 4], data[off + 5:off + 4 + length]))
                off += 4 + length
            self.pending = data[off:]
        return self.seen

    def wait_for(self, pred, timeout):
        end = time.time() + timeout
        while time.time() < end:
            if pred(self.frames_now()) or self.p.poll() is not None:
                return
            time.sleep(0.002)

    def write_at(self, data, points):
        """Writes data cut at the offsets in points, a moment apart; False
        when the port stopped reading."""
        chunks, last = [], 0
        for c in points or []:
            chunks.append(data[last:c])
            last = c
        chunks.append(data[last:])
        try:
            for i, chunk in enumerate(chunks):
                if chunk:
                    self.p.stdin.write(chunk)
                    self.p.stdin.flush()
                if i + 1 < len(chunks):
                    time.sleep(0.002)
        except (BrokenPipeError, OSError):
            return False
        return True

    def finish(self):
        self.fast.set()
        try:
            self.p.stdin.close()
        except (BrokenPipeError, OSError):
            pass
        timed_out = False
        try:
            status = self.p.wait(RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.p.kill()
            status = self.p.wait()
            timed_out = True
        for t in self.threads:
            t.join(2)
        return Run(status, b"".join(self.out), b"".join(self.err), timed_out)


PROBE = b"\x5e\xed\x00\x01"


def cut_points(cuts, n):
    """Offsets to cut a stream of n bytes at, from a case's plan: None (one
    write), "bytes" (the first 40 bytes one by one), or chunk sizes."""
    if cuts is None:
        return None
    if cuts == "bytes":
        return list(range(1, min(n, 41)))
    points, at = [], 0
    for size in cuts:
        at += size
        if at >= n:
            break
        points.append(at)
    return points


def run_request_case(name, stream, cuts, argv, throttle, ctx):
    tally, phase = ctx["tally"], ctx["phase"]
    pad = complete(stream)
    replies, ending, _ = model(stream + pad)
    probe = ending == "open"
    if probe:
        replies = replies + [(STATS, PROBE, ())]
    port = Port(argv, throttle)
    port.wait_for(lambda fs: any(t == READY for t, _ in fs), RUN_TIMEOUT)
    started = any(t == READY for t, _ in port.frames_now())
    if started:
        alive = port.write_at(stream, cut_points(cuts, len(stream)))
        if alive and pad:
            alive = port.write_at(pad, None)
        if alive and probe:
            alive = port.write_at(frame(STATS_REQUEST, PROBE), None)
        if probe:
            port.wait_for(lambda fs: any(t == STATS and b[:4] == PROBE for t, b in fs), RUN_TIMEOUT)
        else:
            port.wait_for(lambda fs: False, RUN_TIMEOUT)
    run = port.finish()
    why, outcome = check_request_run(run, replies, ending, started, file_mode=throttle)
    tally.note(phase, outcome)
    if why:
        tally.fail(name, why, run, stream, "%d bytes, %s" % (len(stream), ending))
    else:
        tally.ok()


def check_request_run(run, replies, ending, started, file_mode):
    why = sanitizer_problem(run)
    if why:
        return why, "bad"
    frames, broken = parse(run.out)
    if broken:
        return broken, "bad"
    if not started:
        return "no READY", "bad"
    if run.status not in (0, 3):
        return "exit %d, not 0 or 3" % run.status, "bad"
    got = [(t, b) for t, b in frames if t not in (READY, PACKET, EOF, WAKE)]
    ended_first = file_mode and any(t == EOF for t, _ in frames)
    fatal = None
    if run.status == 3:
        if not got or got[-1][0] != ERROR or error_code(got[-1][1])[1:] != (ERR_PROTOCOL, 1):
            return "exit 3 without a fatal PROTOCOL ERROR last", "bad"
        fatal = got.pop()
        if ending != "fatal":
            return "PROTOCOL error for a stream the model finds well-formed: %s" % (
                fatal[1][7:].decode("utf-8", "replace")), "bad"
    elif ending == "fatal" and not ended_first:
        return "the model finds the stream malformed, the port exits %d" % run.status, "bad"
    # Replies, in order: all of them, or (a file that ended first) a prefix.
    if len(got) > len(replies) or (len(got) < len(replies) and not ended_first):
        return "%d replies, the model expects %d: %s" % (
            len(got), len(replies), " | ".join(describe(t, b, 60) for t, b in got[:5])), "bad"
    for (t, b), (want, rid_, codes) in zip(got, replies):
        if t == ERROR:
            rid_got, code, fat = error_code(b)
            if code not in codes or fat != 0 or struct.pack(">I", rid_got) != rid_:
                return "unexpected %s" % describe(t, b, 120), "bad"
        elif t != want or (rid_ is not None and b[:4] != rid_):
            return "reply %s where the model expects type %d id %s" % (
                describe(t, b, 120), want, rid_ and rid_.hex()), "bad"
    if ending == "stop" and not ended_first and (not got or got[-1][0] != STOPPED or run.status != 0):
        return "STOP without STOPPED and exit 0", "bad"
    if ended_first and len(got) < len(replies):
        return None, "file ended first"
    return None, {"fatal": "PROTOCOL, exit 3", "stop": "STOPPED", "open": "answered"}[ending]


def make_request_file(path):
    """A file whose capture outlasts the requests: 120,000 packets."""
    payload = bytes(range(64))
    rec = struct.pack("<IIII", 1700000000, 0, 64, 64) + payload
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        f.write(rec * 120000)
    os.chmod(path, 0o644)


# ---------------------------------------------------------------- main


def corpus_files():
    dirs = os.environ.get("CORPUS")
    if dirs:
        dirs = dirs.split(":")
    else:
        base = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "corpus"))
        if not os.path.isdir(base):
            base = "/work/shared/corpus"
        dirs = [os.path.join(base, "tcpdump"), os.path.join(base, "pkt")]
    per_dir = []
    for d in dirs:
        if not os.path.isdir(d):
            print("skip corpus %s: not there" % d)
            continue
        per_dir.append(sorted(os.path.join(d, n) for n in os.listdir(d)
                              if n.endswith((".pcap", ".pcapng", ".cap"))
                              and stat.S_ISREG(os.stat(os.path.join(d, n)).st_mode)))
    return dirs, per_dir


def sample_corpus(per_dir, rng):
    """Every file of a small directory; of a large one 150 pcap files and 40
    pcapng files (a tenth of the whole, most of it pcap)."""
    sample = []
    for files in per_dir:
        if len(files) <= 40:
            sample += files
            continue
        ng = [f for f in files if f.endswith(".pcapng")]
        other = [f for f in files if not f.endswith(".pcapng")]
        sample += rng.sample(other, min(len(other), 150)) + rng.sample(ng, min(len(ng), 40))
    return sorted(sample)


def pool_run(jobs, fn, ctx, deadline, workers):
    """Runs fn(job, ctx) for each job, in parallel; whatever would start
    after the deadline is skipped. Returns how many ran."""
    ran = 0
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        pending = set()
        it = iter(jobs)
        for job in it:
            if time.time() > deadline:
                break
            pending.add(pool.submit(fn, job, ctx))
            ran += 1
            if len(pending) >= workers * 2:
                done, pending = concurrent.futures.wait(pending, return_when="FIRST_COMPLETED")
                for f in done:
                    f.result()
        for f in concurrent.futures.as_completed(pending):
            f.result()
    return ran


def outcome_line(tally, phase):
    items = sorted((k[1], v) for k, v in tally.outcomes.items() if k[0] == phase)
    return ", ".join("%s %d" % kv for kv in items)


def main():
    epcap = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "epcap-asan")
    epcap = os.path.abspath(epcap)
    if not os.access(epcap, os.X_OK):
        sys.exit("%s: not built (make -C native sanitize)" % epcap)
    pcapdump = os.path.join(HERE, "pcapdump")
    pcapdump = pcapdump if os.access(pcapdump, os.X_OK) else None
    start = time.time()
    workers = max(2, min(4, os.cpu_count() or 2))
    tally = Tally()
    # In memory where there is some: thousands of files written and removed.
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    tmp = tempfile.mkdtemp(prefix="epcap-mutate-", dir=shm)
    os.chmod(tmp, 0o755)  # as root the port opens files as nobody
    ctx = {"tally": tally, "epcap": epcap, "tmp": tmp, "pcapdump": pcapdump}
    print("mutate: %s, seed %d, %d file mutants, %d request streams per capture, budget %g s, "
          "%d at a time; %s" % (epcap, SEED, MUTATIONS, REQUESTS, BUDGET, workers,
                               "packets checked against test/pcapdump" if pcapdump
                               else "test/pcapdump not built: no packet oracle"))
    sys.stdout.flush()

    def want(name):
        return ONLY is None or ONLY == name

    try:
        # Files: the sample as it is, crafted files, mutants, mutants through a FIFO.
        dirs, per_dir = corpus_files()
        files = sum(per_dir, [])
        sample = sample_corpus(per_dir, random.Random("%d:sample" % SEED))
        datas = {f: open(f, "rb").read() for f in sample}
        sample = [f for f in sample if datas[f]]

        made = crafted(random.Random("%d:crafted" % SEED))

        def mutant(i, fifo=False):
            r = random.Random("%d:%s:%d" % (SEED, "fifo" if fifo else "mutant", i))
            src = sample[r.randrange(len(sample))]
            data, what = mutate(r, datas[src], datas[r.choice(sample)])
            return FileJob("%s:%d" % ("fifo" if fifo else "mutant", i), data,
                           "%s of %s" % (what, os.path.basename(src)), fifo)

        n_fifo = max(8, MUTATIONS // 50)
        corpus = [FileJob("corpus:%d" % i, datas[f], os.path.basename(f))
                  for i, f in enumerate(sample)]
        corpus += [FileJob("crafted:" + n, d, n) for n, d in made.items()]
        phases = [("corpus", corpus, len(corpus), 0.15,
                   "%d corpus files (of %d in %s) as they are, %d crafted files" % (
                       len(sample), len(files), ", ".join(dirs), len(made)))]
        if sample:
            phases += [
                ("mutants", (mutant(i) for i in range(MUTATIONS)), MUTATIONS, 0.7,
                 "%d mutants of them" % MUTATIONS),
                ("fifo", (mutant(i, True) for i in range(n_fifo)), n_fifo, 0.74,
                 "%d mutants through a FIFO" % n_fifo)]
        else:
            print("skip file mutants: no corpus")
        for phase, jobs, total, share, what in phases:
            t0, before = time.time(), tally.passed + tally.failed
            ctx["phase"] = phase
            jobs = (j for j in jobs if want(j.name))
            n = pool_run(jobs, run_file_job, ctx, start + BUDGET * share, workers)
            print("%-8s %s: %d ran in %.1f s%s; %s" % (
                phase, what, tally.passed + tally.failed - before, time.time() - t0,
                " (time budget reached, the rest skipped)" if ONLY is None and n < total else "",
                outcome_line(tally, phase)))
            sys.stdout.flush()

        # Requests: against a file capture, then live on lo.
        reqfile = os.path.join(tmp, "requests.pcap")
        make_request_file(reqfile)
        targets = [("file", [epcap, "-f", reqfile], True, 0.87)]
        if os.geteuid() == 0:
            # -c: the fan-out join runs under the sanitizers too.
            targets.append(("live", [epcap, "-i", "lo", "-c", "3"], False, 1.0))
        else:
            print("skip live requests on lo: not root")
        for target, argv, throttle, share in targets:
            t0, before = time.time(), tally.passed + tally.failed
            ctx["phase"] = "requests-" + target
            cases = [("%s:%s" % (target, n), s, c) for n, s, c in fixed_request_cases()]
            for i in range(REQUESTS):
                r = random.Random("%d:stream:%d" % (SEED, i))
                s = random_stream(r)
                cases.append(("%s:stream:%d" % (target, i), s, splits(r, len(s))))
            cases = [c for c in cases if want(c[0])]
            n = pool_run(cases, lambda c, ctx_: run_request_case(c[0], c[1], c[2], argv, throttle, ctx_),
                         ctx, start + BUDGET * share, workers)
            print("%-8s %s: %d request cases (%s) ran in %.1f s%s; %s" % (
                "requests", " ".join(argv[1:]).replace(tmp, "$TMP"), tally.passed + tally.failed - before,
                "%d fixed, %d random streams" % (len(fixed_request_cases()), REQUESTS),
                time.time() - t0, "" if n == len(cases) else " (time budget reached, the rest skipped)",
                outcome_line(tally, ctx["phase"])))
            sys.stdout.flush()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print("%d passed, %d failed (%.1f s)" % (tally.passed, tally.failed, time.time() - start))
    if tally.failed:
        print("failing inputs kept in %s" % tally.keep)
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
