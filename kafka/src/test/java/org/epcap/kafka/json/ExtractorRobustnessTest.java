package org.epcap.kafka.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;
import org.epcap.pkt.testing.PacketMutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input: the packets of the DNS, TLS and HTTP captures, mutated (bit flips, lying lengths,
 * truncations, insertions; pkt's seeded {@link PacketMutator}) and fed in rounds. Nothing throws,
 * every event is valid JSON with its Community ID, and the parsers' buffers stay within the
 * budget and are all given back at the end.
 */
class ExtractorRobustnessTest {
    @Test
    void mutatedPacketsNeverThrowAndBuffersStayBounded(@TempDir Path dir) {
        List<PcapRecord> packets = new ArrayList<>();
        List<Path> files = new ArrayList<>(List.of(Captures.conversations(dir), Captures.corpus("dns_tcp.pcap"),
                Captures.corpus("edns-opts.pcap"), Captures.corpus("dnssec.pcap")));
        for (String v : List.of("tls-sni.pcapng", "tls-alpn-h2.pcap", "latest.pcapng")) {
            files.add(Captures.resource("/ja4/" + v, dir));
        }
        for (Path f : files) {
            try (PcapReader r = PcapReader.open(f)) {
                for (PcapRecord p; (p = r.next()) != null; ) {
                    packets.add(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        long budget = 64 * 1024;
        ExtractorConfig config = ExtractorConfig.defaults().withMaxBufferBytes(budget);
        int[] events = new int[1];
        EventExtractor x = new EventExtractor(config, (e, json) -> {
            assertTrue(Captures.parse(json).at("/network/community_id").asText().startsWith("1:"));
            events[0]++;
        });
        PacketMutator m = new PacketMutator(4711);
        long time = 1_700_000_000_000_000_000L;
        for (int round = 0; round < 20; round++) {
            for (PcapRecord p : packets) {
                byte[] b = round == 0 ? p.data() : m.mutate(p.data());
                x.accept(p.dataLinkType(), time += 1000, b, 0, b.length);
                assertTrue(x.stats().bufferBytes() <= budget);
            }
        }
        x.flush();
        ExtractorStats s = x.stats();
        assertEquals(0, s.bufferBytes(), s.toString());
        assertTrue(s.bufferBytesPeak() <= budget, s.toString());
        assertTrue(events[0] > 100, "events: " + events[0] + " " + s);
        assertTrue(s.dnsMalformed() > 0 && s.packets() == 20L * packets.size(), s.toString());
    }
}
