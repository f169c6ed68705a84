package org.epcap.kafka.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic back, for assertions: every partition assigned by hand (no consumer group,
 * so nothing waits for a group coordinator or a rebalance), from the beginning, bounded in time.
 */
final class Consume {

    private Consume() {}

    /**
     * Records up to each partition's end offset (everything acknowledged before the call).
     *
     * <p>The end offsets are asked again once reached, and reading goes on while they moved: the
     * first answer can come from a node that was just paused or restarted and still believes it
     * leads, with an old end. A node that stays that stale for longer is not caught; after a
     * resume or restart, wait until it is back in the ISR, or use the count variant.
     *
     * @throws IllegalStateException if the end is not reached within {@code timeout}
     */
    static List<ConsumerRecord<byte[], byte[]>> toEnd(String bootstrap, String topic,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = open(bootstrap)) {
            List<TopicPartition> parts = assignAll(consumer, topic, timeout);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
            while (true) {
                Map<TopicPartition, Long> goal = end;
                records.addAll(read(consumer, left(deadline, timeout), r -> parts.stream()
                                .allMatch(tp -> consumer.position(tp, timeout) >= goal.get(tp)),
                        () -> "end offsets " + goal + " not reached"));
                end = consumer.endOffsets(parts, left(deadline, timeout));
                if (end.equals(goal)) {
                    return records;
                }
            }
        }
    }

    private static Duration left(long deadline, Duration timeout) {
        long ns = deadline - System.nanoTime();
        if (ns <= 0) {
            throw new IllegalStateException("consume timed out after " + timeout);
        }
        return Duration.ofNanos(ns);
    }

    /**
     * The first {@code expected} records read (all partitions interleaved).
     *
     * @throws IllegalStateException if fewer arrive within {@code timeout}
     */
    static List<ConsumerRecord<byte[], byte[]>> count(String bootstrap, String topic, int expected,
            Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = open(bootstrap)) {
            assignAll(consumer, topic, timeout);
            return read(consumer, timeout, records -> records.size() >= expected,
                    () -> "fewer than " + expected + " records");
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(KafkaConsumer<byte[], byte[]> consumer,
            Duration timeout, Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
            java.util.function.Supplier<String> why) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        while (!done.test(records)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("consume timed out after " + timeout + ": " + why.get()
                        + ", got " + records.size());
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    private static List<TopicPartition> assignAll(KafkaConsumer<byte[], byte[]> consumer,
            String topic, Duration timeout) {
        List<TopicPartition> parts = consumer.partitionsFor(topic, timeout).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .collect(Collectors.toList());
        if (parts.isEmpty()) {
            throw new IllegalStateException("no partitions for topic " + topic);
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        return parts;
    }

    private static KafkaConsumer<byte[], byte[]> open(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "epcap-kafka-harness-consume");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
