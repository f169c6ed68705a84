#!/usr/bin/env bash
# The pure-Java pcap reader against gopacket's, in one run: gpbench's count_zc
# (pcapgo's ZeroCopyReadPacketData over a 1 MiB bufio.Reader) against
# PcapReader's views (nextView) on the same files, and PcapReader's copying
# records (next) for the record. Prints the median ratio per file.
#
#   bench/pcap-reader-bench.sh [SMALL_COUNT [MIX_COUNT]]   (default 2000000 1000000)
#
# Environment:
#   ROUNDS=N        rounds per file (default 5)
#   GPBENCH=PATH    a gpbench binary; default: build it with
#                   ../shared/anchors/gopacket/build.sh (installs golang from Debian)
#   WARMUP=S TIMED=S  seconds of untimed and of timed whole passes per run
#                   (default 1 and 1.5), the same for both sides
#   SKIP_BUILD=1    use what is already built (bench/native, target/classes)
#
# Files: pcapgen's small frames (60-100 B) and its size mix (40% 64 B, 20%
# 590 B, 40% 1514 B), the inputs of port-bench.sh and of gpbench's reference
# figures (small-2M, mix-1M). Each run is one process reading the file in
# whole passes (from the page cache, warmed first), timing only its read loop;
# both sides count packets and captured bytes, and the counts must agree.
# Single runs on a shared VM swing by tens of percent, so each round runs
# every side once, alternating which goes first, takes the Java/Go ratio
# within the round, and the summary gives the median of those ratios.
# GC: Go's default (GOGC=100), Java's default collector with -Xmx256m; pinned
# to no CPU on either side.
set -euo pipefail
cd "$(dirname "$0")/.."
small_count=${1:-2000000}
mix_count=${2:-1000000}
rounds=${ROUNDS:-5}
warmup=${WARMUP:-1}
timed=${TIMED:-1.5}
case $rounds in ''|*[!0-9]*|0) echo "ROUNDS must be a positive integer, got '$rounds'" >&2; exit 2 ;; esac
work=$(mktemp -d /tmp/epcap-pcap-reader-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

gpbench=${GPBENCH:-}
if [ -z "$gpbench" ]; then
  ../shared/anchors/gopacket/build.sh "$work/gp" >&2
  gpbench=$work/gp/gpbench
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  make -s -C bench/native pcapgen
  mvn -B -q -ntp -DskipTests -pl bench -am compile
fi
java=(java -Xmx256m -cp pkt/target/classes:bench/target/classes org.epcap.bench.PcapReaderBench)

field() { sed -n "s/.*[ =]$1[ =]\([0-9.]*\).*/\1/p" | head -1; }

# Median, min, max and count of the numbers in file $1, printed with format $2.
summary() {
  sort -g "$1" | awk -v fmt="$2" '{ v[NR] = $1 }
    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          printf fmt, m, v[1], v[NR], NR }'
}

# One side's run: prints "pps packets bytes-per-pass line".
run() {
  case $1 in
    go) out=$("$gpbench" -warmup "$warmup" -seconds "$timed" count_zc "$2" 2>/dev/null) ;;
    view|record) out=$("${java[@]}" "$1" "$2" "$warmup" "$timed") ;;
  esac
  echo "$out"
}

for kind in small mix; do
  count=$([ "$kind" = small ] && echo "$small_count" || echo "$mix_count")
  file=$work/$kind.pcap
  bench/native/pcapgen "$kind" "$count" "$file"
  sync "$file"
  cat "$file" > /dev/null
  for side in go view record; do : > "$work/$side.pps"; done
  for side in view record; do : > "$work/$side.ratio"; done
  for round in $(seq "$rounds"); do
    order="go view record"
    [ $((round % 2)) = 0 ] && order="record view go"
    declare -A pps=()
    for side in $order; do
      line=$(run "$side" "$file")
      frames=$(echo "$line" | field frames)
      if [ "$frames" != "$count" ]; then
        echo "$kind $side read $frames frames, not $count: $line" >&2
        exit 1
      fi
      pps[$side]=$(echo "$line" | field pps)
      echo "${pps[$side]}" >> "$work/$side.pps"
      echo "file $kind round $round  $side  $line"
    done
    for side in view record; do
      awk -v a="${pps[$side]}" -v b="${pps[go]}" 'BEGIN { printf "%.6f\n", a / b }' >> "$work/$side.ratio"
    done
    echo "file $kind round $round  ratios: view $(tail -1 "$work/view.ratio")  record $(tail -1 "$work/record.ratio")"
  done
  go_median=$(summary "$work/go.pps" '%.0f')
  for side in view record; do
    summary "$work/$side.ratio" \
      "file $kind ($count frames) PcapReader $side / gopacket count_zc: median ratio %.2f (min %.2f, max %.2f) over %d rounds; gopacket median $go_median pps\n"
  done
  rm -f "$file"
done
