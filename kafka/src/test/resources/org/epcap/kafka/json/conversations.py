# Writes a capture of TCP conversations whose events need reassembly, for the tshark oracle
# tests of org.epcap.kafka.json: HTTP requests split across segments, out of order, pipelined,
# after bodies (Content-Length and chunked), over IPv4 and IPv6; TLS hellos split across
# segments and across records. Usage: conversations.py OUT.pcap
import sys
from scapy.all import Ether, IP, IPv6, TCP, Raw, wrpcap, load_layer
load_layer("tls")
from scapy.layers.tls.handshake import TLSClientHello, TLSServerHello
from scapy.layers.tls.extensions import (TLS_Ext_ServerName, ServerName, TLS_Ext_SupportedGroups,
    TLS_Ext_SupportedPointFormat, TLS_Ext_SignatureAlgorithms, TLS_Ext_ALPN, ProtocolName,
    TLS_Ext_SupportedVersion_CH, TLS_Ext_SupportedVersion_SH, TLS_Ext_Padding)

packets = []
clock = [1767225600.0]

def emit(p):
    clock[0] += 0.001
    p.time = clock[0]
    packets.append(p)

class Conn:
    def __init__(self, c, s, cport, sport, v6=False):
        self.c, self.s, self.cport, self.sport, self.v6 = c, s, cport, sport, v6
        self.cseq, self.sseq = 1000, 5000

    def ip(self, fwd):
        L = IPv6 if self.v6 else IP
        return Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / (L(src=self.c, dst=self.s) if fwd else L(src=self.s, dst=self.c))

    def seg(self, fwd, flags, data=b"", seq=None):
        if fwd:
            s = self.cseq if seq is None else seq
            t = TCP(sport=self.cport, dport=self.sport, flags=flags, seq=s, ack=self.sseq)
        else:
            s = self.sseq if seq is None else seq
            t = TCP(sport=self.sport, dport=self.cport, flags=flags, seq=s, ack=self.cseq)
        return self.ip(fwd) / t / (Raw(data) if data else b"")

    def handshake(self):
        emit(self.seg(True, "S")); self.cseq += 1
        emit(self.seg(False, "SA")); self.sseq += 1
        emit(self.seg(True, "A"))

    def send(self, fwd, data, pieces=None, order=None):
        """Sends data in pieces (sizes), in the given order of pieces; then acknowledges."""
        pieces = pieces or [len(data)]
        offs, o = [], 0
        for n in pieces:
            offs.append((o, data[o:o + n])); o += n
        assert o == len(data)
        base = self.cseq if fwd else self.sseq
        for i in (order or range(len(offs))):
            off, chunk = offs[i]
            emit(self.seg(fwd, "PA", chunk, seq=base + off))
        if fwd:
            self.cseq += len(data)
        else:
            self.sseq += len(data)
        emit(self.seg(not fwd, "A"))

    def close(self):
        emit(self.seg(True, "FA")); self.cseq += 1
        emit(self.seg(False, "FA")); self.sseq += 1
        emit(self.seg(True, "A"))

