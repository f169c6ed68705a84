#!/usr/bin/python3
"""A small HTTP/1.1 server for LiveL7TrafficTest: keep-alive, fixed answers, one chunked.

usage: http-server.py PORT SECONDS
Listens on [::]:PORT (IPv4 too), prints "listening", serves until SECONDS have passed.
  /chunked   200, Transfer-Encoding: chunked (three chunks)
  /missing   404 with a body (the connection stays open)
  /created   201 (POST too)
  other      200 with a Content-Length body
"""
import http.server
import socket
import sys
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, code, body):
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b"first chunk\n", b"second\n", b"third and last\n"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        elif self.path == "/missing":
            self.answer(404, b"no such thing\n")
        elif self.path == "/created":
            self.answer(201, b"made\n")
        else:
            self.answer(200, ("you asked for %s\n" % self.path).encode())

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(n)
        self.answer(201, b"made\n")



class Server(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6
    daemon_threads = True


def main():
    port, seconds = int(sys.argv[1]), float(sys.argv[2])
    server = Server(("::", port), Handler)
    server.timeout = 0.2
    print("listening", flush=True)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        server.handle_request()
    server.server_close()


if __name__ == "__main__":
    main()
