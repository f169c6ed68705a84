package org.epcap.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** What the export refuses before it talks to any broker, and how records read back. */
class SettingsTest {
    @Test
    void theDefaultsLoseAndDuplicateNothing() {
        Map<String, Object> c = ProducerSettings.of("127.0.0.1:9092", "id", Map.of());
        assertEquals("all", c.get("acks"));
        assertEquals("true", c.get("enable.idempotence"));
        assertEquals(Long.toString(32L << 20), c.get("buffer.memory"), "the producer's buffer is bounded");
    }

    @Test
    void theUsersSettingsWinButTyposAndTheExportsOwnAreRefused() {
        assertEquals("lz4", ProducerSettings.of("b:1", "id", Map.of("compression.type", "lz4")).get("compression.type"));
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> ProducerSettings.of("b:1", "id", Map.of("linger.msec", "5")));
        assertTrue(typo.getMessage().contains("linger.msec"), typo.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ProducerSettings.of("b:1", "id", Map.of("value.serializer", "x")));
        assertThrows(IllegalArgumentException.class,
                () -> KafkaExport.builder("127.0.0.1:9092", "t").producerSetting("acks ", "1"));
    }

    @Test
    void aBadTopicOrNoBootstrapIsRefusedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> KafkaExport.builder("127.0.0.1:9092", "a/b"));
        assertThrows(IllegalArgumentException.class, () -> KafkaExport.builder(" ", "t"));
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value, RecordHeaders h) {
        return new ConsumerRecord<>("t", 0, 7, 0L, TimestampType.CREATE_TIME, key == null ? -1 : key.length,
                value == null ? -1 : value.length, key, value, h, Optional.empty());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aRecordThatLiesAboutItsLengthsIsRefusedWithWhereItIs() {
        RecordHeaders h = new RecordHeaders();
        h.add(new RecordHeader(PacketHeaders.TIMESTAMP_NS, ascii("5")));
        h.add(new RecordHeader(PacketHeaders.WIRE_LENGTH, ascii("3")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KafkaPacket.of(record(null, new byte[10], h)));
        assertTrue(e.getMessage().contains("t-0@7"), e.getMessage());

        RecordHeaders bad = new RecordHeaders();
        bad.add(new RecordHeader(PacketHeaders.TIMESTAMP_NS, ascii("x1")));
        assertThrows(IllegalArgumentException.class, () -> KafkaPacket.of(record(null, new byte[10], bad)));
        assertThrows(IllegalArgumentException.class,
                () -> KafkaPacket.of(record(new byte[3], new byte[10], new RecordHeaders())));
        assertThrows(IllegalArgumentException.class, () -> KafkaPacket.of(record(null, null, h)));
    }

    @Test
    void headersAreReadBack() {
        RecordHeaders h = new RecordHeaders();
        h.add(new RecordHeader(PacketHeaders.TIMESTAMP_NS, ascii("1700000000123456789")));
        h.add(new RecordHeader(PacketHeaders.WIRE_LENGTH, ascii("1514")));
        h.add(new RecordHeader(PacketHeaders.LINK_TYPE, ascii("113")));
        h.add(new RecordHeader(PacketHeaders.HOST, "capteur-é".getBytes(StandardCharsets.UTF_8)));
        KafkaPacket p = KafkaPacket.of(record(null, new byte[96], h));
        assertEquals(1700000000123456789L, p.timestampNanos());
        assertEquals(1514, p.wireLength());
        assertEquals(113, p.linkType());
        assertEquals("capteur-é", p.host());
        assertEquals(null, p.interfaceName());
    }
}
