#!/bin/sh
# Quick checks of the port program against oracles nobody here wrote
# (tcpdump, libpcap through test/pcapdump): packet counts, lengths and
# timestamps in file mode, ERROR frames and exit statuses for bad options
# and a malformed request, -L, -y/-j values and (as root) -l. Run by
# `make check`; needs no root.
#
# EPCAP names the port program under test (default ./epcap); `make
# check-sanitize` runs these checks against ./epcap-asan. The port's stderr
# is kept (through a pipe: in the rlimit mode the port cannot grow a file)
# and a sanitizer report in it fails the check that ran it, whatever the
# exit status: a UBSan report written inside the jail (no /proc) ends the
# port with status 1, which some checks expect.
set -u

cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
CORPUS=${CORPUS:-../../shared/corpus/tcpdump}
[ -d "$CORPUS" ] || CORPUS=/work/shared/corpus/tcpdump
EPCAP=${EPCAP:-./epcap}
# Only a sanitizer build reads these: leaks at exit are not errors (the
# port exits without freeing), any other report is fatal, with a status of
# its own.
export ASAN_OPTIONS="${ASAN_OPTIONS-detect_leaks=0:abort_on_error=0:exitcode=99}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS-halt_on_error=1:print_stacktrace=1:exitcode=98}"
RUN="$PYTHON test/portrun.py"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
# The port's stderr, from every run since the last no_report.
PORTERR=$TMP/port.stderr
: > "$PORTERR"

ok() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# no_report WHAT: WHAT fails if the port wrote a sanitizer report since the
# last call (the report is shown); the kept stderr starts again empty.
no_report() {
  if grep -qE 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' "$PORTERR"; then
    fail "$1: sanitizer report on the port's stderr:"
    head -60 "$PORTERR" | sed 's/^/     /'
  fi
  : > "$PORTERR"
}

# expect_error CODE STATUS ARGS...: the port sends a fatal ERROR CODE and
# exits with STATUS.
expect_error() {
  code=$1 status=$2
  shift 2
  $RUN -- "$EPCAP" "$@" > "$TMP/out" 2>>"$PORTERR"
  if grep -q "^ERROR id=0 code=$code fatal=1" "$TMP/out" &&
     grep -qx "EXIT $status" "$TMP/out"; then
    ok "epcap $* -> $code, exit $status"
  else
    fail "epcap $* -> expected $code, exit $status; got: $(tr '\n' '|' < "$TMP/out")"
  fi
  no_report "epcap $*"
}

# file_matches FILE [FILTER]: every packet as libpcap reads it, and the
# count tcpdump gives.
file_matches() {
  name=$1
  f=$CORPUS/$1
  shift
  if [ ! -r "$f" ]; then
    echo "skip $f: not in the corpus"
    return
  fi
  $RUN -- "$EPCAP" -f "$f" "$@" > "$TMP/port" 2>>"$PORTERR"
  no_report "$name${*:+ [$*]}"
  sed -n 's/^PACKET //p' "$TMP/port" > "$TMP/port.packets"
  test/pcapdump "$f" "$@" > "$TMP/oracle" 2>/dev/null
  n=$(wc -l < "$TMP/port.packets")
  if ! grep -qx "EXIT 0" "$TMP/port" || ! grep -qx EOF "$TMP/port"; then
    fail "$name${*:+ [$*]}: no EOF/exit 0: $(tail -2 "$TMP/port" | tr '\n' '|')"
  elif ! cmp -s "$TMP/port.packets" "$TMP/oracle"; then
    fail "$name${*:+ [$*]}: timestamps/lengths differ from libpcap's"
  elif command -v tcpdump > /dev/null; then
    want=$(tcpdump --count -r "$f" "$@" 2>/dev/null | awk '{print $1}')
    if [ "$n" = "$want" ]; then
      ok "$name${*:+ [$*]}: $n packets, as tcpdump counts; lengths and times as libpcap"
    else
      fail "$name${*:+ [$*]}: $n packets, tcpdump counts $want"
    fi
  else
    echo "skip tcpdump count for $name: tcpdump not installed"
  fi
}

[ -x "$EPCAP" ] && [ -x test/pcapdump ] || { echo "build first: make test-tools ($EPCAP)"; exit 1; }

file_matches afs.pcap
file_matches afs.pcap udp
file_matches 3560_CDP.pcap
file_matches icmpv6.pcap 'icmp or icmp6'
file_matches of13_ericsson.pcapng
file_matches of13_ericsson.pcapng tcp

