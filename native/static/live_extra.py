#!/usr/bin/env python3
"""Live checks on lo (root only) of what the static port's libc (musl)
does differently from glibc's under the seccomp allow-list, beyond
test/live_lo.py: host names in SET_FILTER (musl's resolver: /etc/hosts,
then a DNS socket it may not make), a name that does not resolve, -v
diagnostics on stderr, and a live capture into a shared-memory ring (-R).
A system call the allow-list lacks kills the port (SIGSYS), which every
check here would show. Sends nothing beyond lo.

  native/static/live_extra.py native/static/out/linux-x86_64/epcap
"""
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "test"))
from decode_frames import FRAME, FrameStream, describe, request  # noqa: E402

EPCAP = os.path.abspath(sys.argv[1])
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


class Port:
    def __init__(self, *args):
        self.p = subprocess.Popen([EPCAP, *args], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.stream = FrameStream(self.p.stdout)

    def until(self, want, timeout=10.0):
        while True:
            t, b = self.stream.frame(timeout)
            if t in (None, -1) or t == want:
                return t, b

    def send(self, t, body=b""):
        self.p.stdin.write(request(t, body))
        self.p.stdin.flush()

    def stop(self, what):
        self.send(FRAME["STOP"])
        t, _ = self.until(FRAME["STOPPED"])
        status = self.p.wait(10)
        err = self.p.stderr.read().decode(errors="replace")
        check(t == FRAME["STOPPED"] and status == 0,
              "%s: STOPPED, exit 0 (exit %d%s)" % (what, status, ", stderr: " + err[-300:] if status else ""))
        return err


def set_filter(port, rid, expr):
    port.send(FRAME["SET_FILTER"], struct.pack(">I", rid) + expr.encode())
    while True:
        t, b = port.stream.frame(10.0)
        if t is None or t == -1:
            return None, b
        if t in (FRAME["FILTER_OK"], FRAME["ERROR"]):
            return t, b


def main():
    if os.geteuid() != 0:
        print("SKIP: needs root")
        return 0

    # Host names, good and bad, then the capture goes on.
    port = Port("-i", "lo", "-v", "icmp")
    t, b = port.until(FRAME["READY"])
    check(t == FRAME["READY"], "READY (-v): " + (describe(t, b) if t else "none"))
    t, b = set_filter(port, 1, "host localhost")
    check(t == FRAME["FILTER_OK"], "host localhost: " + (describe(t, b) if t else "port gone"))
    t, b = set_filter(port, 2, "host epcap-no-such-host.invalid")
    check(t == FRAME["ERROR"] and struct.unpack_from(">IHB", b)[2] == 0,
          "unknown host refused, not fatal: " + (describe(t, b) if t else "port gone"))
    t, b = set_filter(port, 3, "tcp port http or udp port domain or ip proto \\udp")
    check(t == FRAME["FILTER_OK"], "named ports and protocol: " + (describe(t, b) if t else "port gone"))
    port.send(FRAME["STATS_REQUEST"], struct.pack(">I", 4))
    t, b = port.until(FRAME["STATS"])
    check(t == FRAME["STATS"], "STATS after the lookups: " + (describe(t, b) if t else "port gone"))
    port.stop("-v with host names")

    # A live capture into a ring (the header as the library writes it; the
    # head counter at offset 64 counts the bytes written).
    with tempfile.TemporaryDirectory() as d:
        ring = os.path.join(d, "live.ring")
        with open(ring, "wb") as f:
            f.write(b"EPCAPRNG" + struct.pack("=IIQ", 1, 4096, 1 << 20))
            f.truncate(4096 + (1 << 20))
        port = Port("-i", "lo", "-R", ring, "icmp")
        t, b = port.until(FRAME["READY"])
        check(t == FRAME["READY"], "READY (-R live): " + (describe(t, b) if t else "none"))
        subprocess.run(["ping", "-c", "3", "-i", "0.2", "-q", "127.0.0.1"],
                       stdout=subprocess.DEVNULL, check=False)
        port.send(FRAME["STATS_REQUEST"], struct.pack(">I", 5))
        t, b = port.until(FRAME["STATS"])
        check(t == FRAME["STATS"], "STATS with a ring: " + (describe(t, b) if t else "port gone"))
        port.stop("-R live")
        head = struct.unpack_from("=Q", open(ring, "rb").read(72), 64)[0]
        check(head >= 6 * 4, "ring head moved: %d bytes" % head)

    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
