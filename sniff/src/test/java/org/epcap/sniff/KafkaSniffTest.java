package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.epcap.kafka.json.Captures;
import org.epcap.kafka.json.EventExtractor;
import org.epcap.kafka.json.ExtractorConfig;
import org.epcap.kafka.testing.KafkaCluster;
import org.epcap.testing.Netns;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sniff --kafka and --from-kafka against a real broker; tcpdump judges the round trip. */
class KafkaSniffTest {
    private static KafkaCluster kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        Tools.assumePortProgram();
        kafka = KafkaCluster.start(1);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) kafka.close();
    }

    private static String tcpdump(Path file) {
        return Tools.check(List.of("tcpdump", "-r", file.toString(), "-nn", "-tt", "-v", "--nano"));
    }

    @Test
    void aFilePublishedAndReadBackPrintsAsTheOriginal() {
        Path original = Tools.assumeCorpus().resolve("tcpdump/pim-packet-assortment.pcap");
        kafka.createTopic("sniffed", 4, 1, Map.of());
        Cli pub = Cli.run("-r", original.toString(), "--kafka", kafka.bootstrapServers(), "--topic", "sniffed",
                "-X", "linger.ms=20", "-X", "compression.type=lz4");
        assertEquals(0, pub.exit(), pub.toString());
        assertTrue(pub.out().isEmpty(), "--kafka prints no packets: " + pub);
        int packets = tcpdump(original).split("\n").length;
        assertTrue(pub.err().contains("acknowledged"), pub.toString());

        Path back = dir.resolve("back.pcapng");
        Cli read = Cli.run("--from-kafka", kafka.bootstrapServers(), "--topic", "sniffed", "-w", back.toString());
        assertEquals(0, read.exit(), read.toString());
        assertTrue(read.err().contains(" packets read from sniffed"), read.toString());
        assertEquals(tcpdump(original), tcpdump(back));
        assertTrue(packets > 100);
    }

    /** tcpdump's printout of {@code file} cut into one block per packet (its first line starts with the time). */
    private static List<String> packetsPrinted(Path file) {
        List<String> blocks = new java.util.ArrayList<>();
        for (String line : tcpdump(file).split("\n")) {
            if (!line.isEmpty() && Character.isDigit(line.charAt(0))) blocks.add(line);
            else blocks.set(blocks.size() - 1, blocks.get(blocks.size() - 1) + "\n" + line);
        }
        return blocks;
    }

    private static java.math.BigDecimal time(String block) {
        return new java.math.BigDecimal(block.substring(0, block.indexOf(' ')));
    }

    @Test
    void aWindowOfOneHostsCaptureTimeIsWhatTcpdumpPrintsOfItInTheOriginal() {
        Path original = Tools.assumeCorpus().resolve("tcpdump/pim-packet-assortment.pcap");
        Path other = Tools.assumeCorpus().resolve("tcpdump/afs.pcap");
        kafka.createTopic("fleet", 3, 1, Map.of());
        for (String[] host : List.of(new String[] {original.toString(), "pim-host"},
                new String[] {other.toString(), "afs-host"})) {
            Cli pub = Cli.run("-r", host[0], "--kafka", kafka.bootstrapServers(), "--topic", "fleet",
                    "--capture-host", host[1]);
            assertEquals(0, pub.exit(), pub.toString());
        }
        List<String> printed = packetsPrinted(original);
        assertTrue(printed.size() > 100, "packets: " + printed.size());
        // One host: the other host's packets are left out, whatever their times.
        Path host = dir.resolve("host.pcapng");
        Cli all = Cli.run("--from-kafka", kafka.bootstrapServers(), "--topic", "fleet", "--capture-host", "pim-host",
                "-w", host.toString());
        assertEquals(0, all.exit(), all.toString());
        assertEquals(printed, packetsPrinted(host));
        // A window of capture time, [since, until), the since as ISO 8601 and the until as seconds.
        java.math.BigDecimal since = time(printed.get(20));
        java.math.BigDecimal until = time(printed.get(printed.size() - 20));
        List<String> wanted = printed.stream()
                .filter(b -> time(b).compareTo(since) >= 0 && time(b).compareTo(until) < 0).toList();
        assertTrue(wanted.size() > 10 && wanted.size() < printed.size() - 30, "window: " + wanted.size());
        java.time.Instant sinceInstant = java.time.Instant.ofEpochSecond(0, since.movePointRight(9).longValueExact());
        Path window = dir.resolve("window.pcapng");
        Cli cut = Cli.run("--from-kafka", kafka.bootstrapServers(), "--topic", "fleet", "--capture-host", "pim-host",
                "--since", sinceInstant.toString(), "--until", until.toPlainString(), "-w", window.toString());
        assertEquals(0, cut.exit(), cut.toString());
        assertTrue(cut.err().contains(wanted.size() + " packets read from fleet"), cut.toString());
        assertEquals(wanted, packetsPrinted(window));
    }

    @Test
    void flowsAndEventsArePublishedAsJson() {
        Path original = Tools.assumeCorpus().resolve("tcpdump/pim-packet-assortment.pcap");
        kafka.createTopic("flows", 2, 1, Map.of());
        Cli flows = Cli.run("-r", original.toString(), "--kafka", kafka.bootstrapServers(), "--topic", "flows",
                "--kind", "flows");
        assertEquals(0, flows.exit(), flows.toString());
        var records = kafka.consumeAll("flows", java.time.Duration.ofSeconds(60));
        assertTrue(!records.isEmpty(), flows.toString());
        String first = new String(records.get(0).value(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(first.startsWith("{") && first.contains("\"community_id\""), first);
    }

    /** Events: what sniff publishes is what the extractor makes of the file, in order (one partition). */
    @Test
    void eventsArePublishedAsTheExtractorMakesThem() throws Exception {
        // HTTP and TLS hellos, some split over segments (scapy, conversations.py); DNS over UDP
        // with EDNS options, and over TCP.
        List<Path> files = List.of(Captures.conversations(dir), Tools.assumeCorpus().resolve("tcpdump/edns-opts.pcap"),
                Tools.assumeCorpus().resolve("tcpdump/dns_tcp.pcap"));
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < files.size(); i++) {
            List<String> want = extracted(files.get(i));
            assertTrue(!want.isEmpty(), files.get(i) + " has events");
            String topic = "events-" + i;
            kafka.createTopic(topic, 1, 1, Map.of());
            Cli pub = Cli.run("-r", files.get(i).toString(), "--kafka", kafka.bootstrapServers(), "--topic", topic,
                    "--kind", "events");
            assertEquals(0, pub.exit(), pub.toString());
            assertTrue(pub.err().contains("sent " + want.size() + ", acknowledged " + want.size() + ", failed 0"),
                    pub.toString());
            List<String> got = kafka.consumeAll(topic, want.size(), java.time.Duration.ofSeconds(60)).stream()
                    .map(r -> (r.key() == null ? "null" : new String(r.key(), StandardCharsets.UTF_8)) + " "
                            + new String(r.value(), StandardCharsets.UTF_8))
                    .toList();
            assertEquals(want, got, files.get(i).toString());
            want.forEach(all::append);
        }
        for (String action : List.of("dns_query", "dns_answer", "tls_client_hello", "tls_server_hello",
                "http_request", "http_response")) {
            assertTrue(all.indexOf("\"action\":\"" + action + "\"") >= 0, "the files have " + action + " events");
        }
    }

    /** The extractor's events of {@code file}, each as its key (the Community ID) and JSON. */
    private static List<String> extracted(Path file) {
        List<String> events = new ArrayList<>();
        EventExtractor extractor = new EventExtractor(ExtractorConfig.defaults(), (e, json) ->
                events.add(e.endpoints().communityId() + " " + new String(json, StandardCharsets.UTF_8)));
        Captures.feed(file, extractor);
        extractor.flush();
        return events;
    }

    /**
     * Live, with a count: the final report carries the kernel's counters (the ones the summary
     * printed), not only those of a periodic report that --stats-every would have asked for.
     */
    @Test
    void aLiveCapturesFinalReportHasTheKernelsCounters() throws Exception {
        Tools.assumeRoot();
        try (Netns net = Netns.create()) {
            kafka.createTopic("live", 1, 1, Map.of());
            CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> Cli.run("-i", net.vethB(),
                    "--exec", net.execIn(net.b()), "-c", "10", "--kafka", kafka.bootstrapServers(),
                    "--topic", "live", "udp"));
            // Bursts of 3 datagrams until the capture is done (at most 150 datagrams, 30 s).
            int sent = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!run.isDone() && sent < 150 && System.nanoTime() < deadline) {
                net.sendUdp(net.a(), net.ipB(), 9300, 3, 32);
                sent += 3;
                Thread.sleep(100);
            }
            Cli cli = run.get(60, TimeUnit.SECONDS);
            assertEquals(0, cli.exit(), cli.toString());
            Matcher summary = Pattern.compile("(\\d+) packets? received by filter").matcher(cli.err());
            assertTrue(summary.find(), cli.toString());
            long received = Long.parseLong(summary.group(1));
            assertTrue(received >= 10 && received <= sent, "received " + received + " of " + sent + "\n" + cli);
            assertTrue(cli.err().contains("kafka: kernel received " + received + ", kernel dropped 0, "),
                    cli.toString());
            assertTrue(cli.err().contains("taken 10, sent 10, acknowledged 10, failed 0"), cli.toString());
            assertEquals(10, kafka.consumeAll("live", 10, java.time.Duration.ofSeconds(60)).size());
        }
    }

    @Test
    void noBrokerEndsTheRunWithTheReasonInsteadOfWaitingPerPacket() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path original = Tools.assumeCorpus().resolve("tcpdump/afs.pcap");
        Cli cli = Cli.run("-r", original.toString(), "--kafka", "127.0.0.1:" + closed, "--topic", "t",
                "-X", "max.block.ms=1000");
        assertEquals(1, cli.exit(), cli.toString());
        assertTrue(cli.err().contains("took no record in time"), cli.toString());
        assertTrue(cli.err().contains("failed 1"), cli.toString());
    }

    @Test
    void kafkaFlagsWithoutTheirPartnersAreUsageErrors() {
        assertEquals(2, Cli.run("-r", "x.pcap", "--kafka", "127.0.0.1:1").exit(), "--kafka needs --topic");
        assertEquals(2, Cli.run("-r", "x.pcap", "--kafka", "127.0.0.1:1", "--topic", "t", "--kind", "frames").exit());
        assertEquals(2, Cli.run("-r", "x.pcap", "-X", "linger.ms=5").exit(), "a setting needs --kafka");
        assertEquals(2, Cli.run("--from-kafka", "127.0.0.1:1", "--topic", "t").exit(), "--from-kafka needs -w");
        assertEquals(2, Cli.run("-r", "x.pcap", "--since", "0").exit(), "a window needs --from-kafka");
        assertEquals(2, Cli.run("--from-kafka", "127.0.0.1:1", "--topic", "t", "-w", "o.pcap", "--until", "noon")
                .exit(), "a time is ISO 8601 or seconds");
        assertEquals(2, Cli.run("--from-kafka", "127.0.0.1:1", "--topic", "t", "-w", "o.pcap", "--kind", "flows")
                .exit(), "--from-kafka reads packets");
        Cli typo = Cli.run("-r", "x.pcap", "--kafka", "127.0.0.1:1", "--topic", "t", "-X", "acks=2");
        assertEquals(2, typo.exit(), typo.toString());
    }
}