# 1. HTTP/1.1 keep-alive: a request split in three and reordered, then a POST whose body and the
#    next request share a segment, then a chunked POST followed by a GET.
h = Conn("10.0.0.1", "10.0.0.2", 40001, 80)
h.handshake()
req1 = b"GET /index.html?x=1&y=2 HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n"
h.send(True, req1, [20, 30, len(req1) - 50], [0, 2, 1])
h.send(False, b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
req2 = (b"POST /form HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n"
        b"Content-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world"
        b"GET /after-body HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: curl/8.5.0\r\n\r\n")
h.send(True, req2, [60, len(req2) - 60])
h.send(False, b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
req3 = (b"POST /upload HTTP/1.1\r\nHost: www.example.com:80\r\nUser-Agent: uploader/1.0\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n"
        b"HEAD /after-chunks HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: Wget/1.21\r\n\r\n")
h.send(True, req3, [45, 40, 30, len(req3) - 115])
h.send(False, b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n")
h.close()

# 2. HTTP over IPv6 to a proxy port: absolute-form target, a long User-Agent.
p = Conn("2001:db8::1", "2001:db8::2", 40002, 8080, v6=True)
p.handshake()
req4 = (b"GET http://origin.example.net/a/b.txt?q=%20 HTTP/1.1\r\nHost: origin.example.net\r\nUser-Agent: "
        + b"LongAgent/" + b"x" * 300 + b"\r\n\r\n")
p.send(True, req4, [100, 100, len(req4) - 200], [1, 0, 2])
p.send(False, b"HTTP/1.1 204 No Content\r\n\r\n")
p.close()

# 2b. Responses framed every way (one per frame, so tshark's occurrences line up): a chunked body
#     split across segments, a 304 and a HEAD response with no body though they name a type or a
#     length, a 404 with a Content-Length body, and an HTTP/1.0 response ended by the close.
r = Conn("10.0.0.6", "10.0.0.7", 40006, 80)
r.handshake()
for target, response, pieces in [
        (b"/chunked", b"HTTP/1.1 200 OK\r\nServer: gen/1.0\r\nContent-Type: text/html; charset=utf-8\r\n"
                      b"Transfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n3;x=y\r\nefg\r\n0\r\n\r\n", [40, 60]),
        (b"/cached", b"HTTP/1.1 304 Not Modified\r\nServer: gen/1.0\r\nContent-Type: image/png\r\n\r\n", None),
        (b"/missing", b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nnot found", None),
        (b"/legacy", b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"a\":1}", None)]:
    method = b"HEAD" if target == b"/cached" else b"GET"
    req = method + b" " + target + b" HTTP/1.1\r\nHost: responses.example\r\nUser-Agent: gen/1.0\r\n\r\n"
    r.send(True, req)
    resp_pieces = None if pieces is None else pieces + [len(response) - sum(pieces)]
    r.send(False, response, resp_pieces)
r.close()

def record(body, version=0x0301):
    return bytes([0x16, version >> 8, version & 0xff, len(body) >> 8, len(body) & 0xff]) + body

# 3. TLS 1.3 ClientHello (with padding: ~700 bytes) split across three segments, the last two
#    swapped; the ServerHello split across two.
t = Conn("10.0.0.1", "10.0.0.3", 40003, 443)
t.handshake()
ch = bytes(TLSClientHello(version=0x0303, gmt_unix_time=0x11223344, random_bytes=b"\x01" * 28, sid=b"\x02" * 32,
    ciphers=[0x0a0a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f], comp=[0],
    ext=[TLS_Ext_ServerName(servernames=[ServerName(servername=b"split.example.org")]),
         TLS_Ext_SupportedGroups(groups=[0x1a1a, 29, 23, 24]),
         TLS_Ext_SupportedPointFormat(ecpl=[0]),
         TLS_Ext_SignatureAlgorithms(sig_algs=[0x0403, 0x0804, 0x0401]),
         TLS_Ext_ALPN(protocols=[ProtocolName(protocol=b"h2"), ProtocolName(protocol=b"http/1.1")]),
         TLS_Ext_SupportedVersion_CH(versions=[0x0304, 0x0303]),
         TLS_Ext_Padding(padding=b"\x00" * 512)]))
rec = record(ch)
t.send(True, rec, [40, 300, len(rec) - 340], [0, 2, 1])
sh = bytes(TLSServerHello(version=0x0303, gmt_unix_time=0x55667788, random_bytes=b"\x03" * 28, sid=b"\x02" * 32,
    cipher=0x1301, comp=0,
    ext=[TLS_Ext_SupportedVersion_SH(version=0x0304), TLS_Ext_ALPN(protocols=[ProtocolName(protocol=b"h2")])]))
srec = record(sh, 0x0303)
t.send(False, srec, [30, len(srec) - 30])
t.close()

# 4. A TLS 1.2 ClientHello in two handshake records (record fragmentation), one segment each,
#    on a port that is not TLS's.
u = Conn("10.0.0.4", "10.0.0.5", 40004, 8443)
u.handshake()
ch2 = bytes(TLSClientHello(version=0x0303, gmt_unix_time=1, random_bytes=b"\x04" * 28, sid=b"",
    ciphers=[0xc02b, 0xc02f, 0x009e, 0x0033], comp=[0],
    ext=[TLS_Ext_ServerName(servernames=[ServerName(servername=b"records.example.com")]),
         TLS_Ext_SupportedGroups(groups=[23, 24]),
         TLS_Ext_SupportedPointFormat(ecpl=[0]),
         TLS_Ext_ALPN(protocols=[ProtocolName(protocol=b"http/1.1")])]))
two = record(ch2[:50], 0x0303) + record(ch2[50:], 0x0303)
u.send(True, two, [55, len(two) - 55])
sh2 = bytes(TLSServerHello(version=0x0303, gmt_unix_time=2, random_bytes=b"\x05" * 28, sid=b"\x06" * 32,
    cipher=0xc02f, comp=0, ext=[TLS_Ext_ALPN(protocols=[ProtocolName(protocol=b"http/1.1")])]))
u.send(False, record(sh2, 0x0303))
u.close()

wrpcap(sys.argv[1], packets)
