#!/usr/bin/env bash
# Codec decode throughput (JMH, one fork, one thread): our FastDecoder, our full record path
# (Pkt.decode) and pcap4j's packet factory on the same frames, for Ethernet+IPv4+TCP and for a
# realistic mix (the shared corpus's Ethernet frames plus generated IPv4/IPv6 TCP/UDP frames).
# Prints packets/s and our ratios to pcap4j.
#
#   bench/codec-bench.sh [SECONDS]     (seconds per measurement iteration, default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-3}
# One reactor run: compile what bench needs and write bench's runtime classpath.
mvn -B -q -ntp -pl bench -am compile dependency:build-classpath -Dmaven.test.skip=true \
    -Dmdep.outputFile=target/codec-bench.classpath -Dmdep.includeScope=runtime
cp="bench/target/classes:$(cat bench/target/codec-bench.classpath)"
corpus=${EPCAP_CORPUS:-$PWD/../shared/corpus}
exec java -Xmx512m -Depcap.corpus="$corpus" -cp "$cp" org.epcap.bench.codec.CodecBenchMain "$seconds"
