package org.epcap.kafka.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.epcap.flow.LinkLayer;
import org.epcap.testing.Tools;
import org.epcap.pkt.FastDecoder;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.RecordView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP request events against tshark (which reassembles TCP, out-of-order segments included) on
 * the generated conversations: requests split across segments and reordered, pipelined behind a
 * Content-Length body and behind a chunked body, over IPv4 and IPv6, an absolute-form target.
 * Every request tshark sees is an event with the same client, Community ID, method, Host, target,
 * User-Agent and version, and there is no other. Then the bounds: each cuts or gives up what it
 * must and counts it.
 */
class HttpEventsTsharkTest {
    private static final List<String> FIELDS = List.of("ip.src", "ipv6.src", "tcp.srcport", "communityid",
            "http.request.method", "http.host", "http.request.uri", "http.user_agent", "http.request.version");

    private static final List<String> RESPONSE_FIELDS = List.of("ip.src", "ipv6.src", "tcp.srcport", "communityid",
            "frame.number", "http.request.uri", "http.response.code", "http.response.phrase", "http.content_type",
            "http.content_length_header", "http.server", "http.response.version", "http.request_in");

    @TempDir
    static Path dir;
    private static Path conversations;

    @BeforeAll
    static void generate() {
        conversations = Captures.conversations(dir);
    }

    @Test
    void everyRequestTsharkSeesIsAnEventWithItsValues() {
        for (int seed : new int[] {0, 4711}) {
            List<String> want = new ArrayList<>();
            for (String[] row : Captures.tshark(conversations, seed, FIELDS)) {
                List<String> methods = Captures.occurrences(row[4]);
                for (int i = 0; i < methods.size(); i++) {
                    want.add(String.join(" ", Captures.ip(row[0].isEmpty() ? row[1] : row[0]), row[2], row[3],
                            methods.get(i), Captures.occurrences(row[5]).get(i), Captures.occurrences(row[6]).get(i),
                            Captures.occurrences(row[7]).get(i), Captures.occurrences(row[8]).get(i)));
                }
            }
            Captures.Extracted x = Captures.extract(conversations, ExtractorConfig.defaults().withCommunityIdSeed(seed));
            List<String> got = new ArrayList<>();
            for (JsonNode d : x.json()) {
                if ("http_request".equals(Captures.text(d, "event.action"))) {
                    got.add(String.join(" ", Captures.ip(Captures.text(d, "source.ip")), Captures.text(d, "source.port"),
                            Captures.text(d, "network.community_id"), Captures.text(d, "http.request.method"),
                            Captures.text(d, "url.domain") + portOf(d), Captures.text(d, "url.original"),
                            Captures.text(d, "user_agent.original"), "HTTP/" + Captures.text(d, "http.version")));
                }
            }
            // tshark's http.host is the Host header; the event's url.domain and url.port are read from it
            Captures.assertSameMultiset(want, got, "seed " + seed);
            assertTrue(got.size() >= 6, "requests: " + got);
            assertEquals(0, x.stats().httpLinesCut() + x.stats().httpDesync() + x.stats().httpIncomplete()
                    + x.stats().streamsAbandonedAtGap(), x.stats().toString());
        }
    }

    /**
     * Every response tshark sees is an event with the same server, Community ID, status code,
     * reason, Content-Type, Content-Length, Server and version, in the same order within its
     * connection; and the request the event pairs it with is one of the requests of the frame
     * tshark names as the one it answers (tshark pairs by frame: of two pipelined requests in one
     * frame it names the frame, not which). Chunked bodies across segments, 304 and HEAD without
     * a body, a Content-Length body, pipelined responses in one segment, an HTTP/1.0 body ended
     * by the close: if any were framed wrong, the responses after it would be missing.
     */
    @Test
    void everyResponseTsharkSeesIsAnEventWithItsValuesAndItsRequest() {
        Captures.Extracted x = Captures.extract(conversations, ExtractorConfig.defaults());
        int n = responsesMatchTshark(conversations, x, List.of(), true);
        assertEquals(10, n, "responses");
        assertEquals(n, x.stats().httpResponses());
        assertEquals(0, x.stats().bufferBytes(), "lines and the requests waiting for responses are given back");
        assertEquals(0, x.stats().httpResponsesUnmatched() + x.stats().httpRequestsNotQueued()
                + x.stats().httpDesync() + x.stats().httpIncomplete(), x.stats().toString());
        JsonNode chunked = x.json().stream().filter(d -> "/chunked".equals(Captures.text(d, "url.original"))
                && "http_response".equals(Captures.text(d, "event.action"))).findFirst().orElseThrow();
        assertEquals("text/html", Captures.text(chunked, "http.response.mime_type"));
        assertEquals("GET", Captures.text(chunked, "http.request.method"));
        assertTrue(chunked.at("/epcap/http/response/chunked").asBoolean(), chunked.toString());
        System.out.println("HTTP responses: " + n + " compared with tshark; the chunked one: " + chunked);
    }

