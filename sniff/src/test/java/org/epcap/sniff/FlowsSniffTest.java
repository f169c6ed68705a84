package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.epcap.kafka.json.Captures;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sniff --flows: one JSON line per flow, whose packets tshark's Community ID confirms. */
class FlowsSniffTest {
    @Test
    void eachFlowIsOneLineWithThePacketsTsharkGivesItsCommunityId(@TempDir Path dir) throws Exception {
        Path file = Captures.conversations(dir);
        Cli cli = Cli.run("-r", file.toString(), "--flows");
        assertEquals(0, cli.exit(), cli.toString());
        Map<String, Long> ours = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : cli.out().split("\n")) {
            JsonNode flow = json.readTree(line);
            String id = flow.path("network").path("community_id").asText();
            long packets = flow.path("source").path("packets").asLong() + flow.path("destination").path("packets").asLong();
            ours.merge(id, packets, Long::sum);
        }
        Map<String, Long> theirs = new TreeMap<>();
        for (String id : Tools.check(List.of("tshark", "-r", file.toString(), "--enable-protocol", "communityid",
                "-T", "fields", "-e", "communityid")).split("\n")) {
            if (!id.isBlank()) theirs.merge(id.trim(), 1L, Long::sum);
        }
        assertTrue(theirs.size() > 3, "the capture has flows: " + theirs);
        assertEquals(theirs, ours);
    }

    @Test
    void flowsDoNotCombineWithPacketReportsOrKafka() {
        assertEquals(2, Cli.run("-r", "x.pcap", "--flows", "--json").exit());
        assertEquals(2, Cli.run("-r", "x.pcap", "--flows", "--kafka", "127.0.0.1:1", "--topic", "t").exit());
    }
}
