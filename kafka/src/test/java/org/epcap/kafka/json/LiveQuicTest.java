package org.epcap.kafka.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.epcap.Options;
import org.epcap.flow.quic.QuicHelloAssembler;
import org.epcap.pkt.Decoded;
import org.epcap.pkt.Header;
import org.epcap.pkt.Pkt;
import org.epcap.pkt.Quic;
import org.epcap.pkt.TlsExtension;
import org.epcap.pkt.TlsHello;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;
import org.epcap.testing.Netns;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * QUIC from a real client and server (netty's QUIC codec over quiche and BoringSSL, a test
 * dependency only), captured live by the port and decoded by the codec, against tshark, which
 * removes the Initial packets' protection by itself (issue 14).
 *
 * <p>{@link QuicPeers} runs in a network namespace of the test's own ({@link Netns}): a server
 * on UDP 443 of the namespace's 169.254.N.2 and fd00:N::2, and one client a connection, each
 * handshake completed, with several SNIs (one without) and ALPN offers, over IPv4 and IPv6. The
 * packets go over the namespace's loopback, where Epcap captures them (filter {@code udp port
 * 443}) into a file. For every frame where tshark sees long-header packets: their types,
 * versions, destination and source connection ids; for each ClientHello (in a client's Initial,
 * which both decrypt): the packet number, SNI, ALPN offer, cipher suites, extension types, JA3
 * and its string (tshark's), and JA4 with the QUIC prefix 'q', which tshark 4.0 lacks and the
 * test computes from tshark's dissection by the FoxIO specification.
 */
class LiveQuicTest {
    private static final int PORT = 443;
    private static final List<String> SERVER_ALPN = List.of("h3", "hq-interop", "epcap-q");
    /** 48 protocols of 24 bytes, then h3: about 1.2 KB of ALPN. */
    private static final String LONG_OFFER = java.util.stream.IntStream.range(0, 48)
            .mapToObj(i -> String.format("epcap-long-offer-%02d-xxx", i)).collect(Collectors.joining(",")) + ",h3";
    /** SNI ("" none), ALPN offer, over IPv6. */
    private static final String[][] CONNECTIONS = {
        {"a.example.test", "h3", "4"},
        {"b.example.test", "hq-interop,h3", "6"},
        {"c.example.test", "epcap-q", "4"},
        {"", "h3", "6"},
        {"d.example.test", "foo,h3", "4"},
        {"e.example.test", "epcap-q,hq-interop", "6"},
        // an offer too long for one Initial packet: the client spreads its ClientHello over two
        {"f.example.test", LONG_OFFER, "4"},
        {"g.example.test", LONG_OFFER, "6"},
    };

    private static Netns net;
    private static Path dir;
    private static Path pcap;
    private static String peersOutput;

    @BeforeAll
    static void captureRealQuic() throws Exception {
        Tools.assumeRoot();
        for (String tool : List.of("openssl", "tshark", "timeout")) {
            Tools.assumeTool(tool);
        }
        Tools.assumePortProgram();
        dir = Files.createTempDirectory("live-quic");
        pcap = dir.resolve("live-quic.pcap");
        net = Netns.create();
        LiveCapture.selfSignedCertificate(dir);

        Options options = Options.builder().interfaceName("lo").exec(net.execIn(net.b()))
                .filter("udp port " + PORT).snaplen(65535).timeout(Duration.ofMillis(10)).build();
        LiveCapture.toFile(pcap, options, true, Duration.ofSeconds(10), () -> peersOutput = runPeers());
    }

    /** The server and clients in namespace B, in a JVM of their own (bounded in time). */
    private static String runPeers() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", net.b(), "timeout", "60", java,
                // a short-lived JVM: the quick compiler only, and netty's PKCS#12 key store
                // (which holds the server's key) without its 10000 PBKDF2 rounds
                "-XX:TieredStopAtLevel=1", "-Dkeystore.pkcs12.keyPbeIterationCount=1",
                "-Dkeystore.pkcs12.macIterationCount=1", "-cp", System.getProperty("java.class.path"), QuicPeers.class.getName(),
                dir.resolve("cert.pem").toString(), dir.resolve("key.pem").toString(), Integer.toString(PORT),
                String.join(",", SERVER_ALPN)));
        for (String[] c : CONNECTIONS) {
            cmd.add((c[2].equals("6") ? net.ip6B() : net.ipB()) + "|" + c[0] + "|" + c[1]);
        }
        Tools.Result r = Tools.run(Duration.ofSeconds(70), cmd);
        assertEquals(0, r.status(), "QUIC peers: " + r.out() + r.err());
        return r.out();
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (net != null) {
            net.close();
        }
        if (dir != null && System.getenv("KEEP_L7") == null) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void everyHandshakeCompleted() {
        List<String> want = new ArrayList<>();
        for (String[] c : CONNECTIONS) {
            // BoringSSL's server picks by its own order among what the client offers
            List<String> offered = List.of(c[1].split(","));
            String chosen = SERVER_ALPN.stream().filter(offered::contains).findFirst().orElseThrow();
            want.add("ok " + c[0] + " " + chosen);
        }
        assertEquals(want, peersOutput.lines().toList());
    }

    @Test
    void quicPacketsAndClientHellosMatchTshark() throws IOException {
        List<String> fields = List.of("quic.long.packet_type", "quic.version", "quic.dcid", "quic.scid",
                "quic.packet_number", "tls.handshake.type", "tls.handshake.extensions_server_name",
                "tls.handshake.extensions_alpn_str", "tls.handshake.ciphersuite", "tls.handshake.extension.type",
                "tls.handshake.sig_hash_alg", "tls.handshake.extensions.supported_version", "tls.handshake.ja3",
                "tls.handshake.ja3_full");
        List<String[]> rows = Captures.tshark(pcap, 0, fields);
        List<PcapRecord> records = new ArrayList<>();
        try (PcapReader r = PcapReader.open(pcap)) {
            for (PcapRecord p; (p = r.next()) != null; ) {
                records.add(p);
            }
        }
        assertEquals(records.size(), rows.size(), "frames");
        int longPackets = 0;
        int initials = 0;
        List<String> want = new ArrayList<>();
        List<String> got = new ArrayList<>();
        List<String> snis = new ArrayList<>();
        QuicHelloAssembler hellos = new QuicHelloAssembler();
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            List<String> types = Captures.occurrences(row[0]);
            List<Quic> ours = new ArrayList<>();
            Decoded decoded = Pkt.decode(records.get(i).dataLinkType(), records.get(i).data());
            for (Header h : decoded.headers()) {
                if (h instanceof Quic q) {
                    ours.add(q);
                }
            }
            // tshark shows a ClientHello in the frame that completes it, as the assembler hands it out
            TlsHello h = hellos.accept(decoded);
            String frame = "frame " + (i + 1) + ": ";
            if (types.isEmpty()) {
                assertTrue(ours.isEmpty(), frame + "tshark sees no long header, the codec " + ours);
                continue;
            }
            // Per long-header packet: type, version, connection ids. tshark gives a short-header
            // packet coalesced after them a dcid too: the first ones are the long headers'.
            assertEquals(types, ours.stream().map(q -> String.valueOf(q.packetType())).toList(), frame + "types");
            assertEquals(Captures.occurrences(row[1]).stream().map(Long::decode).toList(),
                    ours.stream().map(Quic::version).toList(), frame + "versions");
            assertEquals(Captures.occurrences(row[2]).subList(0, ours.size()),
                    ours.stream().map(q -> q.destinationConnectionId().toHex()).toList(), frame + "dcid");
            assertEquals(Captures.occurrences(row[3]),
                    ours.stream().map(q -> q.sourceConnectionId().toHex()).toList(), frame + "scid");
            longPackets += ours.size();
            initials += (int) ours.stream().filter(q -> q.packetType() == Quic.INITIAL).count();
            if (!Captures.occurrences(row[5]).contains("1")) {
                assertNull(h, frame + "no ClientHello completed here");
                continue;
            }
            // A ClientHello: in a client's Initial, which the codec decrypts too.
            assertEquals(List.of("1"), Captures.occurrences(row[5]), frame + "a ClientHello alone");
            Quic q = ours.get(0);
            assertNotNull(h, frame + "the codec reads the ClientHello: " + q.fields());
            List<Integer> ciphers = numbers(row[8]);
            List<Integer> extensions = numbers(row[9]);
            List<String> alpn = Captures.occurrences(row[7]);
            int version = numbers(row[11]).stream().filter(v -> !TlsExtension.isGrease(v)).max(Integer::compare)
                    .orElseThrow();
            want.add(String.join(" ", Captures.occurrences(row[4]).get(0), row[6], String.join(",", alpn),
                    ciphers.toString(), extensions.toString(), row[12], row[13],
                    ja4(version, !row[6].isEmpty(), ciphers, extensions, numbers(row[10]), alpn)));
            got.add(String.join(" ", String.valueOf(q.packetNumber()), h.serverName() == null ? "" : h.serverName(),
                    String.join(",", h.alpn()), h.cipherSuites().toString(),
                    h.extensions().stream().map(TlsExtension::type).toList().toString(), h.ja3(), h.ja3Text(),
                    h.ja4('q')));
            snis.add(row[6]);
        }
        assertEquals(want, got, "ClientHellos, tshark against the codec");
        List<String> asked = new ArrayList<>();
        for (String[] c : CONNECTIONS) {
            asked.add(c[0]);
        }
        assertEquals(asked, snis, "a ClientHello for each connection, in order");
        assertTrue(initials >= 2 * CONNECTIONS.length, "Initial packets both ways: " + initials);
        assertEquals(2, hellos.assembled(), "the two long offers came in more than one Initial packet");
        assertEquals(0, hellos.evicted() + hellos.malformed() + hellos.tooLarge(), "nothing dropped");
        System.out.println("live QUIC: " + longPackets + " long-header packets (" + initials + " Initial) compared,"
                + " 4 fields each; " + got.size() + " ClientHellos, 8 fields each; e.g. " + got.get(0));
    }

    /**
     * The event extractor reports each connection's ClientHello once, as tshark sees it (SNI,
     * ALPN, JA3, Community ID), the two spread over Initial packets included, as QUIC over UDP.
     */
    @Test
    void eventsHaveEachQuicClientHelloOnce() throws IOException {
        List<String[]> rows = Captures.tshark(pcap, 0, List.of("tls.handshake.type", "tls.handshake.extensions_server_name",
                "tls.handshake.extensions_alpn_str", "tls.handshake.ja3", "communityid"));
        List<String> want = new ArrayList<>();
        for (String[] row : rows) {
            if (Captures.occurrences(row[0]).contains("1")) {
                want.add(String.join(" ", row[1], String.join(",", Captures.occurrences(row[2])), row[3], row[4]));
            }
        }
        List<String> got = new ArrayList<>();
        EventExtractor events = new EventExtractor(ExtractorConfig.defaults(), (e, json) -> {
            try {
                com.fasterxml.jackson.databind.JsonNode j = Captures.JSON.readTree(json);
                assertEquals("tls_client_hello", j.at("/event/action").asText(), j.toString());
                assertEquals("udp", j.at("/network/transport").asText(), j.toString());
                assertEquals("quic", j.at("/network/protocol").asText(), j.toString());
                assertTrue(j.at("/tls/client/ja4").asText().startsWith("q"), j.toString());
                List<String> alpn = new ArrayList<>();
                j.at("/tls/client/alpn").forEach(a -> alpn.add(a.asText()));
                got.add(String.join(" ", j.at("/tls/client/server_name").asText(""), String.join(",", alpn),
                        j.at("/tls/client/ja3").asText(), j.at("/network/community_id").asText()));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        Captures.feed(pcap, events);
        events.flush();
        assertEquals(want, got);
        assertEquals(CONNECTIONS.length, events.stats().quicHellos(), events.stats().toString());
        assertEquals(0, events.stats().quicEvicted() + events.stats().quicMalformed() + events.stats().quicTooLarge());
    }

    /** An occurrence-joined list of numbers, in order. */
    private static List<Integer> numbers(String joined) {
        return Captures.occurrences(joined).stream().map(Integer::decode).toList();
    }

    /**
     * JA4 from tshark's dissection, by the FoxIO specification, with QUIC's 'q': GREASE values
     * out; version, d/i for SNI, cipher and extension counts, first and last character of the
     * first ALPN value; the first 12 hex of SHA-256 of the sorted ciphers; of the sorted
     * extensions without SNI and ALPN, '_', the signature algorithms in order.
     */
    private static String ja4(int version, boolean sni, List<Integer> allCiphers, List<Integer> allExtensions,
            List<Integer> allSigalgs, List<String> alpn) {
        List<Integer> ciphers = allCiphers.stream().filter(c -> !TlsExtension.isGrease(c)).toList();
        List<Integer> extensions = allExtensions.stream().filter(e -> !TlsExtension.isGrease(e)).toList();
        List<Integer> sigalgs = allSigalgs.stream().filter(s -> !TlsExtension.isGrease(s)).toList();
        String v = switch (version) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            default -> throw new AssertionError("version " + version);
        };
        String first = alpn.isEmpty() ? "00"
                : alpn.get(0).charAt(0) + "" + alpn.get(0).charAt(alpn.get(0).length() - 1);
        String a = "q" + v + (sni ? "d" : "i") + String.format("%02d%02d", Math.min(99, ciphers.size()),
                Math.min(99, extensions.size())) + first;
        String b = sha12(ciphers.stream().sorted().map(c -> String.format("%04x", c)).collect(Collectors.joining(",")));
        String ext = extensions.stream().filter(e -> e != TlsExtension.SERVER_NAME && e != TlsExtension.ALPN).sorted()
                .map(e -> String.format("%04x", e)).collect(Collectors.joining(","));
        String sig = sigalgs.stream().map(s -> String.format("%04x", s)).collect(Collectors.joining(","));
        String c = sha12(sig.isEmpty() ? ext : ext + "_" + sig);
        return a + "_" + b + "_" + c;
    }

    private static String sha12(String text) {
        if (text.isEmpty()) {
            return "000000000000";
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
