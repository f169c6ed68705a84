package org.epcap.kafka.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.epcap.flow.FlowConfig;
import org.epcap.flow.FlowRecord;
import org.epcap.flow.FlowTable;
import org.epcap.pkt.TcpFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flow JSON against the flow module's own records: every record of a set of corpus files
 * (Ethernet, VLAN, IPv6, ICMP, DNS, loopback and cooked link types) and of the generated
 * conversations is written, parsed back with Jackson, and compared field by field with the
 * {@link FlowRecord} it came from; no field is there that the schema does not name.
 */
class FlowJsonTest {
    private static final List<String> FILES = List.of("dns_udp.pcap", "dns_tcp.pcap", "dnssec.pcap", "edns-opts.pcap",
            "dns-badcookie.pcap", "ipv4_tcp_http_xml.pcap", "icmp-cksum-oobr-1.pcap", "icmp-rfc5837.pcap",
            "ipv6-routing-header.pcap", "802.1ad_QinQ.pcap", "ospf-gmpls.pcap", "mptcp-fclose.pcap", "icmpv6.pcap",
            "ipv6_mobility_1.pcap", "lsp-ping-timestamp.pcap", "pim-packet-assortment.pcap", "afs.pcap",
            "resp_1_benchmark.pcap", "sflow_multiple_counter_30_pdus.pcap");

    private static final Set<String> TOP = Set.of("@timestamp", "event", "source", "destination", "network", "epcap");

    @Test
    void everyRecordOfTheCorpusFilesEqualsItsJson(@TempDir Path dir) {
        List<Path> files = new ArrayList<>();
        for (String name : FILES) {
            Path p = Corpus0.optional(name);
            if (p != null) {
                files.add(p);
            }
        }
        assertTrue(files.size() >= 12, "corpus files found: " + files);
        files.add(Captures.conversations(dir));
        int records = 0;
        Set<String> transports = new HashSet<>();
        for (Path f : files) {
            for (int seed : new int[] {0, 4711}) {
                FlowJson json = new FlowJson();
                List<FlowRecord> got = new ArrayList<>();
                List<JsonNode> docs = new ArrayList<>();
                FlowTable table = new FlowTable(FlowConfig.defaults().withCommunityIdSeed(seed), r -> {
                    got.add(r);
                    docs.add(Captures.parse(json.toJson(r)));
                });
                Captures.feed(f, table);
                table.flush();
                for (int i = 0; i < got.size(); i++) {
                    compare(got.get(i), docs.get(i), f.getFileName() + " #" + i);
                    transports.add(String.valueOf(Captures.text(docs.get(i), "network.transport")));
                }
                records += got.size();
            }
        }
        assertTrue(records >= 100, "records compared: " + records);
        assertTrue(transports.containsAll(List.of("tcp", "udp", "icmp", "ipv6-icmp")), "transports: " + transports);
    }

    @Test
    void ongoingFlowsAreInfoEventsWithoutAnEnd() {
        FlowJson json = new FlowJson();
        List<JsonNode> docs = new ArrayList<>();
        FlowTable table = new FlowTable(FlowConfig.defaults(), r -> {
        });
        Captures.feed(Captures.corpus("dns_tcp.pcap"), table);
        table.snapshot(r -> docs.add(Captures.parse(json.toJson(r))));
        assertFalse(docs.isEmpty());
        for (JsonNode d : docs) {
            assertEquals("ongoing", Captures.text(d, "event.reason"));
            assertEquals("[\"connection\",\"info\"]", d.at("/event/type").toString());
        }
    }

