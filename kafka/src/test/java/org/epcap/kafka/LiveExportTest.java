package org.epcap.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.epcap.Epcap;
import org.epcap.Options;
import org.epcap.Stats;
import org.epcap.kafka.testing.KafkaCluster;
import org.epcap.testing.Netns;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live captures on a veth pair in namespaces of the test's own, published to a real broker:
 * every packet the capture counted lands once; a paused broker holds the capture back until the
 * kernel drops, and the drops are counted, while the records waiting and the heap stay bounded.
 */
class LiveExportTest {
    private static final int PORT = 9999;
    /** UDP payload offset in an Ethernet frame: 14 + 20 + 8. */
    private static final int PAYLOAD = 42;

    private static KafkaCluster kafka;
    private static Netns net;

    @BeforeAll
    static void setUp() {
        Tools.assumeRoot();
        net = Netns.create();
        kafka = KafkaCluster.start(1);
    }

    @AfterAll
    static void tearDown() {
        if (kafka != null) kafka.close();
        if (net != null) net.close();
    }

    private static Options capture() {
        return Options.builder().interfaceName(net.vethB()).exec(net.execIn(net.b()))
                .filter("udp dst port " + PORT).timeout(Duration.ofMillis(10)).build();
    }

    /** The sequence numbers the sender put in the records' datagrams; fails on a duplicate. */
    private static BitSet sequences(List<ConsumerRecord<byte[], byte[]>> records) {
        BitSet seen = new BitSet();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            int seq = ByteBuffer.wrap(r.value(), PAYLOAD, 4).getInt();
            assertTrue(!seen.get(seq), "datagram " + seq + " is in the topic twice");
            seen.set(seq);
        }
        return seen;
    }

    /** Heap in use after a full collection: what is held, not what is garbage. */
    private static long heapAfterGc() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void everyPacketTheCaptureCountedIsInTheTopicOnce() throws Exception {
        int count = 3000;
        kafka.createTopic("live", 3, 1, Map.of());
        KafkaExport export = KafkaExport.builder(kafka.bootstrapServers(), "live").host("live-test").build();
        Stats stats;
        try (export; Epcap cap = Epcap.start(capture(), export)) {
            export.attach(cap);
            net.sendUdp(net.a(), net.ipB(), PORT, count, 64);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (export.report().packetsTaken() < count && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            stats = cap.stats();
        }
        ExportReport r = export.report(stats);
        assertEquals(count, stats.captured(), r.toString());
        assertEquals(0, stats.dropped(), r.toString());
        assertEquals(count, r.packetsTaken(), r.toString());
        assertEquals(count, r.recordsAcknowledged(), r.toString());
        assertEquals(0, r.recordsFailed(), r.toString());
        BitSet seen = sequences(kafka.consumeAll("live", count, Duration.ofSeconds(60)));
        assertEquals(count, seen.cardinality());
        assertEquals(count, seen.nextClearBit(0), "datagrams 0.." + (count - 1));
    }

    @Test
    void twoFanOutCapturesPublishIntoOneTopicAndNothingIsMissing() throws Exception {
        int count = 2000;
        kafka.createTopic("fanout", 2, 1, Map.of());
        KafkaExport first = KafkaExport.builder(kafka.bootstrapServers(), "fanout").host("fanout-0").build();
        KafkaExport second = KafkaExport.builder(kafka.bootstrapServers(), "fanout").host("fanout-1").build();
        Options.Builder options = Options.builder().interfaceName(net.vethB()).exec(net.execIn(net.b()))
                .filter("udp dst port " + PORT).timeout(Duration.ofMillis(10)).clusterId(7);
        try (first; second; Epcap a = Epcap.start(options.build(), first);
             Epcap b = Epcap.start(options.build(), second)) {
            net.sendUdp(net.a(), net.ipB(), PORT, count, 64);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (first.report().packetsTaken() + second.report().packetsTaken() < count
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        // The kernel gives each packet to one member of the fan-out group: together, all of them.
        assertEquals(count, first.report().packetsTaken() + second.report().packetsTaken());
        assertEquals(count, first.report().recordsAcknowledged() + second.report().recordsAcknowledged());
        BitSet seen = sequences(kafka.consumeAll("fanout", count, Duration.ofSeconds(60)));
        assertEquals(count, seen.cardinality());
    }

    @Test
    void aPausedBrokerHoldsTheCaptureBackUntilTheKernelDropsAndCounts() throws Exception {
        int count = 40_000;
        kafka.createTopic("slow", 1, 1, Map.of());
        // A small producer buffer and kernel buffer, so that a few MiB of traffic fill both.
        KafkaExport export = KafkaExport.builder(kafka.bootstrapServers(), "slow")
                .producerSetting("buffer.memory", Integer.toString(1 << 20))
                .producerSetting("max.block.ms", "120000")
                .build();
        Options options = Options.builder().interfaceName(net.vethB()).exec(net.execIn(net.b()))
                .filter("udp dst port " + PORT).buffer(1 << 20).timeout(Duration.ofMillis(10)).build();
        Stats stats;
        int warm = 100;
        try (export; Epcap cap = Epcap.start(options, export)) {
            // First the producer learns the topic's leader: a paused broker then makes it wait
            // for room in its buffer, not for metadata.
            net.sendUdp(net.a(), net.ipB(), PORT, warm, 100);
            long warmed = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (export.report().recordsAcknowledged() < warm && System.nanoTime() < warmed) {
                Thread.sleep(20);
            }
            assertEquals(warm, export.report().recordsAcknowledged(), export.report().toString());
            long heapBefore = heapAfterGc();
            ExportReport paused;
            long heapPaused;
            kafka.pause(1);
            try {
                net.sendUdp(net.a(), net.ipB(), PORT, count, 1000);
                // The capture waits in the producer now: the kernel has dropped what did not fit.
                paused = export.report();
                heapPaused = heapAfterGc();
            } finally {
                kafka.resume(1);
            }
            // Bounded: what waits for the paused broker is what fits in buffer.memory (every
            // record here holds a 1042-byte frame; one more is the record waiting for room), and
            // the heap did not take in the ~40 MB sent.
            assertTrue(paused.inFlight() <= (1 << 20) / 1042 + 1, "in flight while paused: " + paused);
            assertTrue(paused.packetsTaken() - paused.recordsSent() <= 1,
                    "nothing queued before the producer: " + paused);
            assertTrue(heapPaused - heapBefore < 16L << 20, "heap grew by " + (heapPaused - heapBefore)
                    + " bytes while " + count + " KB-sized datagrams were sent to a paused broker");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                stats = cap.stats();
                if (stats.received() == stats.captured() + stats.dropped()
                        && export.report().packetsTaken() == stats.captured()) break;
                Thread.sleep(50);
            }
            stats = cap.stats();
        }
        ExportReport r = export.report(stats);
        assertTrue(stats.dropped() > 0, "the kernel dropped: " + r);
        assertTrue(r.blockedNanos() > 0, "the capture waited for the producer: " + r);
        assertEquals(stats.captured(), r.packetsTaken(), r.toString());
        assertEquals(r.packetsTaken(), r.recordsAcknowledged(), r.toString());
        assertEquals(0, r.recordsFailed(), r.toString());
        assertEquals(warm + count, stats.received(), "the kernel saw every datagram: " + r);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(kafka.consumeAll("slow",
                (int) r.recordsAcknowledged(), Duration.ofSeconds(60)));
        assertEquals(r.recordsAcknowledged(), records.size());
        records.removeIf(rec -> rec.value().length < 1000);
        assertEquals(r.recordsAcknowledged() - warm, sequences(records).cardinality());
    }
}
