package org.epcap.kafka.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.epcap.flow.PacketSink;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.RecordView;
import org.epcap.pkt.testing.Corpus;
import org.epcap.testing.Tools;

/** The captures and oracles these tests share: corpus files, generated ones, tshark, a JSON parser. */
public final class Captures {
    static final ObjectMapper JSON = new ObjectMapper();

    private Captures() {
    }

    /** A file of tcpdump's test captures in the shared corpus. */
    static Path corpus(String name) {
        Path p = Corpus.root().resolve("tcpdump").resolve(name);
        assertTrue(Files.isRegularFile(p), "corpus file " + p);
        return p;
    }

    /** A test resource of pkt's test-jar (the JA4 vectors), copied to {@code dir}. */
    static Path resource(String name, Path dir) {
        Path file = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
        try (InputStream in = Captures.class.getResourceAsStream(name)) {
            assertTrue(in != null, "resource " + name);
            Files.write(file, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The conversations scapy writes (conversations.py): HTTP and TLS that need reassembly. */
    public static Path conversations(Path dir) {
        Path python = Tools.assumePython();
        Path script = resource("/org/epcap/kafka/json/conversations.py", dir);
        Path out = dir.resolve("conversations.pcap");
        Tools.Result r = Tools.run(Duration.ofSeconds(120), List.of(python.toString(), script.toString(), out.toString()));
        assertEquals(0, r.status(), "conversations.py: " + r.err());
        return out;
    }

    /** Feeds every packet of {@code file} to {@code sink}. */
    public static void feed(Path file, PacketSink sink) {
        try (PcapReader r = PcapReader.open(file)) {
            for (RecordView v; (v = r.nextView()) != null; ) {
                sink.accept(v.dataLinkType(), v.timeNanos(), v.array(), v.offset(), v.caplen());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events of a file, parsed back from their JSON, and the extractor's counts. */
    record Extracted(List<Event> events, List<JsonNode> json, ExtractorStats stats) {
    }

    static Extracted extract(Path file, ExtractorConfig config) {
        List<Event> events = new ArrayList<>();
        List<JsonNode> json = new ArrayList<>();
        EventExtractor x = new EventExtractor(config, (e, bytes) -> {
            events.add(e);
            json.add(parse(bytes));
        });
        feed(file, x);
        x.flush();
        return new Extracted(events, json, x.stats());
    }

    static JsonNode parse(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }

    /** A text field of a document by its ECS dotted name, or null when absent. */
    static String text(JsonNode doc, String dotted) {
        JsonNode n = doc.at("/" + dotted.replace('.', '/'));
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    /**
     * tshark's fields for every frame of {@code file}: the Community ID on (with {@code seed}),
     * out-of-order TCP segments reassembled (as the reassembler does), several occurrences of a
     * field joined by '|'. Rows are the fields in order, "" when absent.
     */
    static List<String[]> tshark(Path file, int seed, List<String> fields) {
        return tshark(file, seed, fields, List.of());
    }

    /** As {@link #tshark(Path, int, List)}, with more of tshark's options ({@code -d} "decode as", say). */
    static List<String[]> tshark(Path file, int seed, List<String> fields, List<String> options) {
        Path tshark = Tools.assumeTool("tshark");
        List<String> argv = new ArrayList<>(List.of(tshark.toString(), "-n", "-r", file.toString(),
                "-o", "tcp.reassemble_out_of_order:TRUE", "--enable-protocol", "communityid",
                "-o", "communityid.seed:" + seed,
                "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|", "-E", "separator=/t"));
        argv.addAll(options);
        for (String f : fields) {
            argv.add("-e");
            argv.add(f);
        }
        Tools.Result r = Tools.run(Duration.ofSeconds(120), argv);
        assertEquals(0, r.status(), "tshark on " + file + ": " + r.err());
        List<String[]> rows = new ArrayList<>();
        for (String line : r.out().split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = Arrays.copyOf(line.split("\t", -1), fields.size());
            for (int i = 0; i < f.length; i++) {
                f[i] = f[i] == null ? "" : f[i];
            }
            rows.add(f);
        }
        return rows;
    }

    /** An address literal in one spelling (Java's), to compare texts that may compress IPv6 differently. */
    static String ip(String literal) {
        try {
            return java.net.InetAddress.getByName(literal).getHostAddress();  // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(literal, e);
        }
    }

    /** Fails with what is missing and what is extra when the two lists are not the same multiset. */
    static void assertSameMultiset(List<String> want, List<String> got, String what) {
        List<String> missing = new ArrayList<>(want);
        got.forEach(missing::remove);
        List<String> extra = new ArrayList<>(got);
        want.forEach(extra::remove);
        assertTrue(missing.isEmpty() && extra.isEmpty(), what + ": " + want.size() + " expected, " + got.size()
                + " found; missing " + missing + "; extra " + extra);
    }

    /** One occurrence-joined tshark value split into its occurrences (none for ""). */
    static List<String> occurrences(String joined) {
        return joined.isEmpty() ? List.of() : List.of(joined.split("\\|", -1));
    }
}
