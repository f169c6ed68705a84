package org.epcap.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.epcap.CaptureEnd;
import org.epcap.Epcap;
import org.epcap.Options;
import org.epcap.flow.FlowConfig;
import org.epcap.flow.FlowTable;
import org.epcap.kafka.json.EventExtractor;
import org.epcap.kafka.json.ExtractorConfig;
import org.epcap.kafka.json.Captures;
import org.epcap.kafka.json.FlowJson;
import org.epcap.kafka.testing.KafkaCluster;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.RecordView;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flow and event records through a real broker equal what the flow and protocol modules make of
 * the same file read without the port or Kafka; and captures from two hosts in one topic come
 * back whole to a consumer group.
 */
class JsonExportTest {
    private static KafkaCluster kafka;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaCluster.start(1);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) kafka.close();
    }

    private static Path corpus(String name) {
        return Tools.assumeCorpus().resolve("tcpdump").resolve(name);
    }

    private static ExportReport publish(Path file, String topic, RecordKind kind, String host) {
        KafkaExport export = KafkaExport.builder(kafka.bootstrapServers(), topic).kind(kind).host(host).build();
        try (export; Epcap cap = Epcap.start(Options.builder().file(file).build(), export)) {
            CaptureEnd end = cap.awaitEnd(Duration.ofSeconds(60)).orElseThrow();
            assertEquals(CaptureEnd.Reason.END_OF_FILE, end.reason(), end.toString());
        }
        ExportReport r = export.report();
        assertEquals(0, r.recordsFailed(), r.toString());
        assertEquals(r.recordsSent(), r.recordsAcknowledged(), r.toString());
        return r;
    }

    /** The records' keys and values as text, in any order. */
    private static List<String> topic(String topic, long count) {
        List<String> got = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.consumeAll(topic, (int) count, Duration.ofSeconds(60))) {
            got.add(new String(r.key(), StandardCharsets.US_ASCII) + " " + new String(r.value(), StandardCharsets.UTF_8));
        }
        got.sort(null);
        return got;
    }

    @Test
    void flowRecordsAreTheFlowTablesOwn() throws Exception {
        Path file = corpus("afs.pcap");
        kafka.createTopic("flows", 3, 1, Map.of());
        ExportReport r = publish(file, "flows", RecordKind.FLOWS, "h");
        List<String> want = new ArrayList<>();
        FlowJson json = new FlowJson();
        FlowTable table = new FlowTable(FlowConfig.defaults(),
                f -> want.add(f.communityId() + " " + new String(json.toJson(f), StandardCharsets.UTF_8)));
        try (PcapReader in = PcapReader.open(file)) {
            for (RecordView v; (v = in.nextView()) != null; ) {
                table.accept(v.dataLinkType(), v.timeNanos(), v.array(), v.offset(), v.caplen());
            }
        }
        table.flush();
        want.sort(null);
        assertTrue(want.size() > 10, "the file has flows: " + want.size());
        assertEquals(want.size(), r.recordsSent());
        assertEquals(want, topic("flows", want.size()));
    }

    @Test
    void aFullFlowTableIsCountedInTheReport() {
        kafka.createTopic("few-flows", 1, 1, Map.of());
        KafkaExport export = KafkaExport.builder(kafka.bootstrapServers(), "few-flows").kind(RecordKind.FLOWS)
                .flowConfig(FlowConfig.defaults().withMaxFlows(4)).build();
        try (export; Epcap cap = Epcap.start(Options.builder().file(corpus("afs.pcap")).build(), export)) {
            cap.awaitEnd(Duration.ofSeconds(60)).orElseThrow();
        }
        ExportReport r = export.report();
        assertTrue(r.flowsEvicted() > 0, r.toString());
        assertTrue(r.toString().contains("flows evicted " + r.flowsEvicted()), r.toString());
        assertEquals(r.recordsSent(), r.recordsAcknowledged(), r.toString());
    }

    @Test
    void eventRecordsAreTheExtractorsOwn(@TempDir Path dir) throws Exception {
        // DNS, TLS hellos and HTTP requests, some split over segments (scapy, conversations.py).
        Path file = Captures.conversations(dir);
        kafka.createTopic("events", 2, 1, Map.of());
        ExportReport r = publish(file, "events", RecordKind.EVENTS, "h");
        List<String> want = new ArrayList<>();
        EventExtractor events = new EventExtractor(ExtractorConfig.defaults(), (e, j) ->
                want.add(e.endpoints().communityId() + " " + new String(j, StandardCharsets.UTF_8)));
        try (PcapReader in = PcapReader.open(file)) {
            for (RecordView v; (v = in.nextView()) != null; ) {
                events.accept(v.dataLinkType(), v.timeNanos(), v.array(), v.offset(), v.caplen());
            }
        }
        events.flush();
        want.sort(null);
        assertTrue(want.stream().anyMatch(w -> w.contains("\"http\"")) && want.stream().anyMatch(w -> w.contains("\"tls\"")),
                "the file has HTTP and TLS events: " + want.size());
        assertEquals(want.size(), r.recordsSent());
        assertEquals(want, topic("events", want.size()));
    }

    @Test
    void twoHostsIntoOneTopicComeBackWholeToAConsumerGroup() throws Exception {
        kafka.createTopic("fleet", 4, 1, Map.of());
        ExportReport a = publish(corpus("afs.pcap"), "fleet", RecordKind.PACKETS, "host-a");
        ExportReport b = publish(corpus("pim-packet-assortment.pcap"), "fleet", RecordKind.PACKETS, "host-b");
        long total = a.recordsAcknowledged() + b.recordsAcknowledged();
        // Two members of one group share the partitions; together they read every record once.
        Map<String, Integer> perHost = new ConcurrentHashMap<>();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<Thread> members = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int m = 0; m < 2; m++) {
            Thread t = new Thread(() -> {
                try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, "analysts",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
                    c.subscribe(List.of("fleet"));
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (seen.size() < total && System.nanoTime() < deadline) {
                        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                            KafkaPacket p = KafkaPacket.of(r);
                            if (seen.add(r.partition() + "@" + r.offset())) perHost.merge(p.host(), 1, Integer::sum);
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            t.start();
            members.add(t);
        }
        for (Thread t : members) t.join(90_000);
        assertTrue(failures.isEmpty(), failures.toString());
        assertEquals(total, seen.size());
        assertEquals(Map.of("host-a", (int) a.recordsAcknowledged(), "host-b", (int) b.recordsAcknowledged()),
                new java.util.TreeMap<>(perHost));
    }
}
