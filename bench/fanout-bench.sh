#!/usr/bin/env bash
# Fan-out: N = number of cores captures with one cluster id (PACKET_FANOUT,
# flow hash) against a single capture, each fed the same bounded burst by
# bench/native/blast over a veth pair between two namespaces of our own.
# Prints both totals in packets/s and their ratio. Needs root.
#
#   bench/fanout-bench.sh [COUNT [FLOWS]]     (default 1000000 frames, 256 flows)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
flows=${2:-256}
cores=$(nproc)
[ "$(id -u)" -eq 0 ] || { echo "fanout-bench: needs root (network namespaces)"; exit 0; }

work=$(mktemp -d /tmp/epcap-fanout.XXXXXX)
ns_a=epfA$$ ns_b=epfB$$
cleanup() {
  ip netns del "$ns_a" 2>/dev/null || true
  ip netns del "$ns_b" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

make -s -C native
make -s -C bench/native
mvn -B -q -ntp -DskipTests -pl bench -am compile
java=(java -Xmx256m -Depcap.progname="$PWD/native/epcap" -cp epcap/target/classes:bench/target/classes)

ip netns add "$ns_a"
ip netns add "$ns_b"
ip link add vfA netns "$ns_a" type veth peer name vfB netns "$ns_b"
ip -n "$ns_a" link set vfA up
ip -n "$ns_b" link set vfB up

field() { sed -n "s/.* $1 \([0-9.]*\).*/\1/p"; }

# run N: N captures in namespace B, then the burst from A; prints the result line.
run() {
  local out=$work/run.out
  ip netns exec "$ns_b" "${java[@]}" org.epcap.bench.FanoutBench vfB "$1" "$count" 2 67108864 > "$out" 2>&1 &
  local pid=$!
  for _ in $(seq 150); do grep -q ready "$out" && break; sleep 0.1; done
  local sent
  sent=$(ip netns exec "$ns_a" bench/native/blast vfA "$count" 64 "$flows")
  wait "$pid"
  echo "sender: $sent; $(grep -v ready "$out")"
}

single=$(run 1)
echo "single capture        $single"
fanned=$(run "$cores")
echo "$cores captures (fan-out) $fanned"
awk -v a="$(echo "$fanned" | field pps | tail -1)" -v b="$(echo "$single" | field pps | tail -1)" \
  'BEGIN { printf "ratio fan-out/single: %.2f\n", a / b }'
