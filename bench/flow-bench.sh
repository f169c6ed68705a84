#!/usr/bin/env bash
# The flow module against gopacket, in one run, printing the median Java/Go ratio per mode:
#   flows   FlowTable (bounded, Community ID order keys, per-direction counters, timeouts) against
#           gopacket's idiomatic flow tracking (bench/go/flowtrack.go: the tuned
#           DecodingLayerParser and a map keyed by the network and transport gopacket.Flow),
#           on pcapgen's small frames (flow-structured TCP and UDP);
#   defrag  Defragmenter against gopacket's ip4defrag used correctly (flowtrack.go -defrag: each
#           fragment in its own IPv4 layer over its own copy; gpbench's defrag mode hands
#           ip4defrag the parser's reused layer, which it keeps by pointer, so its output is
#           wrong and it copies nothing), on bench/gen_frags.py's IPv4 UDP, half of the
#           datagrams in shuffled fragments.
# Each mode runs twice: reading the file on each pass (file, as a program would), and over
# frames loaded into memory first (mem-: one array per frame on both sides), which times the
# flow code alone.
#
#   bench/flow-bench.sh [SMALL_COUNT [DATAGRAMS]]   (default 2000000 50000)
#
# Environment: ROUNDS=N (default 5), WARMUP=S and TIMED=S (default 1 and 1.5, both sides),
# SKIP_BUILD=1 (use the Java classes already built; the Debian Go packages must be there).
#
# Each round runs both sides once per mode, alternating which goes first; the ratio is taken
# within the round and the summary gives the median. Each side is one process reading the file
# from the page cache and timing only its packet loop. Both sides count flows (or datagrams
# handed on) and print them, so that the work can be compared. GC: Go's default (GOGC=100),
# Java's default collector with -Xmx1g (the mem- modes hold the whole file in memory);
# no CPU pinning. Peak RSS of both is printed: the
# JVM's includes its own ~40-60 MiB and the heap it was allowed.
set -euo pipefail
cd "$(dirname "$0")/.."
small_count=${1:-2000000}
datagrams=${2:-50000}
rounds=${ROUNDS:-5}
warmup=${WARMUP:-1}
timed=${TIMED:-1.5}
work=$(mktemp -d /tmp/epcap-flow-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # Installs golang and gopacket 1.1.19 from Debian if missing (and builds gpbench, unused here).
  ../shared/anchors/gopacket/build.sh "$work/gp" >&2
fi
gocache=$(go env GOCACHE 2>/dev/null || echo "$work/.gocache")
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE=$gocache GOFLAGS= \
  go build -o "$work/flowtrack" bench/go/flowtrack.go
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  make -s -C bench/native pcapgen
  mvn -B -q -ntp -DskipTests -pl bench -am install
fi
java=(java -Xmx1g -cp pkt/target/classes:flow/target/classes:bench/target/classes org.epcap.bench.flow.FlowBench)

field() { sed -n "s/.*[ =]$1[ =]\([0-9.]*\).*/\1/p" | head -1; }
summary() {
  sort -g "$1" | awk -v fmt="$2" '{ v[NR] = $1 }
    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          printf fmt, m, v[1], v[NR], NR }'
}

bench/native/pcapgen small "$small_count" "$work/small.pcap"
python3 bench/gen_frags.py "$work/frags.pcap" "$datagrams"
cat "$work/small.pcap" "$work/frags.pcap" > /dev/null

run() { # side mode file
  case $1-$2 in
    java-flows|java-defrag) "${java[@]}" "$2" "$3" "$warmup" "$timed" ;;
    java-mem-*) "${java[@]}" "${2#mem-}" "$3" "$warmup" "$timed" mem ;;
    go-flows) "$work/flowtrack" -warmup "$warmup" -seconds "$timed" "$3" ;;
    go-defrag) "$work/flowtrack" -defrag -warmup "$warmup" -seconds "$timed" "$3" ;;
    go-mem-flows) "$work/flowtrack" -mem -warmup "$warmup" -seconds "$timed" "$3" ;;
    go-mem-defrag) "$work/flowtrack" -mem -defrag -warmup "$warmup" -seconds "$timed" "$3" ;;
  esac
}

for mode in flows defrag mem-flows mem-defrag; do
  file=$work/small.pcap
  case $mode in *defrag) file=$work/frags.pcap ;; esac
  : > "$work/$mode.ratio"
  for round in $(seq "$rounds"); do
    order="java go"
    [ $((round % 2)) = 0 ] && order="go java"
    declare -A pps=()
    for side in $order; do
      line=$(run "$side" "$mode" "$file")
      pps[$side]=$(echo "$line" | field pps)
      echo "$mode round $round $side: $line"
    done
    awk -v a="${pps[java]}" -v b="${pps[go]}" 'BEGIN { printf "%.6f\n", a / b }' >> "$work/$mode.ratio"
    echo "$mode round $round ratio java/go $(tail -1 "$work/$mode.ratio")"
  done
  summary "$work/$mode.ratio" "$mode: epcap flow / gopacket packets per second: median ratio %.2f (min %.2f, max %.2f) over %d rounds\n"
done
