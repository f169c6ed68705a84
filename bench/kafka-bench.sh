#!/usr/bin/env bash
# The Kafka export against Kafka's own producer, in one run on one broker:
#
#   bench/kafka-bench.sh [COUNT [ROUNDS]]     (defaults 1000000 and 5, after a warm-up round)
#
# Each round: kafka-producer-perf-test (from the kafka-tools artifact) sends COUNT records as
# large as the export's (key, value and headers) with the same batch.size, linger.ms and
# acks=all; a capture of a file of COUNT 60-byte UDP packets in 1024 flows is published by
# KafkaExport, timed from the start to the last acknowledgement; and the same file is read by a
# capture that only counts. It prints each round's records/s of both and their ratio, the
# export's JVM CPU per packet against the counting capture's, and the medians. A real KRaft
# broker is started from the Maven Central artifacts by the test harness (kafka/src/test).
#
# Environment: SKIP_BUILD=1 uses what is already built; MVN_FLAGS adds Maven options (e.g. -o).
#
# The build packages the modules and writes the class path in one reactor run, so that the
# sibling modules resolve to this tree's target/ jars: no `mvn install`, and no stale
# org.epcap jars from ~/.m2 on the class path. Each module writes its own target/bench.classpath
# (a relative mdep.outputFile is taken from each module's directory); kafka's is the one used.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
rounds=${2:-5}
cp_file=kafka/target/bench.classpath
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # shellcheck disable=SC2086
  mvn -B -q -ntp ${MVN_FLAGS:-} -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip -pl kafka -am package \
    dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
fi
[ -x native/epcap ] || { echo "native/epcap is missing: make -C native all" >&2; exit 1; }
java -Xmx1g -Depcap.progname="$PWD/native/epcap" \
  -cp "kafka/target/test-classes:kafka/target/classes:$(cat "$cp_file")" \
  org.epcap.kafka.bench.KafkaBench "$count" "$rounds"
