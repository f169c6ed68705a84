#!/usr/bin/env python3
"""Manual live check of the port on lo (root only): capture while pinging
127.0.0.1, STATS, SET_FILTER (good, bad, named port), INJECT with and
without -X, STOP, closed stdin, -y/-j on any, -l, and death with the parent. Prints what it
saw and FAIL lines; exit 1 on any failure. Sends nothing beyond lo.

  sudo test/live_lo.py [./epcap]
"""
import os
import signal
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from decode_frames import FRAME, FrameStream, describe, request  # noqa: E402

EPCAP = sys.argv[1] if len(sys.argv) > 1 else "./epcap"
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


class Port:
    def __init__(self, *args):
        self.p = subprocess.Popen([EPCAP, *args], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE)
        self.stream = FrameStream(self.p.stdout)

    def frame(self, timeout=5.0):
        t, b = self.stream.frame(timeout)
        return (None, None) if t == -1 else (t, b)

    def until(self, want, timeout=5.0):
        """Frames until one of type `want`; returns (that, packets before)."""
        packets = []
        while True:
            t, b = self.frame(timeout)
            if t is None or t == want:
                return (t, b), packets
            if t == 2:
                packets.append(b)
            else:
                print("     other frame:", describe(t, b))

    def send(self, t, body=b""):
        self.p.stdin.write(request(t, body))
        self.p.stdin.flush()


def icmp_packets(pkts):
    # Ethernet (lo) + IPv4 proto 1
    return [p for p in pkts if len(p) > 16 + 23 and p[16 + 23] == 1]


def udp_frame(port, payload):
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + 8 + len(payload), 1, 0, 64,
                     17, 0, bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1]))
    s = sum(struct.unpack(">10H", ip))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    ip = ip[:10] + struct.pack(">H", ~s & 0xffff) + ip[12:]
    udp = struct.pack(">HHHH", 40000, port, 8 + len(payload), 0) + payload
    return b"\0" * 12 + b"\x08\x00" + ip + udp


