package org.epcap.kafka.bench;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.epcap.CaptureEnd;
import org.epcap.Epcap;
import org.epcap.Options;
import org.epcap.kafka.ExportReport;
import org.epcap.kafka.KafkaExport;
import org.epcap.kafka.testing.KafkaCluster;
import org.epcap.kafka.testing.ProducerPerf;
import org.epcap.pkt.DataLinkType;
import org.epcap.pkt.io.PcapWriter;
import org.epcap.pkt.io.TimestampPrecision;

/**
 * Packets published per second against the broker's own limit, and the publishing capture's CPU
 * per packet against a capture that only counts, in one run on one broker (bench/kafka-bench.sh).
 *
 * <p>Each round runs, on the same single broker with the same batch.size, linger.ms and acks:
 * Kafka's {@code kafka-producer-perf-test} with records as large as this export's (value, key and
 * headers); a capture of a file of small UDP packets in 1024 flows published by
 * {@link KafkaExport}, timed from the start to the last acknowledgement; and the same file read
 * by a capture that only counts. Ratios are taken per round; the summary gives their medians.
 *
 * <p>Usage: {@code KafkaBench COUNT ROUNDS}.
 */
public final class KafkaBench {
    private static final int PAYLOAD = 18; // 60-byte frames: Ethernet 14 + IPv4 20 + UDP 8 + 18
    private static final int BATCH = 131072;
    private static final int LINGER_MS = 5;

    private KafkaBench() {
    }

    public static void main(String[] args) throws Exception {
        long count = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("epcap-kafka-bench");
        Path file = dir.resolve("small.pcap");
        writeCapture(file, count);
        List<Double> publishRatios = new ArrayList<>();
        List<Double> cpuRatios = new ArrayList<>();
        // The full JIT for the broker: the harness's quick-start option would cap its throughput.
        try (KafkaCluster kafka = KafkaCluster.start(1, List.of(), KafkaCluster.START_TIMEOUT)) {
            int recordSize = -1;
            for (int round = 0; round <= rounds; round++) {
                boolean warmup = round == 0;
                String ours = "epcap-" + round;
                String theirs = "perf-" + round;
                kafka.createTopic(ours, 1, 1, Map.of());
                kafka.createTopic(theirs, 1, 1, Map.of());
                long[] cpuCount = {0};
                double countSeconds = countOnly(file, cpuCount);
                long cpu0 = cpuNanos();
                long t0 = System.nanoTime();
                KafkaExport export = KafkaExport.builder(kafka.bootstrapServers(), ours).host("bench-host")
                        .interfaceName("small.pcap").producerSetting("batch.size", Integer.toString(BATCH))
                        .producerSetting("linger.ms", Integer.toString(LINGER_MS)).build();
                try (export; Epcap cap = Epcap.start(Options.builder().file(file).build(), export)) {
                    CaptureEnd end = cap.awaitEnd(Duration.ofMinutes(10)).orElseThrow();
                    if (end.reason() != CaptureEnd.Reason.END_OF_FILE) throw new IllegalStateException(end.toString());
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                long cpuExport = cpuNanos() - cpu0;
                ExportReport r = export.report();
                if (r.recordsAcknowledged() != count) throw new IllegalStateException("not all acknowledged: " + r);
                if (recordSize < 0) recordSize = recordSize(kafka, ours);
                ProducerPerf.Result perf = ProducerPerf.run(kafka.bootstrapServers(),
                        new ProducerPerf.Spec(theirs, count, recordSize, BATCH, LINGER_MS, "all"), Duration.ofMinutes(10));
                double epcapRate = count / seconds;
                double ratio = epcapRate / perf.recordsPerSec();
                double cpuRatio = (double) cpuExport / cpuCount[0];
                System.out.printf("round %d%s record %d B: kafka-producer-perf-test %.0f rec/s, epcap export %.0f rec/s,"
                                + " ratio %.2f; JVM CPU per packet: export %.0f ns, count only %.0f ns (%.3f s), ratio %.2f%n",
                        round, warmup ? " (warm-up)" : "", recordSize, perf.recordsPerSec(), epcapRate, ratio,
                        (double) cpuExport / count, (double) cpuCount[0] / count, countSeconds, cpuRatio);
                if (!warmup) {
                    publishRatios.add(ratio);
                    cpuRatios.add(cpuRatio);
                }
            }
        }
        System.out.printf("publish rate vs kafka-producer-perf-test: median %.2f (min %.2f, max %.2f) over %d rounds%n",
                median(publishRatios), min(publishRatios), max(publishRatios), publishRatios.size());
        System.out.printf("CPU per packet, publishing vs counting: median %.2f (min %.2f, max %.2f)%n",
                median(cpuRatios), min(cpuRatios), max(cpuRatios));
    }

    /** The size of one of the export's records as the broker stores it: key, value and headers. */
    private static int recordSize(KafkaCluster kafka, String topic) {
        var r = kafka.consumeAll(topic, 1, Duration.ofSeconds(30)).get(0);
        int size = r.key().length + r.value().length;
        for (var h : r.headers()) size += h.key().length() + h.value().length;
        return size;
    }

    private static double countOnly(Path file, long[] cpu) throws Exception {
        long[] n = {0};
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        try (Epcap cap = Epcap.start(Options.builder().file(file).build(),
                (dlt, buf, off, caplen, sec, nsec, len) -> n[0]++)) {
            cap.awaitEnd(Duration.ofMinutes(5)).orElseThrow();
        }
        cpu[0] = cpuNanos() - cpu0;
        return (System.nanoTime() - t0) / 1e9;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** COUNT Ethernet/IPv4/UDP frames of 60 bytes in 1024 flows, 1 µs apart. */
    private static void writeCapture(Path file, long count) throws Exception {
        try (PcapWriter w = PcapWriter.create(file, DataLinkType.EN10MB, 65535, TimestampPrecision.NANO)) {
            ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + PAYLOAD);
            long t = 1_700_000_000_000_000_000L;
            for (long i = 0; i < count; i++) {
                b.clear();
                b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
                b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + PAYLOAD)).putInt(0).put((byte) 64)
                        .put((byte) 17).putShort((short) 0).putInt(0xa9fe0001).putInt(0xa9fe0002);
                b.putShort((short) (40000 + (i & 1023))).putShort((short) 9999).putShort((short) (8 + PAYLOAD))
                        .putShort((short) 0).putLong(i).put(new byte[PAYLOAD - 8]);
                w.write(DataLinkType.EN10MB, t + i * 1000, b.capacity(), b.array(), 0, b.capacity());
            }
        }
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
