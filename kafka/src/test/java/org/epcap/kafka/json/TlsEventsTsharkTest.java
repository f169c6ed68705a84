package org.epcap.kafka.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS hello events against two oracles nobody here wrote. tshark (4.0, which reassembles TCP
 * and reads hellos over several segments and records): for every ClientHello its sender, Community
 * ID, SNI, ALPN offer and JA3; for every ServerHello its sender, Community ID, chosen ALPN and
 * JA3S. The JA4 reference implementation's values for the specification's captures
 * ({@code expected.tsv} of pkt's test resources): every ClientHello's JA4 and SNI. The captures
 * are the JA4 specification's TCP ones and the generated conversations, whose hellos are split
 * across segments (reordered) and across records.
 */
class TlsEventsTsharkTest {
    private static final List<String> VECTORS = List.of("tls12.pcap", "tls-alpn-h2.pcap", "tls-non-ascii-alpn.pcapng",
            "tls-sni.pcapng", "badcurveball.pcap", "ipv6.pcapng", "latest.pcapng");
    private static final List<String> FIELDS = List.of("ip.src", "ipv6.src", "tcp.srcport", "communityid",
            "tls.handshake.extensions_server_name", "tls.handshake.extensions_alpn_str", "tls.handshake.ja3",
            "tls.handshake.ja3s");
    /** As in pkt's Ja4VectorsTest: the specification's text is newer than the reference's vector here. */
    private static final Map<String, String> SPECIFICATION_NEWER =
            Map.of("t13d151699_8daaf6152771_e5627efa2ab1", "t13d1516bd_8daaf6152771_e5627efa2ab1");

    @Test
    void everyHelloTsharkSeesIsAnEventWithItsValues(@TempDir Path dir) {
        List<Path> files = new ArrayList<>();
        for (String v : VECTORS) {
            files.add(Captures.resource("/ja4/" + v, dir));
        }
        Path generated = Captures.conversations(dir);
        files.add(generated);
        Map<String, List<String>> ja4 = expectedJa4();
        int clients = 0;
        int servers = 0;
        for (Path file : files) {
            int seed = file == generated ? 4711 : 0;
            List<String> want = new ArrayList<>();
            for (String[] row : Captures.tshark(file, seed, FIELDS)) {
                if (row[2].isEmpty() || (row[6].isEmpty() && row[7].isEmpty())) {
                    continue; // not TCP (QUIC's hellos are not read here), or no hello
                }
                String src = (row[0].isEmpty() ? row[1] : row[0]) + " " + row[2] + " " + row[3];
                for (String j : Captures.occurrences(row[6])) {
                    want.add(src + " client " + row[4] + " " + String.join(",", Captures.occurrences(row[5])) + " " + j);
                }
                for (String j : Captures.occurrences(row[7])) {
                    want.add(src + " server  " + row[5].replace('|', ',') + " " + j);
                }
            }
            Captures.Extracted x = Captures.extract(file, ExtractorConfig.defaults().withCommunityIdSeed(seed));
            List<String> got = new ArrayList<>();
            List<String> ourJa4 = new ArrayList<>();
            for (JsonNode d : x.json()) {
                if (!"tls".equals(Captures.text(d, "network.protocol"))) {
                    continue;
                }
                String src = Captures.ip(Captures.text(d, "source.ip")) + " " + Captures.text(d, "source.port") + " "
                        + Captures.text(d, "network.community_id");
                if ("tls_client_hello".equals(Captures.text(d, "event.action"))) {
                    List<String> alpn = new ArrayList<>();
                    d.at("/tls/client/alpn").forEach(n -> alpn.add(n.asText()));
                    String sni = Captures.text(d, "tls.client.server_name");
                    got.add(src + " client " + (sni == null ? "" : sni) + " " + String.join(",", alpn) + " "
                            + Captures.text(d, "tls.client.ja3"));
                    ourJa4.add(Captures.text(d, "tls.client.ja4") + " " + (sni == null ? "" : sni));
                    clients++;
                } else {
                    String next = Captures.text(d, "tls.next_protocol");
                    got.add(src + " server  " + (next == null ? "" : next) + " " + Captures.text(d, "tls.server.ja3s"));
                    servers++;
                }
            }
            // tshark prints addresses its own way: compare in one spelling
            want.replaceAll(TlsEventsTsharkTest::canonical);
            got.replaceAll(TlsEventsTsharkTest::canonical);
            want.sort(null);
            got.sort(null);
            Captures.assertSameMultiset(want, got, file.getFileName().toString());
            List<String> wantJa4 = ja4.get(file.getFileName().toString());
            if (wantJa4 != null) {
                wantJa4.sort(null);
                ourJa4.sort(null);
                assertEquals(wantJa4, ourJa4, "JA4 of " + file.getFileName());
            }
            assertEquals(0, x.stats().tlsMalformed() + x.stats().tlsTooLarge() + x.stats().streamsOverBudget(),
                    file + ": " + x.stats());
        }
        assertTrue(clients >= 70 && servers >= 10, "client hellos " + clients + ", server hellos " + servers);
    }

    @Test
    void aHelloOverSeveralSegmentsNeedsTheReassembler(@TempDir Path dir) {
        // The generated ClientHellos span segments: the codec alone, one segment at a time, reads none of
        // them; the extractor reads all. (This is what would fail if the extractor used the codec only.)
        Path file = Captures.conversations(dir);
        List<String> snis = new ArrayList<>();
        Captures.Extracted x = Captures.extract(file, ExtractorConfig.defaults());
        for (JsonNode d : x.json()) {
            String sni = Captures.text(d, "tls.client.server_name");
            if (sni != null) {
                snis.add(sni);
            }
        }
        snis.sort(null);
        assertEquals(List.of("records.example.com", "split.example.org"), snis);
        int perSegment = 0;
        try (org.epcap.pkt.io.PcapReader r = org.epcap.pkt.io.PcapReader.open(file)) {
            for (org.epcap.pkt.io.PcapRecord p; (p = r.next()) != null; ) {
                org.epcap.pkt.Tls tls = org.epcap.pkt.Pkt.decode(p.dataLinkType(), p.data()).header(org.epcap.pkt.Tls.class);
                if (tls != null && tls.clientHello() != null) {
                    perSegment++;
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals(0, perSegment, "client hellos whole in one segment");
    }

    @Test
    void aHelloLargerThanTheBoundIsCountedNotRead(@TempDir Path dir) {
        Captures.Extracted x = Captures.extract(Captures.resource("/ja4/tls12.pcap", dir),
                ExtractorConfig.defaults().withMaxHelloBytes(100));
        assertEquals(List.of(), x.json());
        assertEquals(1, x.stats().tlsTooLarge(), x.stats().toString());  // the file is one ClientHello
        assertEquals(0, x.stats().bufferBytes(), "buffers given back");
    }

    /**
     * One spelling for both sides: tshark's address text, and bytes outside printable ASCII (an
     * ALPN value of arbitrary bytes: tshark prints them raw, which its output's UTF-8 cannot carry;
     * the event has them as Latin-1 characters, one per byte) as one '?' per byte.
     */
    private static String canonical(String line) {
        int sp = line.indexOf(' ');
        StringBuilder sb = new StringBuilder(Captures.ip(line.substring(0, sp)));
        line.substring(sp).chars().forEach(c -> sb.append(c > 0x7e ? '?' : (char) c));
        return sb.toString();
    }

    private static Map<String, List<String>> expectedJa4() {
        Map<String, List<String>> out = new TreeMap<>();
        try (InputStream in = TlsEventsTsharkTest.class.getResourceAsStream("/ja4/expected.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f[3].startsWith("t")) {
                    out.computeIfAbsent(f[0], k -> new ArrayList<>())
                            .add(SPECIFICATION_NEWER.getOrDefault(f[3], f[3]) + " " + f[2]);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }
}
