#!/usr/bin/env bash
# TCP reassembly against gopacket's, in one run: gpbench's reasm mode (gopacket 1.1.19's
# reassembly.Assembler over its tuned DecodingLayerParser, FlushAll at the end) against
# org.epcap.flow.tcp.TcpReassembler (ReassemblyBench) on the same file, gen_reasm.py's TCP
# reassembly stress (flows shuffled within windows of 8, duplicates, overlaps, wrapping
# sequence numbers). Prints the median ratio of packets/s, and both sides' peak RSS.
#
#   bench/reasm-bench.sh [FLOWS]          (default 3000: gpbench's reasm-3k, 182,236 packets)
#
# Environment:
#   ROUNDS=N        rounds (default 5)
#   GPBENCH=PATH    a gpbench binary; default: build it with ../shared/anchors/gopacket/build.sh
#   WARMUP=S TIMED=S  Java's warm-up in seconds of CPU time and its timed wall seconds of whole
#                   passes (default 3 and 2); gpbench makes one pass (it needs no warm-up)
#   MAX_PAGES=N     also run both sides bounded: gpbench -reasm-max-pages N (pages of 1900 bytes,
#                   total and per connection) against budgets of N*1900 bytes, total and per
#                   connection (a piece costs its buffer, its bytes rounded up to 64, plus 96
#                   here; a page is 1900 bytes there)
#   SKIP_BUILD=1    use what is already built (target/classes)
#   JAVA_OPTS=...   the JVM's options (default -XX:+UseSerialGC -Xmx16m: what TcpReassembler's
#                   Javadoc tells a user to set, a heap of 8 MiB + the bytes held out of order
#                   (0.5 MiB at most on this file) + 0.5 KiB a connection (3000), rounded up;
#                   session 8 and before ran -Xmx256m with G1)
#
# Each side's CPU time is measured too, since a shared machine stretches wall time: Java's
# cpu_pps is its reassembling thread's CPU time over the timed passes; gpbench's is its process's
# user+sys time (/usr/bin/time; its GC workers included, Java's are not) over its one pass, file
# read and start-up included. The CPU ratio is printed beside the wall-time one.
#
# Equal work: both sides must deliver the same reassembled bytes; unbounded, that is the
# generator's reassembled_bytes (gopacket 1.1.19 delivers one byte more on this input, the
# sequence wrap off-by-one that its README describes, so its figure may be 1 above).
# Each round runs both sides once, alternating which goes first, takes the Java/Go ratio
# within the round; the summary is the median of those ratios. GC: Go's default (GOGC=100),
# Java's serial collector with -Xmx16m unless JAVA_OPTS says otherwise. The JVM's peak RSS
# includes the JVM itself (about 40 MiB of it is there whatever the heap) and the 2 MiB window
# of the input that PcapReader maps; heap_peak_mib is the heap pools' peak use, garbage not yet
# collected included (so near -Xmx).
set -euo pipefail
cd "$(dirname "$0")/.."
flows=${1:-3000}
rounds=${ROUNDS:-5}
warmup=${WARMUP:-3}
timed=${TIMED:-2}
case $rounds in ''|*[!0-9]*|0) echo "ROUNDS must be a positive integer, got '$rounds'" >&2; exit 2 ;; esac
work=$(mktemp -d /tmp/epcap-reasm-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

gpbench=${GPBENCH:-}
if [ -z "$gpbench" ]; then
  ../shared/anchors/gopacket/build.sh "$work/gp" >&2
  gpbench=$work/gp/gpbench
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -ntp -DskipTests -pl bench -am compile
fi
read -r -a java_opts <<< "${JAVA_OPTS:--XX:+UseSerialGC -Xmx16m}"
java=(java "${java_opts[@]}" -cp pkt/target/classes:flow/target/classes:bench/target/classes org.epcap.bench.ReassemblyBench)

field() { sed -n "s/.*[ =]$1[ =]\([0-9.]*\).*/\1/p" | head -1; }

summary() {
  sort -g "$1" | awk -v fmt="$2" '{ v[NR] = $1 }
    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          printf fmt, m, v[1], v[NR], NR }'
}

file=$work/reasm.pcap
gen=$(python3 ../shared/anchors/gopacket/gen/gen_reasm.py --flows "$flows" "$file")
echo "input: $gen"
expected=$(echo "$gen" | field reassembled_bytes)
cat "$file" > /dev/null

bench() {   # $1: label, $2: gpbench flags, $3: Java budget argument (empty: unbounded)
  : > "$work/ratio"; : > "$work/cpuratio"; : > "$work/go.pps"; : > "$work/java.pps"
  for round in $(seq "$rounds"); do
    order="go java"
    [ $((round % 2)) = 0 ] && order="java go"
    declare -A pps=() bytes=()
    for side in $order; do
      if [ "$side" = go ]; then
        # shellcheck disable=SC2086
        line=$( { /usr/bin/time -f "go_cpu_seconds %U %S" "$gpbench" $2 reasm "$file" 2>&1 1>&3 | grep go_cpu; } 3>&1 )
        gocpu=$(echo "$line" | sed -n 's/.*go_cpu_seconds \([0-9.]*\) \([0-9.]*\).*/\1 \2/p' | awk '{ print $1 + $2 }')
      else
        # shellcheck disable=SC2086
        line=$("${java[@]}" "$file" "$warmup" "$timed" $3)
      fi
      pps[$side]=$(echo "$line" | field pps)
      [ "$side" = java ] && javacpu=$(echo "$line" | field cpu_pps)
      bytes[$side]=$(echo "$line" | field reassembled_bytes)
      [ "$side" = go ] && line_go=$line
      echo "$1 round $round  $side  $line"
    done
    if [ -z "$3" ] && [ "${bytes[java]}" != "$expected" ]; then
      echo "Java delivered ${bytes[java]} bytes, the generator says $expected" >&2
      exit 1
    fi
    echo "${pps[go]}" >> "$work/go.pps"
    echo "${pps[java]}" >> "$work/java.pps"
    awk -v a="${pps[java]}" -v b="${pps[go]}" 'BEGIN { printf "%.6f\n", a / b }' >> "$work/ratio"
    awk -v a="$javacpu" -v p="$(echo "$line_go" | field packets)" -v c="$gocpu" \
      'BEGIN { printf "%.6f\n", a / (p / c) }' >> "$work/cpuratio"
    echo "$1 round $round  ratio $(tail -1 "$work/ratio")  cpu ratio $(tail -1 "$work/cpuratio")"
  done
  summary "$work/ratio" "$1: TcpReassembler / gopacket reassembly packets/s: median ratio %.2f (min %.2f, max %.2f) over %d rounds;"
  echo " medians: Java $(summary "$work/java.pps" '%.0f') pps, gopacket $(summary "$work/go.pps" '%.0f') pps"
  summary "$work/cpuratio" "$1: the same in CPU time: median ratio %.2f (min %.2f, max %.2f) over %d rounds\n"
}

bench unbounded "" ""
if [ -n "${MAX_PAGES:-}" ]; then
  bench "bounded($MAX_PAGES pages)" "-reasm-max-pages $MAX_PAGES" "$((MAX_PAGES * 1900)) $((MAX_PAGES * 1900))"
fi
