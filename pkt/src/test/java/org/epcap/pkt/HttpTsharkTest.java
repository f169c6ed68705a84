package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;
import org.epcap.pkt.io.PcapWriter;
import org.epcap.pkt.testing.Corpus;
import org.epcap.pkt.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/1.x heads against tshark, segment by segment (TCP reassembly off, as the codec decodes one
 * segment), on the corpus captures where tshark finds HTTP and on scapy-built segments
 * ({@code http_cases.py}: methods, targets, versions, statuses, LF-only lines, a cut head, IPv6,
 * tshark's other HTTP ports, 40 fields): every frame where tshark shows a
 * request or status line must be {@link Http} here with the same method, URI, version, status,
 * phrase and header fields; every frame that is {@link Http} here and on one of tshark's HTTP
 * ports must be HTTP to tshark too (on other ports tshark does not look, the codec does).
 */
class HttpTsharkTest {
    /** tshark's HTTP field, and ours for the same frame. */
    private static final Map<String, java.util.function.Function<Http, String>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("http.request.method", h -> h.method());
        FIELDS.put("http.request.uri", h -> h.target());
        FIELDS.put("http.request.version", h -> h.isRequest() ? h.version() : null);
        FIELDS.put("http.response.version", h -> h.isRequest() ? null : h.version());
        FIELDS.put("http.response.code", h -> h.isRequest() ? null : String.valueOf(h.statusCode()));
        FIELDS.put("http.response.phrase", h -> h.reason());
        FIELDS.put("http.host", h -> h.field("host"));
        FIELDS.put("http.user_agent", h -> h.field("user-agent"));
        FIELDS.put("http.content_type", h -> h.field("content-type"));
        FIELDS.put("http.content_length_header", h -> h.field("content-length"));
        FIELDS.put("http.location", h -> h.field("location"));
        FIELDS.put("http.server", h -> h.field("server"));
    }

    /** tshark 4.0's default http.tcp.port range. */
    private static final Set<Integer> TSHARK_HTTP_PORTS = Set.of(80, 3128, 3132, 5985, 8080, 8088, 11371, 1900, 2869,
            2710);

    /**
     * The corpus files where tshark shows HTTP (all of them, found with {@code tshark -o
     * tcp.desegment_tcp_streams:FALSE -Y http} over the corpus).
     */
    private static final List<String> CORPUS = List.of("arcnet-rfc1201-arp-icmp-http.pcap",
            "arcnet-rfc1051-arp-icmp-http.pcap", "print-flags.pcap", "accecn_handshake.pcap",
            "ipv4_tcp_http_xml_tso.pcap", "ipv4_tcp_http_xml.pcap");

    @Test
    void httpHeadsAgreeWithTshark(@TempDir Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String name : CORPUS) {
            files.add(Corpus.root().resolve("tcpdump").resolve(name));
        }
        Path crafted = dir.resolve("http_cases.pcap");
        try (PcapWriter w = PcapWriter.create(crafted)) {
            for (Scapy.Case c : Scapy.run("/scapy/http_cases.py")) {
                w.write(c.dlt(), 1_700_000_000L, 0, c.bytes().length, c.bytes(), 0, c.bytes().length);
            }
        }
        files.add(crafted);
        List<String> disagreements = new ArrayList<>();
        Map<String, Integer> compared = new TreeMap<>();
        int heads = 0;
        int unsupportedLink = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            List<Map<String, String>> theirs = tshark(file);
            List<PcapRecord> records = new ArrayList<>();
            try (PcapReader r = PcapReader.open(file)) {
                for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                    records.add(rec);
                }
            }
            assertEquals(records.size(), theirs.size(), name);
            for (int i = 0; i < records.size(); i++) {
                Decoded d = Pkt.decode(records.get(i).dataLinkType(), records.get(i).data());
                Http ours = d.header(Http.class);
                Map<String, String> t = theirs.get(i);
                boolean tsharkHead = !t.get("http.request.method").isEmpty() || !t.get("http.response.code").isEmpty();
                String where = name + "#" + (i + 1);
                if (ours == null) {
                    if (tsharkHead && d.error() instanceof UnsupportedDataLinkException) {
                        unsupportedLink++; // ARCnet: the codec has no decoder for the link, so none for TCP
                    } else if (tsharkHead) {
                        disagreements.add(where + ": tshark sees an HTTP head, we do not: " + t);
                    }
                    continue;
                }
                Tcp tcp = d.header(Tcp.class);
                if (!tsharkHead) {
                    if (TSHARK_HTTP_PORTS.contains(tcp.sourcePort()) || TSHARK_HTTP_PORTS.contains(tcp.destinationPort())) {
                        disagreements.add(where + ": we see an HTTP head on tshark's port, tshark does not: "
                                + ours.startLine());
                    }
                    continue;
                }
                heads++;
                for (Map.Entry<String, java.util.function.Function<Http, String>> f : FIELDS.entrySet()) {
                    String expected = t.get(f.getKey());
                    String got = f.getValue().apply(ours);
                    if (expected.isEmpty() && got == null) {
                        continue;
                    }
                    compared.merge(f.getKey(), 1, Integer::sum);
                    // RFC 9110 §5.5: whitespace around a field value is not part of it; tshark keeps the trailing
                    if (!expected.stripTrailing().equals(got == null ? "" : got)) {
                        disagreements.add(where + " " + f.getKey() + ": tshark '" + expected + "', we '" + got + "'");
                    }
                }
            }
        }
        assertEquals("", String.join("\n", disagreements.subList(0, Math.min(30, disagreements.size()))));
        System.out.println("HttpTsharkTest: " + heads + " heads, comparisons per field " + compared + "; "
                + unsupportedLink + " heads on ARCnet links, which the codec does not decode");
        assertEquals(4, unsupportedLink, "the ARCnet captures' heads");
        assertTrue(heads >= 20, "HTTP heads compared: " + heads);
        for (String f : List.of("http.request.method", "http.request.uri", "http.response.code", "http.host",
                "http.user_agent", "http.content_type", "http.content_length_header")) {
            assertTrue(compared.containsKey(f), f + " never compared: " + compared);
        }
    }

    /** tshark's HTTP fields per frame, first occurrence, TCP reassembly off. */
    private static List<Map<String, String>> tshark(Path file) {
        List<String> cmd = new ArrayList<>(List.of(ExternalTool.require("tshark"), "-n", "-r", file.toString(),
                "-o", "tcp.desegment_tcp_streams:FALSE", "-o", "ip.defragment:FALSE", "-T", "fields",
                "-E", "separator=/t", "-E", "occurrence=f"));
        for (String f : FIELDS.keySet()) {
            cmd.add("-e");
            cmd.add(f);
        }
        ExternalTool.Result r = ExternalTool.run(cmd, 120);
        assertEquals(0, r.exitCode(), r.stderr());
        List<Map<String, String>> frames = new ArrayList<>();
        for (String line : r.stdout().split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            int i = 0;
            for (String f : FIELDS.keySet()) {
                row.put(f, i < cols.length ? cols[i] : "");
                i++;
            }
            frames.add(row);
        }
        return frames;
    }
}
