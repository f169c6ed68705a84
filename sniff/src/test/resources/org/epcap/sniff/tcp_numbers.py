# Writes TCP conversations whose one-line output depends on tcpdump's relative sequence numbers,
# for TcpNumbersTest: IPv4 and IPv6, the client's port above and below the server's, equal ports
# (then the addresses decide which side is first), SACK blocks (one and several), a sequence
# number that wraps, a connection picked up mid-stream, a SYN that reuses a 4-tuple, and RSTs
# with and without ACK. Usage: tcp_numbers.py OUT.pcap
import sys
from scapy.all import Ether, IP, IPv6, TCP, Raw, wrpcap

packets = []
clock = [1767225600.0]


def emit(p):
    clock[0] += 0.001
    p.time = clock[0]
    packets.append(p)


class Conn:
    def __init__(self, c, s, cport, sport, cseq, sseq, v6=False):
        self.c, self.s, self.cport, self.sport, self.v6 = c, s, cport, sport, v6
        self.cseq, self.sseq = cseq, sseq

    def seg(self, fwd, flags, data=b"", seq=None, ack=True, options=()):
        L = IPv6 if self.v6 else IP
        ip = L(src=self.c, dst=self.s) if fwd else L(src=self.s, dst=self.c)
        sport, dport = (self.cport, self.sport) if fwd else (self.sport, self.cport)
        s = (self.cseq if fwd else self.sseq) if seq is None else seq
        a = (self.sseq if fwd else self.cseq) if ack else 0
        if not ack:
            flags = flags.replace("A", "")
        p = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / ip / TCP(
            sport=sport, dport=dport, flags=flags, seq=s % 2**32, ack=a % 2**32, window=512, options=list(options))
        if data:
            p = p / Raw(data)
        emit(p)
        if seq is None:
            n = len(data) + (1 if ("S" in flags or "F" in flags) else 0)
            if fwd:
                self.cseq += n
            else:
                self.sseq += n

    def handshake(self):
        self.seg(True, "S", ack=False, options=[("MSS", 1460), ("SAckOK", b"")])
        self.seg(False, "SA", options=[("MSS", 1460), ("SAckOK", b"")])
        self.seg(True, "A")

    def exchange(self):
        self.seg(True, "PA", b"hello " * 10)
        self.seg(False, "A")
        self.seg(False, "PA", b"x" * 100)
        # a hole: the client acknowledges up to it and SACKs two later ranges
        base = self.sseq
        self.seg(False, "PA", b"y" * 50, seq=base + 100)
        self.seg(False, "PA", b"z" * 50, seq=base + 200)
        self.seg(True, "A", options=[("NOP", None), ("NOP", None),
                                     ("SAck", ((base + 100) % 2**32, (base + 150) % 2**32,
                                               (base + 200) % 2**32, (base + 250) % 2**32))])
        self.seg(True, "A", options=[("NOP", None), ("NOP", None),
                                     ("SAck", ((base + 100) % 2**32, (base + 150) % 2**32))])
        self.seg(False, "PA", b"w" * 250)
        self.seg(True, "FA")
        self.seg(False, "FA")
        self.seg(True, "A")


for conn in [
    Conn("169.254.1.1", "169.254.1.2", 40000, 80, 1000, 5000),               # client port above
    Conn("169.254.1.1", "169.254.1.2", 1024, 8080, 7, 2**32 - 30),            # below, server wraps
    Conn("169.254.1.9", "169.254.1.2", 5555, 5555, 2**32 - 70, 300),          # equal ports, client address above
    Conn("169.254.1.1", "169.254.1.2", 6666, 6666, 42, 4242),                 # equal ports, client address below
    Conn("fd00::1", "fd00::2", 40001, 443, 2**31, 99, v6=True),
    Conn("fd00::9", "fd00::2", 7777, 7777, 1, 2, v6=True),
]:
    conn.handshake()
    conn.exchange()

# Picked up mid-stream: the first segment seen carries an ACK, so it is the base.
mid = Conn("169.254.1.3", "169.254.1.4", 50000, 22, 123456789, 987654321)
mid.seg(True, "PA", b"a" * 30)
mid.seg(False, "PA", b"b" * 60)
mid.seg(True, "A")
# The same 4-tuple again with a new SYN-ACK: numbers start over from it.
again = Conn("169.254.1.3", "169.254.1.4", 50000, 22, 555, 777)
again.seg(True, "S", ack=False)
again.seg(False, "SA")
again.seg(True, "PA", b"c" * 10)
again.seg(False, "R", ack=False, seq=again.sseq)
again.seg(True, "RA")

wrpcap(sys.argv[1], packets)
