#!/bin/sh
# Checks the static port that build.sh made (native/static/out/TARGET/epcap):
#
#  1. it is static: no NEEDED entry in its dynamic section (readelf), and
#     file(1) calls it statically (or static-pie) linked; its epcap.sha256
#     is its sha256;
#  2. it runs with nothing around it: in an empty chroot (the binary and a
#     pcap file) it starts and answers in the wire protocol (a PRIVDROP
#     ERROR: the port refuses to run without a user "nobody"); with that
#     user's one line in etc/passwd and etc/group, run as nobody, it reads
#     the file: as many packets as `tcpdump -r` prints, then EOF, exit 0;
#  3. the native smoke checks (test/smoke.sh, as `make -C native check`
#     runs them) against it, in its seccomp mode; a FIFO given to -f (stdio
#     reads, not the mapping); as root, the live checks on lo
#     (test/live_lo.py and static/live_extra.py), where a system call the
#     allow-list lacks for musl would kill the port.
#
# The chroot and the live checks need root; as another user they are
# skipped with a message. Traffic only on lo.
#
# With --redteam (root), also test/redteam.py against it: the caller checks
# through sudo and file capabilities over musl's user and group lookups
# (about a minute more, so not by default).
#
#   native/static/check.sh [--redteam] [linux-x86_64]
set -u

REDTEAM=no
if [ "${1:-}" = --redteam ]; then
  REDTEAM=yes
  shift
fi
TARGET=${1:-linux-x86_64}
STATIC=$(cd "$(dirname "$0")" && pwd)
NATIVE=$(dirname "$STATIC")
ROOT=$(dirname "$NATIVE")
BIN=$STATIC/out/$TARGET/epcap
PYTHON=${PYTHON:-python3}
CORPUS=$ROOT/../shared/corpus/tcpdump
[ -d "$CORPUS" ] || CORPUS=/work/shared/corpus/tcpdump
PCAP=$CORPUS/dns_tcp.pcap
RUN="$PYTHON $NATIVE/test/portrun.py"

failures=0
ok() { echo "ok   $*"; }
fail() {
  echo "FAIL $*"
  failures=$((failures + 1))
}
skip() { echo "skip $*"; }

[ -x "$BIN" ] || {
  echo "no $BIN: run native/static/build.sh $TARGET first"
  exit 1
}
[ -r "$PCAP" ] || {
  echo "no corpus file $PCAP"
  exit 1
}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# --- 1. static -------------------------------------------------------------

needed=$(readelf -d "$BIN" | grep -c '(NEEDED)')
kind=$(file -b "$BIN")
if [ "$needed" = 0 ] && echo "$kind" | grep -qE 'statically linked|static-pie linked' &&
   ! readelf -lW "$BIN" | grep -q INTERP; then
  ok "static: no NEEDED, no interpreter; file: $kind"
else
  fail "not static: $needed NEEDED; file: $kind"
fi
if [ "$(sha256sum "$BIN" | cut -d' ' -f1)" = "$(cat "$BIN.sha256" 2> /dev/null)" ]; then
  ok "epcap.sha256 is the binary's"
else
  fail "epcap.sha256 does not match the binary"
fi

# --- 2. in an empty chroot -------------------------------------------------

want=$(tcpdump -r "$PCAP" 2> /dev/null | wc -l)
# libpcap's own reading (glibc's), for lengths and timestamps.
if [ ! -x "$NATIVE/test/pcapdump" ]; then
  make -s -C "$NATIVE" test/pcapdump > /dev/null || fail "cannot build native/test/pcapdump"
fi
if [ "$(id -u)" != 0 ]; then
  skip "empty chroot: needs root"
elif [ "$want" -lt 1 ]; then
  fail "tcpdump reads no packet from $PCAP"
