#!/usr/bin/env python3
"""A/B of the port's packet path in file mode: two port binaries, the same
pcap, alternating rounds, median ratio of the times.

    ab_bench.py OLD_EPCAP NEW_EPCAP [COUNT] [ROUNDS]

For each round, each binary (in alternating order) reads a pcap of COUNT
small frames (60-100 bytes, like bench/native/pcapgen's "small") twice:
once through the pipe into `cat > /dev/null`, and once into a fresh
shared-memory ring (-R) large enough to hold every packet, so no reader is
needed. Prints per-mode medians and old/new ratios of the port's CPU time (above
1: the new binary is faster), start-up included (the same for both). No assertion: a benchmark, not a test.
"""
import os
import statistics
import struct
import subprocess
import sys
import tempfile


def write_pcap(path, count):
    with open(path, "wb") as f:
        f.write(struct.pack("=IHHiIII", 0xA1B23C4D, 2, 4, 0, 0, 65535, 1))
        frame = bytes(range(256))
        recs = []
        for i in range(count):
            n = 60 + (i * 7) % 41
            recs.append(struct.pack("=IIII", i // 1000, (i % 1000) * 1000000,
                                    n, n))
            recs.append(frame[:n])
            if len(recs) > 20000:
                f.write(b"".join(recs))
                recs = []
        f.write(b"".join(recs))


def make_ring(path, capacity):
    with open(path, "wb") as f:
        f.write(b"EPCAPRNG")
        f.write(struct.pack("=IIQ", 1, 4096, capacity))
        f.truncate(4096 + capacity)


def run(argv, reader):
    """The port's CPU seconds (user + system, from its rusage: less moved
    by the other loads of a shared VM than wall time); its stdin is a pipe
    held open (a closed stdin ends the port), its stdout goes to reader."""
    port = subprocess.Popen(argv, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = subprocess.Popen(reader, stdin=port.stdout,
                           stdout=subprocess.DEVNULL)
    port.stdout.close()
    _, status, usage = os.wait4(port.pid, 0)
    port.returncode = os.waitstatus_to_exitcode(status)
    port.stdin.close()
    out.wait()
    if port.returncode != 0:
        sys.exit(f"{argv}: exit {port.returncode}")
    return usage.ru_utime + usage.ru_stime


def run_pipe(port, pcap):
    return run([port, "-f", pcap], ["cat"])


def run_ring(port, pcap, ring, capacity):
    make_ring(ring, capacity)
    dt = run([port, "-R", ring, "-f", pcap], ["cat"])
    with open(ring, "rb") as f:
        head = struct.unpack_from("=Q", f.read(72), 64)[0]
    os.unlink(ring)
    if head == 0:
        sys.exit(f"{port}: nothing in the ring")
    return dt


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    old, new = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 2000000
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 9
    with tempfile.TemporaryDirectory(dir="/dev/shm") as tmp:
        pcap = os.path.join(tmp, "small.pcap")
        ring = os.path.join(tmp, "ab.ring")
        write_pcap(pcap, count)
        capacity = 1 << 20
        while capacity < os.path.getsize(pcap) * 2 and capacity < (1 << 30):
            capacity <<= 1
        times = {(b, m): [] for b in ("old", "new") for m in ("pipe", "ring")}
        ratios = {"pipe": [], "ring": []}
        for r in range(rounds):
            order = [("old", old), ("new", new)]
            if r % 2:
                order.reverse()
            got = {}
            for mode in ("pipe", "ring"):
                for name, port in order:
                    dt = (run_pipe(port, pcap) if mode == "pipe" else
                          run_ring(port, pcap, ring, capacity))
                    times[(name, mode)].append(dt)
                    got[(name, mode)] = dt
                ratios[mode].append(got[("old", mode)] / got[("new", mode)])
            print(f"round {r + 1}: " + "  ".join(
                f"{m} old {got[('old', m)]:.3f}s new {got[('new', m)]:.3f}s"
                for m in ("pipe", "ring")), flush=True)
        for mode in ("pipe", "ring"):
            rs = ratios[mode]
            print(f"{mode}: {count} packets, median old "
                  f"{statistics.median(times[('old', mode)]):.3f}s new "
                  f"{statistics.median(times[('new', mode)]):.3f}s; "
                  f"old/new time ratio median {statistics.median(rs):.3f} "
                  f"(min {min(rs):.3f}, max {max(rs):.3f}, {len(rs)} rounds)")


if __name__ == "__main__":
    main()
