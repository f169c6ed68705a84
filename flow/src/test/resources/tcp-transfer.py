#!/usr/bin/env python3
"""One TCP transfer each way, for the live reassembly test; prints what it sent and received.

    tcp-transfer.py server ADDRESS PORT SEND_BYTES TIMEOUT_S
    tcp-transfer.py client ADDRESS PORT SEND_BYTES TIMEOUT_S

Each side sends SEND_BYTES random bytes while it reads what the other sends, then shuts down its
sending half (FIN) and reads until the other's FIN. It prints one line:
    sent=<sha256> sent_bytes=N received=<sha256> received_bytes=M
Every socket call is bounded by TIMEOUT_S; the server serves one connection and exits.
"""
import hashlib
import os
import socket
import sys
import threading


def transfer(sock, count):
    sent = hashlib.sha256()
    received = hashlib.sha256()
    got = [0]

    def reader():
        while True:
            data = sock.recv(1 << 16)
            if not data:
                return
            received.update(data)
            got[0] += len(data)

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    left = count
    while left > 0:
        chunk = os.urandom(min(left, 1 << 16))
        sock.sendall(chunk)
        sent.update(chunk)
        left -= len(chunk)
    sock.shutdown(socket.SHUT_WR)
    t.join(sock.gettimeout())
    if t.is_alive():
        raise SystemExit("timed out reading")
    print(f"sent={sent.hexdigest()} sent_bytes={count} received={received.hexdigest()} received_bytes={got[0]}",
          flush=True)


def main():
    mode, address, port, count, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    if mode == "server":
        srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.settimeout(timeout)
        srv.bind((address, port))
        srv.listen(1)
        print("listening", flush=True)
        conn, _ = srv.accept()
        conn.settimeout(timeout)
        transfer(conn, count)
        conn.close()
    else:
        conn = socket.create_connection((address, port), timeout=timeout)
        conn.settimeout(timeout)
        transfer(conn, count)
        conn.close()


if __name__ == "__main__":
    main()
