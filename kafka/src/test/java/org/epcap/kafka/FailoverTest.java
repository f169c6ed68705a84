package org.epcap.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.epcap.kafka.testing.KafkaCluster;
import org.junit.jupiter.api.Test;

/**
 * A three-broker cluster, replication factor 3, {@code min.insync.replicas} 2: one broker is
 * killed (SIGKILL) in the middle of a publish and restarted. Every record acknowledged is in the
 * topic exactly once, and nothing handed to the producer is left unaccounted for.
 */
class FailoverTest {
    private static final int PACKETS = 60_000;

    /** An Ethernet/IPv4/UDP frame whose payload is its sequence number; flows by source port. */
    private static byte[] frame(int seq) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + 64);
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + 64)).putInt(0).put((byte) 64).put((byte) 17)
                .putShort((short) 0).put(new byte[] {(byte) 169, (byte) 254, 7, 1}).put(new byte[] {(byte) 169,
                        (byte) 254, 7, 2});
        b.putShort((short) (40000 + seq % 64)).putShort((short) 9999).putShort((short) (8 + 64)).putShort((short) 0);
        b.putInt(seq);
        return b.array();
    }

    @Test
    void aBrokerKilledMidPublishLosesAndDuplicatesNothingAcknowledged() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start(3)) {
            kafka.createTopic("failover", 6, 3, Map.of("min.insync.replicas", "2"));
            KafkaExport export = KafkaExport.builder(kafka.bootstrapServers(), "failover")
                    .closeTimeout(Duration.ofSeconds(90)).build();
            long killedAt = -1;
            long restartedAt = -1;
            try (export) {
                long t0 = 1_700_000_000_000_000_000L;
                for (int i = 0; i < PACKETS; i++) {
                    byte[] f = frame(i);
                    export.accept(1, t0 + i * 1000L, f, 0, f.length, f.length);
                    if (i == PACKETS / 4) {
                        // Mid-publish: some records acknowledged, many in flight and to come.
                        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                        while (export.report().recordsAcknowledged() < PACKETS / 8 && System.nanoTime() < until) {
                            Thread.sleep(10);
                        }
                        killedAt = export.report().recordsAcknowledged();
                        kafka.kill(1);
                    } else if (i == PACKETS / 2) {
                        kafka.restart(1);
                        restartedAt = export.report().recordsAcknowledged();
                    }
                    if (i % 1000 == 999) Thread.sleep(5); // a capture's pace, not a bulk load
                }
                export.finish();
            }
            ExportReport r = export.report();
            assertTrue(killedAt > 0 && killedAt < PACKETS, "the kill came mid-publish: " + killedAt);
            assertTrue(restartedAt < PACKETS, "the restart came mid-publish: " + restartedAt);
            assertEquals(PACKETS, r.recordsSent(), r.toString());
            assertEquals(0, r.inFlight(), r.toString());
            assertEquals(PACKETS, r.recordsAcknowledged() + r.recordsFailed(), r.toString());
            List<ConsumerRecord<byte[], byte[]>> records = kafka.consumeAll("failover", Duration.ofSeconds(90));
            BitSet seen = new BitSet();
            for (ConsumerRecord<byte[], byte[]> rec : records) {
                int seq = ByteBuffer.wrap(rec.value(), 42, 4).getInt();
                assertTrue(!seen.get(seq), "packet " + seq + " is in the topic twice");
                seen.set(seq);
            }
            // Idempotence: no duplicates; acks=all with two in-sync replicas left: nothing lost.
            assertEquals(r.recordsAcknowledged(), records.size(), r.toString());
            assertEquals(0, r.recordsFailed(), r.toString());
        }
    }
}
