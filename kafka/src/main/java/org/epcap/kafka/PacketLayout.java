package org.epcap.kafka;

/**
 * How a packet becomes a Kafka record (see {@code docs/kafka.md}, "Packet records").
 *
 * <pre>{@code
 * KafkaExport.builder(bootstrap, "pcap").packetLayout(PacketLayout.METRON).build();
 * }</pre>
 */
public enum PacketLayout {
    /**
     * Key: the flow's Community ID in ASCII ({@code "1:..."}), so that one flow stays in one
     * partition, in order; no key for a packet that is not IP. Value: the captured bytes. Headers:
     * {@link PacketHeaders}.
     */
    COMMUNITY_ID,
    /**
     * Apache Metron's pcap topic: key = the capture time in microseconds since the epoch as an
     * 8-byte big-endian unsigned long (Metron's default {@code ts_granularity}), value = the
     * captured bytes without any pcap header. The headers of {@link #COMMUNITY_ID} are added too.
     */
    METRON
}