    static void compare(FlowRecord r, JsonNode d, String what) {
        for (Iterator<String> it = d.fieldNames(); it.hasNext(); ) {
            String top = it.next();
            assertTrue(TOP.contains(top), what + ": unexpected field " + top);
        }
        assertEquals(r.communityId(), Captures.text(d, "network.community_id"), what);
        assertEquals(r.last(), Instant.parse(Captures.text(d, "@timestamp")), what);
        assertEquals(r.first(), Instant.parse(Captures.text(d, "event.start")), what);
        assertEquals(r.last(), Instant.parse(Captures.text(d, "event.end")), what);
        assertEquals(r.lastNanos() - r.firstNanos(), d.at("/event/duration").asLong(), what);
        assertEquals(r.endReason().name().toLowerCase(Locale.ROOT), Captures.text(d, "event.reason"), what);
        assertEquals("event", Captures.text(d, "event.kind"), what);
        assertEquals("[\"network\"]", d.at("/event/category").toString(), what);

        assertEquals(r.initiator(), inet(Captures.text(d, "source.ip")), what);
        assertEquals(r.responder(), inet(Captures.text(d, "destination.ip")), what);
        boolean ports = r.protocol() == 6 || r.protocol() == 17 || r.protocol() == 132;
        assertEquals(ports && r.initiatorPort() >= 0 ? r.initiatorPort() : -1, d.at("/source/port").asInt(-1), what);
        assertEquals(ports && r.responderPort() >= 0 ? r.responderPort() : -1, d.at("/destination/port").asInt(-1), what);
        assertEquals(r.initiatorBytes(), d.at("/source/bytes").asLong(-1), what);
        assertEquals(r.initiatorPackets(), d.at("/source/packets").asLong(-1), what);
        assertEquals(r.responderBytes(), d.at("/destination/bytes").asLong(-1), what);
        assertEquals(r.responderPackets(), d.at("/destination/packets").asLong(-1), what);
        assertEquals(r.initiatorBytes() + r.responderBytes(), d.at("/network/bytes").asLong(-1), what);
        assertEquals(r.initiatorPackets() + r.responderPackets(), d.at("/network/packets").asLong(-1), what);

        assertEquals("ipv" + r.ipVersion(), Captures.text(d, "network.type"), what);
        assertEquals(Integer.toString(r.protocol()), Captures.text(d, "network.iana_number"), what);
        assertTrue(d.at("/network/iana_number").isTextual(), what + ": ECS types iana_number as a keyword");
        String transport = switch (r.protocol()) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1 -> "icmp";
            case 58 -> "ipv6-icmp";
            case 132 -> "sctp";
            default -> Captures.text(d, "network.transport");
        };
        assertEquals(transport, Captures.text(d, "network.transport"), what);
        assertEquals(r.outerVlan() < 0 ? null : Integer.toString(r.outerVlan()), Captures.text(d, "network.vlan.id"), what);
        assertEquals(r.innerVlan() < 0 ? null : Integer.toString(r.innerVlan()),
                Captures.text(d, "network.inner.vlan.id"), what);
        if (r.protocol() == 6) {
            assertEquals(labels(r.initiatorTcpFlags()), d.at("/epcap/flow/source_tcp_flags").toString(), what);
            assertEquals(labels(r.responderTcpFlags()), d.at("/epcap/flow/destination_tcp_flags").toString(), what);
        } else {
            assertTrue(d.at("/epcap/flow/source_tcp_flags").isMissingNode(), what);
        }
        if ((r.protocol() == 1 || r.protocol() == 58) && r.initiatorPort() >= 0) {
            assertEquals(r.initiatorPort(), d.at("/epcap/flow/icmp_type").asInt(-1), what);
            assertEquals(r.responderPort(), d.at("/epcap/flow/icmp_counter_type_or_code").asInt(-1), what);
        }
    }

    private static String labels(int bits) {
        List<String> l = TcpFlag.labels(bits);
        if (l.isEmpty()) {
            return "";  // EcsWriter writes no empty arrays: the node is missing
        }
        StringBuilder sb = new StringBuilder("[");
        for (String s : l) {
            sb.append(sb.length() == 1 ? "" : ",").append('"').append(s.toLowerCase(Locale.ROOT)).append('"');
        }
        return sb.append(']').toString();
    }

    private static java.net.InetAddress inet(String text) {
        try {
            return java.net.InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(text, e);
        }
    }

    /** Corpus files by name, skipping the ones this corpus does not have. */
    static final class Corpus0 {
        static Path optional(String name) {
            Path p = org.epcap.pkt.testing.Corpus.root().resolve("tcpdump").resolve(name);
            return java.nio.file.Files.isRegularFile(p) ? p : null;
        }
    }
}