    /**
     * The bound on requests waiting for their responses: {@link EventExtractor#MAX_PENDING_REQUESTS}
     * pipelined requests are all paired; one more and the connection's pairing is given up
     * (counted), its responses all reported (as many as tshark sees) without a request, none with
     * the wrong one, and what was held is given back.
     */
    @Test
    void pipelinedRequestsPastThePairingBoundAreCountedAndNotMispaired() {
        int bound = EventExtractor.MAX_PENDING_REQUESTS;
        for (int n : new int[] {bound, bound + 6}) {
            Path file = dir.resolve("pipelined-" + n + ".pcap");
            Path script = Captures.resource("/org/epcap/kafka/json/pipelined.py", dir);
            Tools.Result r = Tools.run(java.time.Duration.ofSeconds(120),
                    List.of(Tools.assumePython().toString(), script.toString(), Integer.toString(n), file.toString()));
            assertEquals(0, r.status(), "pipelined.py: " + r.err());
            Captures.Extracted x = Captures.extract(file, ExtractorConfig.defaults());
            // tshark names the last request frame for responses of more than one segment of pipelined
            // requests: its pairing is no oracle here; the order the script wrote them in is
            assertEquals(n, responsesMatchTshark(file, x, List.of(), false), "responses tshark sees");
            List<String> paired = x.json().stream().filter(d -> "http_response".equals(Captures.text(d, "event.action")))
                    .map(d -> Captures.text(d, "url.original")).toList();
            assertEquals(0, x.stats().bufferBytes(), x.stats().toString());
            if (n == bound) {
                for (int i = 0; i < n; i++) {
                    assertEquals("/r" + i, paired.get(i));
                }
                assertEquals(0, x.stats().httpRequestsNotQueued() + x.stats().httpResponsesUnmatched());
            } else {
                assertTrue(paired.stream().allMatch(u -> u == null), paired.toString());
                assertEquals(1, x.stats().httpRequestsNotQueued(), x.stats().toString());
                assertEquals(n, x.stats().httpResponsesUnmatched(), x.stats().toString());
            }
        }
    }

    /**
     * The corpus captures with HTTP responses (Apache and IIS of their day, one captured from the
     * middle of its connection, without the request or the handshake, so that the reassembler
     * guesses the sides: the side that starts with a status line is read as the server): what
     * real servers sent, not what a script imitates.
     */
    @Test
    void responsesOfTheCorpusMatchTshark() {
        int total = 0;
        // (the corpus's two ARCNET captures with a 301 are not here: the flow module's LinkLayer
        // reads no ARCNET, so no event of them is seen)
        for (String name : List.of("print-flags.pcap", "ipv4_tcp_http_xml.pcap", "accecn_handshake.pcap")) {
            Path file = Captures.corpus(name);
            Captures.Extracted x = Captures.extract(file, ExtractorConfig.defaults());
            // accecn_handshake.pcap has the headers of a 1 MB response and little of its body:
            // tshark reports it at the end of its headers, as the extractor does, with this option
            int n = responsesMatchTshark(file, x, List.of("-o", "http.desegment_body:FALSE"), true);
            assertEquals(n, x.stats().httpResponses(), name + " " + x.stats());
            assertEquals(0, x.stats().bufferBytes(), name);
            // the IIS response was captured without its request
            assertEquals(name.equals("ipv4_tcp_http_xml.pcap") ? 1 : 0, x.stats().httpResponsesUnmatched(), name);
            total += n;
        }
        assertEquals(3, total, "responses in the corpus");
        System.out.println("HTTP responses in the corpus: " + total + " compared with tshark");
    }