expect_error BAD_OPTION 1 -s 0
expect_error BAD_OPTION 1 -s 262145
expect_error BAD_OPTION 1 -s many
expect_error BAD_OPTION 1 -Q sideways
expect_error BAD_OPTION 1 -e NOVALUE
expect_error BAD_OPTION 1 -T 2
expect_error BAD_OPTION 1 -t -5
expect_error BAD_OPTION 1 -c 256
expect_error BAD_OPTION 1 -a 3-1
expect_error BAD_OPTION 1 -z
expect_error BAD_OPTION 1 -i
expect_error FILE_ERROR 1 -f /nonexistent/missing.pcap
expect_error FILE_ERROR 1 -f test/smoke.sh
expect_error BAD_FILTER 1 -f "$CORPUS/afs.pcap" 'tcp and'
expect_error BAD_FILTER 1 -C 'udp port'
# -y and -j: libpcap's names (or a -y number), checked before anything opens.
expect_error BAD_OPTION 1 -y NO_SUCH_TYPE -C ip
expect_error BAD_OPTION 1 -y 65536 -C ip
expect_error BAD_OPTION 1 -y -1 -C ip
expect_error BAD_OPTION 1 -y 'EN10MB;id' -C ip
expect_error BAD_OPTION 1 -j sundial -C ip
expect_error BAD_OPTION 1 -y EN10MB -f "$CORPUS/afs.pcap"
expect_error BAD_OPTION 1 -l -f "$CORPUS/afs.pcap"
expect_error BAD_OPTION 1 -l -L
# -C compiles for -y's type: libpcap has no DOCSIS filters.
expect_error BAD_FILTER 1 -y DOCSIS -C udp

# A malformed request: stdin is a file, so it is read before the first
# packet batch is served (length 1, unknown type 0x7f).
printf '\000\000\000\001\177' > "$TMP/bad-request"
$RUN --stdin-file "$TMP/bad-request" -- "$EPCAP" -f "$CORPUS/afs.pcap" > "$TMP/out" 2>>"$PORTERR"
no_report "malformed request"
if grep -q "^ERROR id=0 code=PROTOCOL fatal=1" "$TMP/out" && grep -qx "EXIT 3" "$TMP/out"; then
  ok "malformed request -> PROTOCOL, exit 3"
else
  fail "malformed request: $(tail -2 "$TMP/out" | tr '\n' '|')"
fi

$RUN -- "$EPCAP" -C 'udp port 53' > "$TMP/out" 2>>"$PORTERR"
no_report "-C good filter"
if grep -qx "FILTER_OK id=0" "$TMP/out" && grep -qx "EXIT 0" "$TMP/out"; then
  ok "-C accepts a good filter"
else
  fail "-C good filter: $(tr '\n' '|' < "$TMP/out")"
fi

$RUN -- "$EPCAP" -L > "$TMP/out" 2>>"$PORTERR"
no_report "-L"
if grep -q "^INTERFACE lo " "$TMP/out" && grep -qx EOF "$TMP/out" && grep -qx "EXIT 0" "$TMP/out"; then
  ok "-L lists lo"
else
  fail "-L: $(tr '\n' '|' < "$TMP/out")"
fi

$RUN -- "$EPCAP" -y linux_sll2 -C 'ip and udp' > "$TMP/out" 2>>"$PORTERR"
no_report "-y -C"
if grep -qx "FILTER_OK id=0" "$TMP/out" && grep -qx "EXIT 0" "$TMP/out"; then
  ok "-y linux_sll2 -C compiles for Linux cooked v2"
else
  fail "-y linux_sll2 -C: $(tr '\n' '|' < "$TMP/out")"
fi

# -l opens the device: only with capture rights.
if [ "$(id -u)" = 0 ]; then
  $RUN -- "$EPCAP" -l -i any > "$TMP/out" 2>>"$PORTERR"
  no_report "-l"
  if grep -q "^TYPES any current=113 .*276:LINUX_SLL2:Linux cooked v2" "$TMP/out" && grep -qx EOF "$TMP/out" &&
     grep -qx "EXIT 0" "$TMP/out"; then
    ok "-l -i any lists LINUX_SLL and LINUX_SLL2"
  else
    fail "-l -i any: $(tr '\n' '|' < "$TMP/out")"
  fi
fi

