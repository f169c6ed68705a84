package org.epcap.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.epcap.CaptureEnd;
import org.epcap.Epcap;
import org.epcap.Options;
import org.epcap.kafka.testing.KafkaCluster;
import org.epcap.pkt.DataLinkType;
import org.epcap.pkt.io.PcapWriter;
import org.epcap.pkt.io.TimestampPrecision;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packet records through a real broker: a corpus file read by the real port program, published,
 * read back and written to a file, judged by tshark's Community ID and tcpdump's printout.
 */
class PacketExportTest {
    private static KafkaCluster kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaCluster.start(1);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) kafka.close();
    }

    private static Path corpusFile(String name) {
        return Tools.assumeCorpus().resolve("tcpdump").resolve(name);
    }

    /** Reads {@code file} through the port into an export to {@code topic}; returns the final report. */
    private static ExportReport publish(Path file, String topic, PacketLayout layout) {
        KafkaExport export = KafkaExport.builder(kafka.bootstrapServers(), topic).packetLayout(layout)
                .host("test-host").interfaceName(file.getFileName().toString()).build();
        try (export; Epcap cap = Epcap.start(Options.builder().file(file).build(), export)) {
            CaptureEnd end = cap.awaitEnd(Duration.ofSeconds(60)).orElseThrow();
            assertEquals(CaptureEnd.Reason.END_OF_FILE, end.reason(), end.toString());
        }
        return export.report();
    }

    @Test
    void everyPacketIsKeyedByTsharksCommunityIdAndComesBackAsTcpdumpPrintedIt() throws Exception {
        // Plain UDP flows: tshark names a tunnel's packets by the inner header, the flow table
        // (and so this key) by the outer one (docs/flows.md), so no tunnels here.
        Path original = corpusFile("afs.pcap");
        kafka.createTopic("assortment", 3, 1, Map.of());
        ExportReport report = publish(original, "assortment", PacketLayout.COMMUNITY_ID);

        List<String[]> frames = new ArrayList<>();
        for (String line : Tools.check(List.of("tshark", "-r", original.toString(), "--enable-protocol",
                "communityid", "-T", "fields", "-E", "separator=/t", "-e", "communityid", "-e",
                "frame.time_epoch", "-e", "frame.len", "-e", "ip.src", "-e", "ip.dst", "-e", "ip.proto", "-e",
                "ip.id", "-e", "ip.flags.mf", "-e", "ip.frag_offset")).split("\n")) {
            if (!line.isEmpty()) frames.add(line.split("\t", -1));
        }
        // tshark names a fragmented datagram by its ports only on the fragment that completes it;
        // every fragment of it is expected under that name, so that a datagram stays together.
        Map<String, String> datagramIds = new HashMap<>();
        for (String[] f : frames) {
            if (isFragment(f)) datagramIds.put(datagram(f), f[0]);
        }
        for (String[] f : frames) {
            if (isFragment(f)) f[0] = datagramIds.get(datagram(f));
        }
        assertTrue(datagramIds.size() > 5, "the capture has fragmented datagrams: " + datagramIds.size());
        assertEquals(frames.size(), report.packetsTaken(), report.toString());
        assertEquals(frames.size(), report.recordsSent(), report.toString());
        assertEquals(frames.size(), report.recordsAcknowledged(), report.toString());
        assertEquals(0, report.recordsFailed(), report.toString());
        assertEquals(0, report.inFlight());

        List<ConsumerRecord<byte[], byte[]>> records = kafka.consumeAll("assortment", frames.size(),
                Duration.ofSeconds(60));
        assertEquals(frames.size(), records.size());
        // Each flow's packets, in the file's order (tshark's ID) and in its partition's order (ours).
        Map<String, List<String>> wanted = new HashMap<>();
        for (String[] f : frames) {
            String id = f[0].isEmpty() ? "" : f[0];
            wanted.computeIfAbsent(id, k -> new ArrayList<>()).add(f[2]);
        }
        Map<String, List<String>> got = new HashMap<>();
        Map<String, Integer> partitionOf = new HashMap<>();
        records.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String id = r.key() == null ? "" : new String(r.key(), StandardCharsets.US_ASCII);
            got.computeIfAbsent(id, k -> new ArrayList<>()).add(
                    Long.toString(PacketHeaders.longValue(r.headers(), PacketHeaders.WIRE_LENGTH, -1)));
            if (!id.isEmpty()) {
                Integer before = partitionOf.putIfAbsent(id, r.partition());
                assertTrue(before == null || before == r.partition(), "flow " + id + " is in one partition");
            }
            assertEquals("test-host", PacketHeaders.text(r.headers(), PacketHeaders.HOST));
            assertEquals("afs.pcap", PacketHeaders.text(r.headers(), PacketHeaders.INTERFACE));
            assertEquals(1, PacketHeaders.longValue(r.headers(), PacketHeaders.LINK_TYPE, -1));
        }
        // Non-IP packets have no key and no order; every flow's order is the file's.
        List<String> unkeyedWanted = wanted.remove("");
        List<String> unkeyedGot = got.remove("");
        assertEquals(wanted, got, "packets per Community ID, in order");
        if (unkeyedWanted != null) {
            unkeyedWanted.sort(null);
            unkeyedGot.sort(null);
            assertEquals(unkeyedWanted, unkeyedGot);
        } else {
            assertNull(unkeyedGot);
        }
        assertTrue(partitionOf.values().stream().distinct().count() > 1, "the flows spread over partitions");

        // Written back in capture-time order, tcpdump prints it as it printed the original.
        Path back = dir.resolve("back.pcap");
        try (PcapWriter w = PcapWriter.create(back, DataLinkType.EN10MB, 262144, TimestampPrecision.NANO)) {
            long n = TopicReader.read(kafka.bootstrapServers(), "assortment", Map.of(), Duration.ofSeconds(60),
                    p -> w.write(DataLinkType.fromLinkType(p.linkType()), p.timestampNanos(), p.wireLength(),
                            p.data(), 0, p.data().length));
            assertEquals(frames.size(), n);
        }
        assertEquals(tcpdump(original), tcpdump(back));
    }

    private static boolean isFragment(String[] f) {
        return "1".equals(f[7]) || "True".equalsIgnoreCase(f[7]) || (!f[8].isEmpty() && !"0".equals(f[8]));
    }

    private static String datagram(String[] f) {
        return f[3] + " " + f[4] + " " + f[5] + " " + f[6];
    }

    private static String tcpdump(Path file) {
        return Tools.check(List.of("tcpdump", "-r", file.toString(), "-nn", "-tt", "-v", "--nano"));
    }

    @Test
    void metronLayoutKeysByMicrosecondsAndReadsBackWithoutHeaders() throws Exception {
        Path original = corpusFile("pim-packet-assortment.pcap");
        kafka.createTopic("metron", 1, 1, Map.of());
        kafka.createTopic("metron-plain", 1, 1, Map.of());
        ExportReport report = publish(original, "metron", PacketLayout.METRON);
        assertEquals(report.packetsTaken(), report.recordsAcknowledged(), report.toString());
        List<ConsumerRecord<byte[], byte[]>> records = kafka.consumeAll("metron", (int) report.packetsTaken(),
                Duration.ofSeconds(60));
        String[] times = Tools.check(List.of("tshark", "-r", original.toString(), "-T", "fields", "-e",
                "frame.time_epoch")).split("\n");
        assertEquals(times.length, records.size());
        for (int i = 0; i < records.size(); i++) {
            long micros = ByteBuffer.wrap(records.get(i).key()).getLong();
            long wanted = new BigDecimal(times[i].trim()).movePointRight(6).setScale(0, RoundingMode.FLOOR)
                    .longValueExact();
            assertEquals(wanted, micros, "packet " + (i + 1));
        }
        // A record as Metron's own sensors write it (no headers) reads as Ethernet at that time.
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        byte[] frame = records.get(0).value();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>("metron-plain", ByteBuffer.allocate(8).putLong(1_700_000_000_123_456L)
                    .array(), frame)).get();
        }
        List<KafkaPacket> plain = new ArrayList<>();
        TopicReader.read(kafka.bootstrapServers(), "metron-plain", Duration.ofSeconds(60), plain::add);
        assertEquals(1, plain.size());
        assertEquals(1_700_000_000_123_456_000L, plain.get(0).timestampNanos());
        assertEquals(1, plain.get(0).linkType());
        assertEquals(frame.length, plain.get(0).wireLength());
        assertTrue(Arrays.equals(frame, plain.get(0).data()));
    }

    /** Waits up to 30 s for {@code condition}; fails with {@code what} if it does not come. */
    private static void await(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("not within 30 s: " + what.get());
            Thread.sleep(10);
        }
    }

    @Test
    void recordsStillInFlightAtCloseAreCountedAsFailedInThePeriodicAndFinalReports() throws Exception {
        kafka.createTopic("cut-off", 1, 1, Map.of());
        List<ExportReport> reports = new CopyOnWriteArrayList<>();
        KafkaExport export = KafkaExport.builder(kafka.bootstrapServers(), "cut-off")
                .closeTimeout(Duration.ofSeconds(1)).reportEvery(Duration.ofMillis(20), reports::add).build();
        // A frame that is not IP (EtherType 0): no Community ID needed, the producer places it.
        byte[] frame = new byte[60];
        int waiting = 100;
        try (export) {
            // One record acknowledged first, so that the producer knows the leader before the pause.
            export.accept(1, 1_700_000_000_000_000_000L, frame, 0, frame.length, frame.length);
            await(() -> export.report().recordsAcknowledged() == 1, () -> export.report().toString());
            kafka.pause(1);
            try {
                for (int i = 0; i < waiting; i++) {
                    export.accept(1, 1_700_000_000_000_000_001L + i, frame, 0, frame.length, frame.length);
                }
                // The periodic report sees them in flight: sent, and neither acknowledged nor failed.
                await(() -> reports.stream().anyMatch(r -> r.inFlight() == waiting && r.recordsSent() == 1 + waiting),
                        reports::toString);
                export.close(); // the broker answers nothing: after the close timeout they fail
            } finally {
                kafka.resume(1);
            }
        }
        ExportReport end = export.report();
        assertEquals(1 + waiting, end.packetsTaken(), end.toString());
        assertEquals(1 + waiting, end.recordsSent(), end.toString());
        assertEquals(1, end.recordsAcknowledged(), end.toString());
        assertEquals(waiting, end.recordsFailed(), end.toString());
        assertEquals(0, end.inFlight(), end.toString());
        assertTrue(end.firstError().isPresent(), end.toString());
        // The final report given to the report consumer at close says the same.
        assertTrue(reports.stream().anyMatch(r -> r.recordsFailed() == waiting && r.inFlight() == 0
                && r.recordsAcknowledged() == 1), reports.toString());
    }
}