    /**
     * Every response tshark sees in {@code file} is an event of {@code x} with the same server,
     * Community ID, status code, reason, Content-Type, Content-Length, Server and version, in the
     * same order within its connection; and the request the event pairs it with is one of the
     * requests of the frame tshark names as the one it answers (tshark pairs by frame: of two
     * pipelined requests in one frame it names the frame, not which), or none; that last only
     * when {@code pairing}. Returns how many responses were compared.
     */
    private static int responsesMatchTshark(Path file, Captures.Extracted x, List<String> tsharkOptions,
            boolean pairing) {
        Map<String, List<String>> requestsInFrame = new HashMap<>();
        Map<String, List<String>> want = new LinkedHashMap<>();
        Map<String, List<List<String>>> wantRequests = new HashMap<>();
        List<String[]> rows = Captures.tshark(file, 0, RESPONSE_FIELDS, tsharkOptions);
        for (String[] row : rows) {
            requestsInFrame.put(row[4], Captures.occurrences(row[5]));
        }
        for (String[] row : rows) {
            List<String> codes = Captures.occurrences(row[6]);
            for (int i = 0; i < codes.size(); i++) {
                String cid = row[3];
                want.computeIfAbsent(cid, k -> new ArrayList<>()).add(String.join(" ",
                        Captures.ip(row[0].isEmpty() ? row[1] : row[0]), row[2], cid, codes.get(i),
                        nth(row[7], i, codes.size()), nth(row[8], i, codes.size()), nth(row[9], i, codes.size()),
                        nth(row[10], i, codes.size()), nth(row[11], i, codes.size())));
                wantRequests.computeIfAbsent(cid, k -> new ArrayList<>())
                        .add(requestsInFrame.getOrDefault(nth(row[12], i, codes.size()), List.of()));
            }
        }
        Map<String, List<String>> got = new LinkedHashMap<>();
        Map<String, List<String>> gotRequests = new HashMap<>();
        for (JsonNode d : x.json()) {
            if ("http_response".equals(Captures.text(d, "event.action"))) {
                String cid = Captures.text(d, "network.community_id");
                got.computeIfAbsent(cid, k -> new ArrayList<>()).add(String.join(" ",
                        Captures.ip(Captures.text(d, "source.ip")), Captures.text(d, "source.port"), cid,
                        Captures.text(d, "http.response.status_code"), orEmpty(d, "epcap.http.response.reason"),
                        orEmpty(d, "epcap.http.response.content_type"), orEmpty(d, "http.response.body.bytes"),
                        orEmpty(d, "epcap.http.response.server"), "HTTP/" + Captures.text(d, "http.version")));
                gotRequests.computeIfAbsent(cid, k -> new ArrayList<>()).add(Captures.text(d, "url.original"));
            }
        }
        assertEquals(want, got, file.getFileName() + ": responses per connection, in order");
        int n = 0;
        for (Map.Entry<String, List<List<String>>> e : wantRequests.entrySet()) {
            for (int i = 0; i < e.getValue().size(); i++, n++) {
                String paired = gotRequests.get(e.getKey()).get(i);
                List<String> candidates = e.getValue().get(i);
                // unpaired (null) is allowed here and counted: the callers check httpResponsesUnmatched
                assertTrue(!pairing || paired == null || candidates.contains(paired), file.getFileName()
                        + ": response " + i + " of " + e.getKey() + " paired with " + paired
                        + "; tshark's request frame holds " + candidates);
            }
        }
        return n;
    }

    /**
     * Occurrence {@code i} of the {@code n} responses of a frame in a joined tshark value: "" when
     * absent from all, the one value when tshark gives one for all (http.request_in of pipelined
     * responses). A field present in some of a frame's responses only could not be told apart:
     * the conversations have none, and that is asserted.
     */
    private static String nth(String joined, int i, int n) {
        List<String> all = Captures.occurrences(joined);
        if (all.isEmpty()) {
            return "";
        }
        assertTrue(all.size() == n || all.size() == 1, "occurrences of " + joined + " in " + n + " responses");
        return all.get(all.size() == n ? i : 0);
    }

    private static String orEmpty(JsonNode d, String dotted) {
        String v = Captures.text(d, dotted);
        return v == null ? "" : v;
    }

    @Test
    void pathQueryAndBodyLengthAreECSFields() {
        List<JsonNode> http = http(Captures.extract(conversations, ExtractorConfig.defaults()).json());
        JsonNode get = find(http, "/index.html?x=1&y=2");
        assertEquals("/index.html", Captures.text(get, "url.path"));
        assertEquals("x=1&y=2", Captures.text(get, "url.query"));
        assertEquals("www.example.com", Captures.text(get, "url.domain"));
        assertEquals("GET", Captures.text(get, "http.request.method"));
        JsonNode post = find(http, "/form");
        assertEquals(11, post.at("/http/request/body/bytes").asInt());
        JsonNode proxy = find(http, "http://origin.example.net/a/b.txt?q=%20");
        assertEquals("/a/b.txt", Captures.text(proxy, "url.path"));
        assertEquals("q=%20", Captures.text(proxy, "url.query"));
        assertEquals("origin.example.net", Captures.text(proxy, "url.domain"));
        assertEquals("ipv6", Captures.text(proxy, "network.type"));
    }

