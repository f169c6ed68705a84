# Writes one HTTP/1.1 connection with N requests pipelined before the first response, then the N
# responses, for the pairing bound of HttpEventsTsharkTest. Usage: pipelined.py N OUT.pcap
import sys
from scapy.all import Ether, IP, TCP, Raw, wrpcap

n, out = int(sys.argv[1]), sys.argv[2]
packets, clock = [], [1767225600.0]
c, s, cp, sp = "10.0.1.1", "10.0.1.2", 41000, 80
seq = {True: 1000, False: 5000}

def emit(fwd, flags, data=b""):
    ip = IP(src=c, dst=s) if fwd else IP(src=s, dst=c)
    tcp = TCP(sport=cp if fwd else sp, dport=sp if fwd else cp, flags=flags, seq=seq[fwd], ack=seq[not fwd])
    p = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / ip / tcp / (Raw(data) if data else b"")
    clock[0] += 0.001
    p.time = clock[0]
    packets.append(p)
    seq[fwd] += len(data) + (1 if "S" in flags or "F" in flags else 0)

def send(fwd, data):
    for i in range(0, len(data), 1400):
        emit(fwd, "PA", data[i:i + 1400])
    emit(not fwd, "A")

emit(True, "S"); emit(False, "SA"); emit(True, "A")
send(True, b"".join(b"GET /r%d HTTP/1.1\r\nHost: pipelined.example\r\n\r\n" % i for i in range(n)))
send(False, b"".join(b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx" for i in range(n)))
emit(True, "FA"); emit(False, "FA"); emit(True, "A")
wrpcap(out, packets)
