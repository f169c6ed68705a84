#!/usr/bin/env bash
# The whole path from a file through the port program to reassembled TCP streams, against the
# plain capture rate of the same file through the same port (PortReassemblyBench: one JVM,
# alternating rounds, the median of the per-round ratios). The file is gopacket's anchor
# generator's TCP reassembly stress (gen_reasm.py: shuffled, duplicated, overlapping,
# wrapping), the same as bench/reasm-bench.sh's; its reassembled_bytes is printed beside ours.
#
#   bench/port-reasm-bench.sh [FLOWS]      (default 3000)
#
# Environment: ROUNDS=N (default 9), SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
flows=${1:-3000}
work=$(mktemp -d /tmp/epcap-port-reasm.XXXXXX)
trap 'rm -rf "$work"' EXIT
gen=$(python3 ../shared/anchors/gopacket/gen/gen_reasm.py --flows "$flows" "$work/reasm.pcap")
echo "input: $gen"
expected=$(sed -n 's/.*reassembled_bytes=\([0-9]*\).*/\1/p' <<< "$gen")
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  make -s -C native
  mvn -B -q -ntp -pl bench -am compile dependency:build-classpath -Dmaven.test.skip=true \
      -Dmdep.outputFile=target/port-reasm-bench.classpath -Dmdep.includeScope=runtime
fi
cp="bench/target/classes:$(cat bench/target/port-reasm-bench.classpath)"
java -Xmx256m -Depcap.progname="$PWD/native/epcap" -cp "$cp" org.epcap.bench.PortReassemblyBench \
  "$work/reasm.pcap" "${ROUNDS:-9}" | tee "$work/out"
got=$(sed -n 's/.*reassembled_bytes \([0-9]*\).*/\1/p' "$work/out")
if [ "$got" != "$expected" ]; then
  echo "port-reasm-bench: reassembled $got bytes, the generator says $expected" >&2
  exit 1
fi
echo "reassembled bytes equal the generator's: $got"
