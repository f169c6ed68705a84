# Builds TCP segments carrying HTTP/1.x heads with scapy and prints, per case, one line
# (tab-separated): <name> <dlt> <hex of the Ethernet frame>. HttpTsharkTest writes them to a
# capture file and compares the codec's Http with tshark's http.* fields, segment by segment.
import logging
logging.getLogger("scapy").setLevel(logging.ERROR)
from scapy.all import *

M1, M2 = "02:00:00:00:00:01", "02:00:00:00:00:02"
A1, A2 = "169.254.0.1", "169.254.0.2"
S1, S2 = "fd00::1", "fd00::2"
n = 0

def case(name, data, port=80, v6=False, to_server=True):
    global n
    n += 1
    ip = IPv6(src=S1, dst=S2) if v6 else IP(src=A1, dst=A2)
    sport, dport = (41000 + n, port) if to_server else (port, 41000 + n)
    tcp = TCP(sport=sport, dport=dport, flags="PA", seq=1000 * n, ack=1)
    print("\t".join([name, "1", raw(Ether(src=M1, dst=M2) / ip / tcp / Raw(data)).hex()]))

CRLF = "\r\n"
def head(start, fields, body=""):
    return (start + CRLF + "".join(f"{k}: {v}{CRLF}" for k, v in fields) + CRLF + body).encode("latin-1")

case("get", head("GET /index.html HTTP/1.1", [("Host", "www.example.test"), ("User-Agent", "curl/7.88.1"), ("Accept", "*/*")]))
case("get-query", head("GET /search?q=a%20b&x=1 HTTP/1.1", [("Host", "example.test:8080"), ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)")]), port=8080)
case("get-absolute", head("GET http://example.test/proxy HTTP/1.1", [("Host", "example.test")]), port=3128)
case("head-1.0", head("HEAD / HTTP/1.0", []))
case("post-body", head("POST /api/v1/items HTTP/1.1", [("Host", "api.test"), ("Content-Type", "application/json"), ("Content-Length", "17")], '{"name":"value"}\n'))
case("put-chunked", head("PUT /upload HTTP/1.1", [("Host", "h"), ("Transfer-Encoding", "chunked"), ("Content-Type", "application/octet-stream")], "5\r\nhello\r\n0\r\n\r\n"))
case("delete-v6", head("DELETE /items/7 HTTP/1.1", [("Host", "[fd00::2]")]), v6=True)
case("options-star", head("OPTIONS * HTTP/1.1", [("Host", "h")]))
case("patch", head("PATCH /doc HTTP/1.1", [("Host", "h"), ("Content-Length", "0")]))
case("propfind", head("PROPFIND /dav/ HTTP/1.1", [("Host", "dav.test"), ("Depth", "1")]))
case("field-case-and-space", head("GET / HTTP/1.1", [("hOsT", "  spaced.test  "), ("USER-AGENT", "x")]))
case("lf-only", b"GET /lf HTTP/1.1\nHost: lf.test\nUser-Agent: lf\n\n")
case("head-cut", b"GET /cut HTTP/1.1\r\nHost: cut.test\r\nUser-Agent: cut")
case("ok", head("HTTP/1.1 200 OK", [("Server", "nginx/1.22.1"), ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", "5")], "hello"), to_server=False)
case("not-found", head("HTTP/1.1 404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "9")], "not found"), to_server=False)
case("redirect", head("HTTP/1.1 301 Moved Permanently", [("Location", "https://example.test/"), ("Content-Length", "0")]), to_server=False)
case("no-reason", head("HTTP/1.1 204", [("Server", "x")]), to_server=False)
case("chunked-response", head("HTTP/1.1 200 OK", [("Transfer-Encoding", "chunked"), ("Content-Type", "application/json")], "2\r\n{}\r\n0\r\n\r\n"), to_server=False)
case("http10-response-v6", head("HTTP/1.0 500 Internal Server Error", [("Content-Type", "text/html")]), v6=True, to_server=False)
case("continue", head("HTTP/1.1 100 Continue", []), to_server=False)
case("response-8080", head("HTTP/1.1 302 Found", [("Location", "/login"), ("Server", "Jetty(9.4)")]), port=8080, to_server=False)
case("many-fields", head("GET /many HTTP/1.1", [("Host", "many.test")] + [(f"X-Field-{i}", "v" * i) for i in range(40)] + [("User-Agent", "last")]))