# A regular file is read through a mapping whose pages are given back
# behind the reader: reading a 256 MiB file, the port's peak resident set
# stays a fraction of it, and every packet still comes out (172,000 PACKET
# frames of 21 + 1500 bytes, then EOF). os.wait4's rusage is the oracle.
$PYTHON -c 'import struct, sys
rec = struct.pack("=IIII", 1700000000, 0, 1500, 1500) + bytes(range(250)) * 6
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("=IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for _ in range(172):
        f.write(rec * 1000)' "$TMP/big.pcap"
big=$($PYTHON -c 'import os, subprocess, sys, threading
p = subprocess.Popen([sys.argv[2], "-f", sys.argv[1]], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE)
err = threading.Thread(target=lambda: sys.stderr.buffer.write(p.stderr.read()))
err.start()
n, tail = 0, b""
while True:
    b = p.stdout.read(1 << 20)
    if not b:
        break
    n += len(b)
    tail = (tail + b)[-5:]
_, status, usage = os.wait4(p.pid, 0)
err.join()
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss // 1024, n, tail.hex())' "$TMP/big.pcap" "$EPCAP" 2>>"$PORTERR")
no_report "256 MiB file"
set -- $big
if [ "$1" = 0 ] && [ "$2" -lt 128 ] && [ "$3" -gt $((172000 * 1521)) ] && [ "$4" = 0000000103 ]; then
  ok "256 MiB file: peak RSS $2 MiB, $3 bytes of frames, EOF, exit 0"
else
  fail "256 MiB file: exit $1, peak RSS $2 MiB, $3 bytes, last frame $4"
fi
rm -f "$TMP/big.pcap"

# ring FILE CAPACITY DATA_BYTES: a ring file as the library makes it (header
# in this machine's byte order, zero counters), with a data area of
# DATA_BYTES, which a fresh ring has equal to CAPACITY.
ring() {
  $PYTHON -c 'import struct, sys
with open(sys.argv[1], "wb") as f:
    f.write(b"EPCAPRNG" + struct.pack("=IIQ", 1, 4096, int(sys.argv[2])))
    f.truncate(4096 + int(sys.argv[3]))' "$@"
}

# -R takes only a fresh ring: not something that is not a ring, nor a ring
# whose capacity does not match its size.
head -c $((4096 + 1048576)) /dev/zero > "$TMP/zero.ring"
expect_error RING 1 -R "$TMP/zero.ring" -f "$CORPUS/afs.pcap"
ring "$TMP/small.ring" 2097152 1048576
expect_error RING 1 -R "$TMP/small.ring" -f "$CORPUS/afs.pcap"
# A fresh ring: READY says so (flags bit 2), nothing but READY comes on
# stdout, and the ring's head counts every packet libpcap reads (each a
# record of 4 + 1 + 16 + caplen bytes rounded up to 4) and the EOF (8).
ring "$TMP/fresh.ring" 1048576 1048576
$RUN -- "$EPCAP" -R "$TMP/fresh.ring" -f "$CORPUS/afs.pcap" > "$TMP/out" 2>>"$PORTERR"
no_report "-R fresh ring"
want=$(test/pcapdump "$CORPUS/afs.pcap" | awk '{ n += int((21 + $2 + 3) / 4) * 4 } END { print n + 8 }')
got=$($PYTHON -c 'import struct, sys; print(struct.unpack_from("=Q", open(sys.argv[1], "rb").read(72), 64)[0])' "$TMP/fresh.ring")
if grep -q "^READY .* flags=6 " "$TMP/out" && ! grep -q "^PACKET\|^EOF" "$TMP/out" && grep -qx "EXIT 0" "$TMP/out" &&
   [ "$got" = "$want" ]; then
  ok "-R: READY flags=6, every packet and EOF in the ring ($got bytes), exit 0"
else
  fail "-R fresh ring: head $got, expected $want: $(tr '\n' '|' < "$TMP/out")"
fi
# A ring the port cannot open (missing, a symlink; through sudo, not the
# sudo caller's: the ring is never opened as root): the pipe carries the
# packets, and READY says so (flags=2, no bit 2).
ring_falls_back() {
  $RUN -- "$EPCAP" -R "$1" -f "$CORPUS/afs.pcap" > "$TMP/out" 2>>"$PORTERR"
  no_report "-R $1"
  if grep -q "^READY .* flags=2 " "$TMP/out" && grep -q "^PACKET" "$TMP/out" && grep -qx EOF "$TMP/out" &&
     grep -qx "EXIT 0" "$TMP/out"; then
    ok "-R $1${SUDO_UID:+ as uid $SUDO_UID}: falls back to the pipe"
  else
    fail "-R $1 fallback: $(tail -3 "$TMP/out" | tr '\n' '|')"
  fi
}
ring_falls_back /nonexistent/ring
# Never through a symlink (O_NOFOLLOW), whatever it points to.
ln -s "$TMP/fresh.ring" "$TMP/link.ring"
ring_falls_back "$TMP/link.ring"
if [ "$(id -u)" = 0 ]; then
  ring "$TMP/root.ring" 1048576 1048576
  chmod 600 "$TMP/root.ring"
  SUDO_UID=65534 SUDO_GID=65534 ring_falls_back "$TMP/root.ring"
fi

# -Z (the forbidden-syscall hook) exists in the test build only.
expect_error BAD_OPTION 1 -Z open

# Through sudo a file is opened as the sudo caller, whatever -u says: a sudo
# rule for the port must not read a file its caller cannot.
if [ "$(id -u)" = 0 ]; then
  install -m 600 "$CORPUS/afs.pcap" "$TMP/rootonly.pcap"
  SUDO_UID=65534 SUDO_GID=65534 expect_error PERMISSION_DENIED 1 -u root -f "$TMP/rootonly.pcap"
fi

# -p: the first word follows from the effective uid (id -u is the oracle).
probe=$("$EPCAP" -p < /dev/null 2>>"$PORTERR" | awk '{print $1}')
no_report "-p"
if [ "$(id -u)" = 0 ]; then want=root; else want="none|capabilities"; fi
if echo "$probe" | grep -qxE "$want"; then
  ok "-p says $probe"
else
  fail "-p says '$probe', expected $want"
fi

"$EPCAP" -h 2> "$TMP/usage"
status=$?
cat "$TMP/usage" >> "$PORTERR"
no_report "-h"
if [ $status = 2 ] && grep -q "process restriction" "$TMP/usage"; then
  ok "-h: usage on stderr, exit 2"
else
  fail "-h: exit $status"
fi

if [ $failures -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all passed"
