package org.epcap.kafka.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.epcap.flow.FlowConfig;
import org.epcap.flow.FlowTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events join their flows: with the same seed, every event's {@code network.community_id} is the
 * ID of a flow record of the same capture (the flow table's, whose IDs are checked against tshark
 * in the flow module), and the event's sender is one of that flow's two ends. And the ECS values
 * of a TLS exchange read as ECS wants them.
 */
class EventsJoinFlowsTest {
    @Test
    void everyEventHasTheCommunityIdOfItsFlow(@TempDir Path dir) {
        Path conversations = Captures.conversations(dir);
        for (Path file : List.of(conversations, Captures.corpus("dns_tcp.pcap"), Captures.corpus("edns-opts.pcap"))) {
            for (int seed : new int[] {0, 4711}) {
                Set<String> flows = new HashSet<>();
                FlowTable table = new FlowTable(FlowConfig.defaults().withCommunityIdSeed(seed), r -> flows.add(
                        r.communityId() + " " + Captures.ip(r.initiator().getHostAddress()) + " "
                                + Captures.ip(r.responder().getHostAddress())));
                Captures.feed(file, table);
                table.flush();
                Captures.Extracted x = Captures.extract(file, ExtractorConfig.defaults().withCommunityIdSeed(seed));
                assertTrue(!x.json().isEmpty(), file.toString());
                for (JsonNode d : x.json()) {
                    String id = Captures.text(d, "network.community_id");
                    String src = Captures.ip(Captures.text(d, "source.ip"));
                    String dst = Captures.ip(Captures.text(d, "destination.ip"));
                    assertTrue(flows.contains(id + " " + src + " " + dst) || flows.contains(id + " " + dst + " " + src),
                            file.getFileName() + " seed " + seed + ": " + d + " not in " + flows);
                }
            }
        }
    }

    @Test
    void aTls13ExchangeReadsAsEcs(@TempDir Path dir) {
        List<JsonNode> docs = Captures.extract(Captures.conversations(dir), ExtractorConfig.defaults()).json();
        JsonNode server = docs.stream().filter(d -> "tls_server_hello".equals(Captures.text(d, "event.action"))
                && "443".equals(Captures.text(d, "source.port"))).findFirst().orElseThrow();
        assertEquals("1.3", Captures.text(server, "tls.version"));
        assertEquals("tls", Captures.text(server, "tls.version_protocol"));
        assertEquals("h2", Captures.text(server, "tls.next_protocol"));
        assertEquals("10.0.0.3", Captures.text(server, "source.ip"));
        JsonNode client = docs.stream().filter(d -> "split.example.org".equals(Captures.text(d, "tls.client.server_name")))
                .findFirst().orElseThrow();
        assertEquals("[\"h2\",\"http/1.1\"]", client.at("/tls/client/alpn").toString());
        assertEquals(Captures.text(server, "network.community_id"), Captures.text(client, "network.community_id"));
        assertTrue(Captures.text(client, "tls.client.ja4").startsWith("t13d"), client.toString());
        assertTrue(client.at("/tls/version").isMissingNode(), "a ClientHello negotiates nothing");
    }
}
