package org.epcap.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic of packet records back, from the start of every partition to the end it has when
 * the read begins, and hands the packets over in capture-time order: the partitions are merged by
 * {@link KafkaPacket#timestampNanos()}, each partition's own order kept.
 *
 * <pre>{@code
 * try (PacketWriter out = PcapNgWriter.create(Path.of("window.pcapng"))) {
 *     long n = TopicReader.read("10.0.0.5:9092", "packets", Map.of(), Duration.ofMinutes(1),
 *             p -> out.write(DataLinkType.fromLinkType(p.linkType()), p.timestampNanos(),
 *                     p.wireLength(), p.data(), 0, p.data().length));
 * }
 * }</pre>
 *
 * <p><b>Bounded.</b> At most {@link #MAX_HELD} records are held per partition: a partition that
 * runs ahead of the others is paused until the merge has caught up.
 *
 * <p>Threads: one call runs on the caller's thread, with a consumer of its own (no group: it
 * commits nothing and disturbs no consumer group).
 */
public final class TopicReader {
    /** Records held per partition, waiting for the other partitions' earlier packets. */
    public static final int MAX_HELD = 4096;

    /** A packet consumer that may fail with an exception of its own (an I/O error, say). */
    @FunctionalInterface
    public interface PacketConsumer {
        void accept(KafkaPacket packet) throws Exception;
    }

    private TopicReader() {
    }

    /**
     * Reads every packet of {@code topic} up to its end offsets at the start, in time order.
     *
     * @param settings consumer settings over the defaults (sniff's {@code -X})
     * @param timeout  the whole read's limit: the end must be reached within it
     * @return the number of packets handed over
     * @throws IllegalStateException when the topic does not exist or the end is not reached in time
     * @throws IllegalArgumentException when a record is not a packet record
     * @throws Exception what {@code to} throws
     */
    public static long read(String bootstrapServers, String topic, Map<String, String> settings, Duration timeout,
                            PacketConsumer to) throws Exception {
        Objects.requireNonNull(to);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties(bootstrapServers, settings))) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist at " + bootstrapServers);
            }
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo i : infos) partitions.add(new TopicPartition(topic, i.partition()));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, ArrayDeque<KafkaPacket>> held = new HashMap<>();
            Map<TopicPartition, Long> next = new HashMap<>();
            List<TopicPartition> open = new ArrayList<>();
            for (TopicPartition p : partitions) {
                held.put(p, new ArrayDeque<>());
                next.put(p, begins.get(p));
                if (begins.get(p) < ends.get(p)) open.add(p);
            }
            long handed = 0;
            while (true) {
                // Hand over while every partition that still has records has one waiting.
                while (true) {
                    TopicPartition first = null;
                    boolean waiting = false;
                    for (TopicPartition p : partitions) {
                        ArrayDeque<KafkaPacket> q = held.get(p);
                        if (q.isEmpty()) {
                            if (open.contains(p)) waiting = true;
                            continue;
                        }
                        if (first == null || q.peek().timestampNanos() < held.get(first).peek().timestampNanos()) {
                            first = p;
                        }
                    }
                    if (first == null || waiting) break;
                    to.accept(held.get(first).poll());
                    handed++;
                }
                if (open.isEmpty() && held.values().stream().allMatch(ArrayDeque::isEmpty)) {
                    return handed;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the end of topic " + topic + " was not reached within "
                            + timeout + " (" + handed + " packets read)");
                }
                List<TopicPartition> full = new ArrayList<>();
                for (TopicPartition p : partitions) if (held.get(p).size() >= MAX_HELD) full.add(p);
                consumer.pause(full);
                List<TopicPartition> room = new ArrayList<>(partitions);
                room.removeAll(full);
                consumer.resume(room);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofNanos(Math.min(left, 200_000_000L)))) {
                    TopicPartition p = new TopicPartition(r.topic(), r.partition());
                    long end = ends.get(p);
                    if (r.offset() < end) held.get(p).add(KafkaPacket.of(r));
                    next.put(p, r.offset() + 1);
                }
                for (TopicPartition p : partitions) {
                    // Offsets may skip (transaction markers, compaction): the position says where it is.
                    if (open.contains(p) && Math.max(next.get(p), consumer.position(p)) >= ends.get(p)) {
                        open.remove(p);
                        consumer.pause(List.of(p));
                    }
                }
            }
        }
    }

    /** Reads and hands each packet to {@code to}, for callers whose consumer cannot throw. */
    public static long read(String bootstrapServers, String topic, Duration timeout, Consumer<KafkaPacket> to)
            throws Exception {
        return read(bootstrapServers, topic, Map.of(), timeout, to::accept);
    }

    private static Properties properties(String bootstrapServers, Map<String, String> settings) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "epcap-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!ConsumerConfig.configNames().contains(e.getKey())) {
                throw new IllegalArgumentException("unknown consumer setting '" + e.getKey() + "'");
            }
            p.put(e.getKey(), e.getValue());
        }
        return p;
    }
}