def main():
    if os.geteuid() != 0:
        print("SKIP: needs root")
        return 0

    port = Port("-i", "lo", "-X", "-n", "icmp")
    (t, b), _ = port.until(1)
    check(t == 1, "READY: " + (describe(t, b) if t else "none"))
    pid = port.p.pid
    status = open("/proc/%d/status" % pid).read()
    uid_line = [l for l in status.splitlines() if l.startswith("Uid:")][0]
    check(uid_line.split()[1] == str(65534), "runs as nobody: " + uid_line)
    check("NoNewPrivs:\t1" in status, "NoNewPrivs set")
    root = "/proc/%d/root" % pid
    check(sorted(os.listdir(root)) == ["etc"] and
          sorted(os.listdir(root + "/etc")) == ["hosts", "nsswitch.conf", "protocols", "services"],
          "root is the jail (etc/services, etc/protocols, etc/hosts, etc/nsswitch.conf only)")

    subprocess.run(["ping", "-c", "3", "-i", "0.2", "-W", "1", "127.0.0.1"],
                   stdout=subprocess.DEVNULL, check=False)
    port.send(FRAME["STATS_REQUEST"], struct.pack(">I", 1))
    (t, b), pkts = port.until(5)
    check(len(icmp_packets(pkts)) == 6, "6 ICMP packets from ping -c 3 (got %d)" % len(pkts))
    for p in pkts[:2]:
        sec, nsec, wire = struct.unpack_from(">QII", p)
        check(abs(sec + nsec / 1e9 - time.time()) < 30, "timestamp near now: %d.%09d" % (sec, nsec))
    check(t == 5, "STATS: " + (describe(t, b) if t else "none"))
    if t == 5:
        rid, captured, received = struct.unpack_from(">IQQ", b)
        check(rid == 1 and captured == 6 and received >= 6, "STATS counts")

    port.send(FRAME["SET_FILTER"], struct.pack(">I", 2) + b"tcp and")
    (t, b), _ = port.until(4)
    check(t == 4 and struct.unpack_from(">IHB", b) == (2, 4, 0),
          "bad filter refused, not fatal: " + (describe(t, b) if t else "none"))
    port.send(FRAME["SET_FILTER"], struct.pack(">I", 3) + b"udp port 9999")
    (t, b), _ = port.until(6)
    check(t == 6 and struct.unpack(">I", b)[0] == 3, "FILTER_OK id 3")
    port.send(FRAME["SET_FILTER"], struct.pack(">I", 33) + b"tcp port http or udp port domain")
    t, b = port.frame()
    check(t == 6, "named ports after chroot: " + (describe(t, b) if t else "none"))
    port.send(FRAME["SET_FILTER"], struct.pack(">I", 35) + rb"ip proto \tcp or ip6 proto \udp")
    t, b = port.frame()
    check(t == 6, "named protocols after chroot: " + (describe(t, b) if t else "none"))
    port.send(FRAME["SET_FILTER"], struct.pack(">I", 34) + b"udp port 9999")
    port.frame()

    frame = udp_frame(9999, b"epcap-inject")
    port.send(FRAME["INJECT"], struct.pack(">I", 4) + frame)
    (t, b), _ = port.until(7)
    check(t == 7 and struct.unpack(">II", b) == (4, len(frame)),
          "INJECTED %d bytes: %s" % (len(frame), describe(t, b) if t else "none"))
    port.send(FRAME["STATS_REQUEST"], struct.pack(">I", 5))
    (t, b), pkts = port.until(5)
    check(any(p[16:] == frame for p in pkts), "injected frame captured byte for byte")

    port.send(FRAME["STOP"])
    (t, b), _ = port.until(9)
    check(t == 9, "STOPPED")
    check(port.p.wait(5) == 0, "exit 0 after STOP")

    port = Port("-i", "lo")
    port.until(1)
    port.send(FRAME["INJECT"], struct.pack(">I", 7) + frame)
    (t, b), _ = port.until(4)
    check(t == 4 and struct.unpack_from(">IHB", b) == (7, 9, 0),
          "INJECT without -X refused: " + (describe(t, b) if t else "none"))
    port.p.stdin.close()
    check(port.p.wait(5) == 0, "exit 0 when stdin closes")

    port = Port("-i", "lo")
    port.until(1)
    port.send(FRAME["STATS_REQUEST"], b"\x00")  # STATS_REQUEST with a 1-byte body
    t, b = port.frame()
    check(t == 4 and struct.unpack_from(">IHB", b)[1:] == (11, 1), "short body: PROTOCOL")
    check(port.p.wait(5) == 3, "exit 3 after PROTOCOL")

    # -y on 'any': Linux cooked v2 instead of v1, the filter compiled for it,
    # the protocol field first and lo's interface index after it. -j host:
    # the one time-stamp type lo offers.
    for dlt_name, dlt, proto_at in (("LINUX_SLL2", 276, 0), ("LINUX_SLL", 113, 14)):
        port = Port("-i", "any", "-y", dlt_name, "-j", "host", "icmp and host 127.0.0.1")
        (t, b), _ = port.until(1)
        check(t == 1 and struct.unpack_from(">I", b)[0] == dlt,
              "-y %s on any: READY %s" % (dlt_name, describe(t, b) if t else "none"))
        subprocess.run(["ping", "-c", "1", "-W", "1", "127.0.0.1"], stdout=subprocess.DEVNULL)
        port.send(FRAME["STATS_REQUEST"], struct.pack(">I", 1))
        _, pkts = port.until(5)
        check(len(pkts) >= 2 and all(p[16 + proto_at:16 + proto_at + 2] == b"\x08\x00" for p in pkts),
              "-y %s: %d ICMP packets with IPv4 in the cooked header" % (dlt_name, len(pkts)))
        if dlt == 276 and pkts:
            check(struct.unpack_from(">I", pkts[0], 16 + 4)[0] == socket.if_nametoindex("lo"),
                  "-y LINUX_SLL2: lo's interface index in the header")
        port.p.stdin.close()
        check(port.p.wait(5) == 0, "-y %s: exit 0 when stdin closes" % dlt_name)
    port = Port("-l", "-i", "lo")
    t, b = port.frame()
    check(t == FRAME["TYPES"] and "1:EN10MB:Ethernet" in describe(t, b) and "0:host:Host" in describe(t, b),
          "-l -i lo: " + (describe(t, b) if t else "none"))
    check(port.frame()[0] == FRAME["EOF"] and port.p.wait(5) == 0, "-l: EOF, exit 0")

    # Death with the parent: the port's stdin stays open (we hold the pipe),
    # so only PR_SET_PDEATHSIG can end it when its parent is killed.
    r, w = os.pipe()
    middle = subprocess.Popen(
        [sys.executable, "-c",
         "import subprocess,sys,time\n"
         "p=subprocess.Popen([sys.argv[1],'-i','lo'],stdin=int(sys.argv[2]),"
         "stdout=subprocess.DEVNULL)\n"
         "print(p.pid,flush=True)\ntime.sleep(60)", EPCAP, str(r)],
        pass_fds=[r], stdout=subprocess.PIPE)
    os.close(r)
    child = int(middle.stdout.readline())
    time.sleep(0.5)
    check(os.path.exists("/proc/%d" % child), "port running under a parent")
    middle.send_signal(signal.SIGKILL)
    middle.wait()
    gone = False
    for _ in range(50):
        try:
            st = open("/proc/%d/stat" % child).read().split()[2]
            if st in ("Z", "X"):
                gone = True
                break
        except FileNotFoundError:
            gone = True
            break
        time.sleep(0.02)
    check(gone, "port died with its parent")
    os.close(w)

    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
