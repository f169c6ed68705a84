package org.epcap.kafka;

/**
 * What an export publishes for the packets it is given (the schemas are in {@code docs/kafka.md}).
 *
 * <pre>{@code
 * KafkaExport.builder("127.0.0.1:9092", "flows").kind(RecordKind.FLOWS).build();
 * }</pre>
 */
public enum RecordKind {
    /** One record per packet: the captured bytes, keyed by the flow's Community ID. */
    PACKETS,
    /** One JSON record per flow when it ends (ECS field names), keyed by its Community ID. */
    FLOWS,
    /** One JSON record per decoded DNS message, TLS hello or HTTP request, keyed by its flow. */
    EVENTS
}
