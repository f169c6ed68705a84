#!/usr/bin/env python3
"""Runs the port program with its stdin held open, like the library does,
and prints its frames (decoded) and exit status. Standard library only.

  test/portrun.py [--send HEX]... [--stdin-file PATH] [--timeout S] -- ./epcap ARGS...

--send writes raw bytes (hex) to the port's stdin right after start;
--stdin-file gives it a file as stdin instead (so it is read before any
packet batch is served). stdin is closed once stdout has ended.
The port's stderr comes out on this program's stderr through a pipe: in
the rlimit mode the port may not grow a file (RLIMIT_FSIZE 0), so a
stderr redirected to a file would lose whatever it writes after READY,
sanitizer reports included.
Last line: "EXIT <status>" (negative: killed by that signal).
"""
import os
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import decode_frames  # noqa: E402


def relay_stderr(pipe):
    out = sys.stderr.buffer
    for chunk in iter(lambda: pipe.read1(1 << 16), b""):
        out.write(chunk)
        out.flush()


def main():
    args = sys.argv[1:]
    sends, stdin_file, timeout = [], None, 60.0
    while args and args[0] != "--":
        opt = args.pop(0)
        if opt == "--send":
            sends.append(bytes.fromhex(args.pop(0)))
        elif opt == "--stdin-file":
            stdin_file = args.pop(0)
        elif opt == "--timeout":
            timeout = float(args.pop(0))
        else:
            sys.exit("unknown option " + opt)
    cmd = args[1:]
    stdin = open(stdin_file, "rb") if stdin_file else subprocess.PIPE
    proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    chunks = []
    reader = threading.Thread(target=lambda: chunks.append(proc.stdout.read()))
    reader.start()
    relay = threading.Thread(target=relay_stderr, args=(proc.stderr,), daemon=True)
    relay.start()
    if proc.stdin:
        for s in sends:
            try:
                proc.stdin.write(s)
                proc.stdin.flush()
            except BrokenPipeError:
                break
    reader.join(timeout)
    if reader.is_alive():
        proc.kill()
        reader.join()
        print("TIMEOUT")
    if proc.stdin:
        try:
            proc.stdin.close()
        except BrokenPipeError:
            pass
    status = proc.wait()
    relay.join(timeout)
    try:
        for t, b in decode_frames.frames(b"".join(chunks)):
            print(decode_frames.describe(t, b))
    except ValueError as e:
        print("BROKEN %s" % e)
    print("EXIT %d" % status)


if __name__ == "__main__":
    main()