    @Test
    void aLineLongerThanTheBoundIsCutAndCounted() {
        Captures.Extracted x = Captures.extract(conversations, ExtractorConfig.defaults().withHttpBounds(128, 100));
        JsonNode proxy = find(http(x.json()), "http://origin.example.net/a/b.txt?q=%20");
        String ua = Captures.text(proxy, "user_agent.original");
        assertEquals("User-Agent: ".length() + ua.length(), 128, ua);
        assertTrue(ua.startsWith("LongAgent/xxx"), ua);
        assertTrue(proxy.at("/epcap/http/truncated").asBoolean(), proxy.toString());
        assertEquals(1, x.stats().httpLinesCut());
        assertEquals(10, x.stats().httpRequests(), "the requests after it are still read");
    }

    @Test
    void headersPastTheBoundAreSkippedAndCounted() {
        Captures.Extracted x = Captures.extract(conversations, ExtractorConfig.defaults().withHttpBounds(8192, 1));
        List<JsonNode> http = http(x.json());
        assertEquals(10, http.size());
        for (JsonNode d : http) {
            // Host comes first in every request: kept; User-Agent is past the bound
            assertTrue(Captures.text(d, "user_agent.original") == null, d.toString());
            assertTrue(d.at("/epcap/http/truncated").asBoolean(), d.toString());
        }
        // 3+4+2+3+2+2+2+2+2+2 headers in the ten requests, 1+1+1+1+1+1+3+2+2+1 in the ten
        // responses, one kept of each
        assertEquals(18, x.stats().httpHeadersSkipped(), x.stats().toString());
        assertEquals(10, x.stats().httpResponses(), "the framing headers past the bound are still read");
    }

    @Test
    void aFullBudgetGivesUpStreamsAndCountsThem() {
        Captures.Extracted x = Captures.extract(conversations, ExtractorConfig.defaults().withMaxBufferBytes(0));
        assertEquals(List.of(), http(x.json()));
        assertEquals(0, x.json().stream().filter(d -> "tls".equals(Captures.text(d, "network.protocol"))).count());
        assertTrue(x.stats().streamsOverBudget() >= 6, x.stats().toString());
        assertEquals(0, x.stats().bufferBytesPeak());
    }

    @Test
    void aRequestWhoseHeadersDoNotEndIsCountedNotReported() {
        // Only up to the IPv6 client's second data segment: the request line and Host are there, the
        // end of the headers is not; flush() ends the connection.
        List<Event> events = new ArrayList<>();
        EventExtractor x = new EventExtractor(ExtractorConfig.defaults(), (e, json) -> events.add(e));
        FastDecoder fast = new FastDecoder();
        int segments = 0;
        try (PcapReader r = PcapReader.open(conversations)) {
            for (RecordView v; (v = r.nextView()) != null && segments < 2; ) {
                x.accept(v.dataLinkType(), v.timeNanos(), v.array(), v.offset(), v.caplen());
                LinkLayer.decode(fast, v.dataLinkType(), v.array(), v.offset(), v.caplen());
                if (fast.sourcePort() == 40002 && fast.payloadLength() > 0) {
                    segments++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int before = (int) events.stream().filter(e -> e instanceof HttpRequestEvent).count();
        x.flush();
        assertEquals(before, events.stream().filter(e -> e instanceof HttpRequestEvent).count());
        assertEquals(1, x.stats().httpIncomplete(), x.stats().toString());
        assertEquals(0, x.stats().bufferBytes(), "the line is given back");
    }

    private static String portOf(JsonNode d) {
        JsonNode p = d.at("/url/port");
        return p.isMissingNode() ? "" : ":" + p.asInt();
    }

    /** The request events. */
    private static List<JsonNode> http(List<JsonNode> docs) {
        return docs.stream().filter(d -> "http_request".equals(Captures.text(d, "event.action"))).toList();
    }

    private static JsonNode find(List<JsonNode> http, String original) {
        return http.stream().filter(d -> original.equals(Captures.text(d, "url.original"))).findFirst()
                .orElseThrow(() -> new AssertionError("no request " + original + " in " + http));
    }
}
