package org.epcap.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer's configuration: this library's defaults for losing nothing and duplicating
 * nothing, then the user's settings over them (sniff's {@code -X key=value}).
 */
final class ProducerSettings {
    /** Settings the export owns: records are bytes it makes itself. */
    private static final Set<String> RESERVED = Set.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);

    private ProducerSettings() {
    }

    static Map<String, Object> of(String bootstrapServers, String clientId, Map<String, String> user) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // Nothing acknowledged is lost (every in-sync replica has it) and a retry after a broker's
        // failover does not write a record twice (sequence numbers per partition).
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // Packets are small and many: larger batches than the default 16 KiB carry them with
        // fewer requests. The buffer stays Kafka's bounded 32 MiB: when it is full the capture
        // waits, and the kernel drops.
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        c.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        c.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(32L << 20));
        for (Map.Entry<String, String> e : user.entrySet()) {
            if (RESERVED.contains(e.getKey())) {
                throw new IllegalArgumentException("the producer setting " + e.getKey()
                        + " is the export's own; set the bootstrap servers with the export's builder");
            }
            // The producer only logs a setting it does not know; a typo should not pass silently.
            if (!ProducerConfig.configNames().contains(e.getKey())) {
                throw new IllegalArgumentException("unknown producer setting '" + e.getKey()
                        + "' (see the Kafka producer configuration reference)");
            }
            c.put(e.getKey(), e.getValue());
        }
        return c;
    }
}
