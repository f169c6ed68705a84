#!/usr/bin/env bash
# The shared-memory ring's copy alone, without the port program: records/s of the ring that
# copies runs of small records to the heap in one bulk copy (the library's) against one that
# hands each record over where it lies in the mapping, into a Packet per record (push, pull)
# and into a raw handler. Rounds alternate; prints the median per-round ratio chunk/direct.
#
#   bench/ring-bench.sh [ROUNDS]     (default 15)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-15}
mvn -B -q -ntp -pl bench -am compile dependency:build-classpath -Dmaven.test.skip=true \
    -Dmdep.outputFile=target/ring-bench.classpath -Dmdep.includeScope=runtime
cp="bench/target/classes:$(cat bench/target/ring-bench.classpath)"
exec java -Xmx512m -cp "$cp" org.epcap.RingCopyBench "$rounds"
