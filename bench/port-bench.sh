#!/usr/bin/env bash
# Port throughput: libpcap's own counting loop (the physical limit) against
# the same packets read through the port program into Java, in one run.
#
#   bench/port-bench.sh [COUNT]      (default 2000000; live part needs root)
#
# Environment:
#   ROUNDS=N      file rounds per kind (default 9)
#   FILE_ONLY=1   stop after the file part (no live part, no root needed)
#   SKIP_BUILD=1  use what is already built (native/epcap, bench/native,
#                 target/classes) instead of running make and mvn
#   BEFORE_CP=CLASSPATH BEFORE_PORT=PROGRAM
#                 also run each mode of the file part with another build (its
#                 epcap and bench classes, and its port program), in the same
#                 rounds, so that a change is measured before and after on one
#                 machine at one time (printed as mode "push-before" and so on)
#
# File mode: a pcap of COUNT small frames (60-100 B) and one of the size mix
# (40% 64 B, 20% 590 B, 40% 1514 B), each read by the C loop and by Epcap
# (push handler, pull next(), and the raw zero-copy handler), printing
# packets/s, the ratio to the C loop and the JVM's peak RSS. The C loop's own
# rate swings widely between runs on a small shared VM, so one C run against
# one Java run gives a ratio that moves with the noise: instead each of ROUNDS
# rounds runs the C loop once and then one JVM per mode, each mode's ratio is
# taken against that round's C rate, and a summary line per kind and mode
# gives the median ratio with its min and max. Java's rate is timed from
# READY (the port has opened the file) to the end, as the C loop times only
# pcap_dispatch; the startup is printed apart as startup_ms.
#
# Live: COUNT frames blasted over a veth pair between two namespaces of our
# own, captured by the C loop, then by Epcap: at two snaplens in immediate
# mode, and at the largest with a 10 ms timeout.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-2000000}
work=$(mktemp -d /tmp/epcap-bench.XXXXXX)
ns_a=epbA$$ ns_b=epbB$$
cleanup() {
  ip netns del "$ns_a" 2>/dev/null || true
  ip netns del "$ns_b" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

rounds=${ROUNDS:-9}
case $rounds in ''|*[!0-9]*|0) echo "ROUNDS must be a positive integer, got '$rounds'" >&2; exit 2 ;; esac

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  make -s -C native
  make -s -C bench/native
  mvn -B -q -ntp -DskipTests -pl bench -am compile
fi
java=(java -Xmx192m -Depcap.progname="$PWD/native/epcap" -cp epcap/target/classes:bench/target/classes)
modes="push pull raw"
if [ -n "${BEFORE_CP:-}" ]; then
  [ -x "${BEFORE_PORT:-}" ] || { echo "BEFORE_CP needs BEFORE_PORT, the other build's port program" >&2; exit 2; }
  java_before=(java -Xmx192m -Depcap.progname="$BEFORE_PORT" -cp "$BEFORE_CP")
  # Interleaved with this build's runs, mode by mode.
  modes="push push-before pull pull-before raw raw-before"
fi

field() { sed -n "s/.* $1 \([0-9.]*\).*/\1/p"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# Median, min, max and count of the numbers in file $1, printed with format $2
# (awk printf, four conversions). An even count takes the mean of the middle two.
summary() {
  sort -g "$1" | awk -v fmt="$2" '{ v[NR] = $1 }
    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          printf fmt, m, v[1], v[NR], NR }'
}

for kind in small mix; do
  file=$work/$kind.pcap
  bench/native/pcapgen "$kind" "$count" "$file"
  # Written out before the rounds: the kernel would otherwise write the new
  # file back (1.5 GB for the mix) during the first rounds, on our CPUs.
  sync "$file"
  cat "$file" > /dev/null # into the page cache for both readers alike
  : > "$work/c.pps"
  for mode in $modes; do : > "$work/$mode.ratio"; done
  # Interleaved by process rather than one JVM per mode running all rounds,
  # so a slow or fast spell of the VM falls on the C run and the Java runs
  # of the same round alike, and the ratio cancels it.
  for _ in $(seq "$rounds"); do
    c=$(bench/native/pcapcount -f "$file")
    c_pps=$(echo "$c" | field pps)
    echo "$c_pps" >> "$work/c.pps"
    echo "file $kind  C libpcap loop      $c"
    for mode in $modes; do
      case $mode in
        *-before) j=$("${java_before[@]}" org.epcap.bench.PortFileBench "${mode%-before}" "$file" 1) ;;
        *) j=$("${java[@]}" org.epcap.bench.PortFileBench "$mode" "$file" 1) ;;
      esac
      j_pps=$(echo "$j" | field pps)
      # Kept unrounded for the median; the per-round line shows two places as before.
      awk -v a="$j_pps" -v b="$c_pps" 'BEGIN { printf "%.6f\n", a / b }' >> "$work/$mode.ratio"
      echo "file $kind  Epcap $mode            $j   ratio $(ratio "$j_pps" "$c_pps")"
    done
  done
  c_median=$(summary "$work/c.pps" '%.0f')
  for mode in $modes; do
    summary "$work/$mode.ratio" \
      "file $kind Epcap $mode median ratio %.2f (min %.2f, max %.2f) over %d rounds; C loop median $c_median pps\n"
  done
  rm -f "$file"
done

if [ "${FILE_ONLY:-0}" = 1 ]; then
  echo "live: skipped (FILE_ONLY=1)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "live: skipped (needs root for network namespaces)"
  exit 0
fi
ip netns add "$ns_a"
ip netns add "$ns_b"
ip link add vbA netns "$ns_a" type veth peer name vbB netns "$ns_b"
ip -n "$ns_a" link set vbA up
ip -n "$ns_b" link set vbB up

# Starts a capture in namespace B, waits for its "ready", blasts, prints its result.
live() {
  local out=$work/live.out
  ip netns exec "$ns_b" "$@" > "$out" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do grep -q ready "$out" && break; sleep 0.1; done
  local sent
  sent=$(ip netns exec "$ns_a" bench/native/blast vbA "$count" 64 64)
  wait "$pid"
  echo "sender: $sent; capture: $(grep -v ready "$out")"
}
# Immediate mode gives one ring slot per packet, sized by the snaplen: 64 MiB holds 256
# packets at 262144 and 30000 at 2048. A timeout instead of immediate mode lets libpcap pack
# packets of any snaplen into blocks (TPACKET_V3). Both sides are measured with each.
for config in "262144 0" "2048 0" "262144 10"; do
  set -- $config
  snaplen=$1 timeout_ms=$2
  what="snaplen $snaplen $([ "$timeout_ms" = 0 ] && echo immediate || echo "timeout ${timeout_ms}ms")"
  echo "live $what C libpcap loop  $(live bench/native/pcapcount -i vbB -n "$count" -w 2 -b 67108864 -s "$snaplen" -t "$timeout_ms")"
  echo "live $what Epcap pull      $(live "${java[@]}" org.epcap.bench.PortLiveBench vbB "$count" 2 67108864 "$snaplen" "$timeout_ms")"
done