else
  jail=$TMP/chroot
  mkdir -m 755 "$jail"
  cp "$BIN" "$jail/epcap"
  cp "$PCAP" "$jail/file.pcap"
  chmod 644 "$jail/file.pcap"
  $RUN -- chroot "$jail" /epcap -f /file.pcap > "$TMP/empty" 2> "$TMP/empty.err"
  if grep -q '^ERROR id=0 code=PRIVDROP fatal=1' "$TMP/empty" && grep -qx 'EXIT 1' "$TMP/empty"; then
    ok "empty chroot (binary and pcap only): starts, answers PRIVDROP (no user nobody), exit 1"
  else
    fail "empty chroot: $(tr '\n' '|' < "$TMP/empty") $(head -3 "$TMP/empty.err")"
  fi
  mkdir "$jail/etc"
  echo 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' > "$jail/etc/passwd"
  echo 'nogroup:x:65534:' > "$jail/etc/group"
  $RUN -- chroot --userspec=65534:65534 "$jail" /epcap -f /file.pcap > "$TMP/nobody.out" 2> "$TMP/nobody.err"
  n=$(grep -c '^PACKET ' "$TMP/nobody.out")
  sed -n 's/^PACKET //p' "$TMP/nobody.out" > "$TMP/nobody.packets"
  "$NATIVE/test/pcapdump" "$PCAP" > "$TMP/oracle" 2> /dev/null
  if [ "$n" = "$want" ] && grep -qx EOF "$TMP/nobody.out" && grep -qx 'EXIT 0' "$TMP/nobody.out" &&
     grep -q '^READY .* restrict=seccomp ' "$TMP/nobody.out" && cmp -s "$TMP/nobody.packets" "$TMP/oracle"; then
    ok "chroot with only etc/passwd and etc/group, as nobody: $n packets of $(basename "$PCAP"), as tcpdump prints, times and lengths as libpcap's; EOF, exit 0"
  else
    fail "chroot: $n packets, tcpdump prints $want: $(head -1 "$TMP/nobody.out") ... $(tail -2 "$TMP/nobody.out" | tr '\n' '|') $(head -3 "$TMP/nobody.err")"
  fi
fi

# --- 3. the smoke checks, a FIFO, live on lo -------------------------------

if EPCAP=$BIN PYTHON=$PYTHON "$NATIVE/test/smoke.sh" > "$TMP/smoke" 2>&1; then
  ok "native/test/smoke.sh: $(grep -c '^ok ' "$TMP/smoke") checks passed"
else
  sed 's/^/     /' "$TMP/smoke"
  fail "native/test/smoke.sh against $BIN"
fi

mkfifo "$TMP/fifo"
cat "$PCAP" > "$TMP/fifo" &
$RUN --timeout 20 -- "$BIN" -f "$TMP/fifo" > "$TMP/fifo.out" 2> "$TMP/fifo.err"
wait
n=$(grep -c '^PACKET ' "$TMP/fifo.out")
if [ "$n" = "$want" ] && grep -qx 'EXIT 0' "$TMP/fifo.out"; then
  ok "a FIFO as -f: $n packets, exit 0"
else
  fail "a FIFO as -f: $n packets, tcpdump prints $want: $(tail -2 "$TMP/fifo.out" | tr '\n' '|')"
fi

if [ "$(id -u)" = 0 ]; then
  for t in "$NATIVE/test/live_lo.py" "$STATIC/live_extra.py"; do
    if timeout 300 "$PYTHON" "$t" "$BIN" > "$TMP/live" 2>&1; then
      ok "$(basename "$t"): $(grep -c '^ok ' "$TMP/live") checks passed"
    else
      sed 's/^/     /' "$TMP/live"
      fail "$(basename "$t") against $BIN"
    fi
  done
  if [ $REDTEAM = yes ]; then
    if timeout 900 "$PYTHON" "$NATIVE/test/redteam.py" "$BIN" > "$TMP/redteam" 2>&1; then
      ok "redteam.py: $(tail -1 "$TMP/redteam")"
    else
      grep -v '^ok ' "$TMP/redteam" | sed 's/^/     /'
      fail "redteam.py against $BIN"
    fi
  fi
else
  skip "live checks on lo: need root"
fi

if [ $failures -gt 0 ]; then
  echo "static port: $failures failure(s)"
  exit 1
fi
echo "static port: all passed"
