package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.epcap.kafka.testing.KafkaCluster;
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
        Cli typo = Cli.run("-r", "x.pcap", "--kafka", "127.0.0.1:1", "--topic", "t", "-X", "acks=2");
        assertEquals(2, typo.exit(), typo.toString());
    }
}
