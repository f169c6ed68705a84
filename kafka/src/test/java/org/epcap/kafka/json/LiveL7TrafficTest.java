package org.epcap.kafka.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.epcap.Options;
import org.epcap.flow.tcp.ReassemblyConfig;
import org.epcap.flow.tcp.Side;
import org.epcap.flow.tcp.TcpReassembler;
import org.epcap.pkt.DnsType;
import org.epcap.pkt.Pkt;
import org.epcap.pkt.Tls;
import org.epcap.pkt.TlsExtension;
import org.epcap.pkt.TlsHello;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;
import org.epcap.pkt.io.PcapWriter;
import org.epcap.testing.Netns;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real traffic from real programs, captured live by the port and decoded by the library, against
 * tshark reading the same file (issue 14).
 *
 * <p>Two namespaces of the test's own joined by a veth pair ({@link Netns}: 169.254.N.0/24 and
 * fd00:N::/64). In namespace B run dnsmasq (fixed A, AAAA, TXT records; NXDOMAIN for other names
 * under example.test), {@code openssl s_server} (a self-signed EC certificate made by openssl in
 * a temporary directory; ALPN h2, http/1.1, epcap-custom) and a small HTTP/1.1 keep-alive server
 * ({@code http-server.py}). The links send segments of their size (no GSO), and over IPv6 each
 * side advertises an MSS of 100, so that what goes over IPv6 (two of the TLS handshakes, the POST)
 * spans several segments and must be put together. Epcap captures on B's veth (filter
 * {@code tcp or udp}) and writes every packet with the codec's {@link PcapWriter}. From namespace
 * A: {@code dig} over UDP and TCP, IPv4 and IPv6; {@code openssl s_client} with TLS 1.2 and 1.3,
 * several SNIs and ALPN offers (and one with neither); {@code curl} with several URLs on one keep-alive connection (one
 * response chunked, one 404) and a POST over IPv6. Every process is bounded in time (and killed
 * at the end), the namespaces are deleted in {@link #tearDown()}, and the temporary directory
 * with them unless the environment has {@code KEEP_L7} (to look at the capture and the servers'
 * logs).
 *
 * <p>What is compared, for every message tshark sees (and there must be exactly as many events,
 * and at least as many as the programs made):
 * <ul>
 * <li>DNS ({@link EventExtractor}): sender address and port, Community ID, id, query/answer,
 *     question name and type, response code, answer count, the A, AAAA and TXT data.</li>
 * <li>TLS ClientHello: sender and receiving port, SNI, ALPN offer ({@link EventExtractor}); the
 *     supported_versions list and the cipher suites (the codec's {@link Tls#decode} on the stream
 *     the flow module's {@link TcpReassembler} puts together); JA3 and the JA3 string
 *     (tshark's ja3 and ja3_full); JA4: tshark 4.0 has no JA4, so the test computes it from
 *     tshark's dissection (cipher suites, extension types, signature algorithms, ALPN,
 *     supported_versions) by the FoxIO specification and compares the event's with that.
 *     ServerHello: sender and receiving port, chosen ALPN, negotiated version, chosen cipher
 *     suite, JA3S and its string (ja3s_full). A ClientHello event has no {@code tls.version}
 *     (docs/kafka.md: ServerHello only), which is checked.</li>
 * <li>HTTP requests ({@link EventExtractor}): client, Community ID, method, Host, target,
 *     User-Agent, version. HTTP responses: server, Community ID, status code, Content-Type and the
 *     method and target of the request each answers, in order, against tshark; tshark's status
 *     codes against what curl reported.</li>
 * </ul>
 */
class LiveL7TrafficTest {
    private static final int TLS_PORT = 4433;
    private static final int HTTP_PORT = 8080;
    /**
     * tshark picks a TCP dissector by port, the lower first, then heuristics: 4433 has none, and
     * a client's ephemeral port may be some protocol's (48898 is ADS-AMS), which then takes the
     * connection. Tell it what the servers' ports carry.
     */
    private static final List<String> DECODE_AS = List.of("-d", "tcp.port==" + TLS_PORT + ",tls",
            "-d", "tcp.port==" + HTTP_PORT + ",http");
    private static final Duration LIMIT = Duration.ofSeconds(20);
    /** {@code -tls1_x}, SNI ("" none), ALPN offer ("" none), over IPv6. */
    private static final String[][] HANDSHAKES = {
        {"-tls1_3", "a.example.test", "h2", "4"},
        {"-tls1_3", "b.example.test", "http/1.1,h2", "6"},
        {"-tls1_3", "c.example.test", "epcap-custom", "4"},
        {"-tls1_3", "", "", "4"},
        {"-tls1_2", "a.example.test", "h2", "4"},
        {"-tls1_2", "b.example.test", "foo,http/1.1", "4"},
        {"-tls1_2", "c.example.test", "epcap-custom,h2", "6"},
        {"-tls1_2", "", "", "4"},
    };

    private static Netns net;
    private static Path dir;
    private static Path pcap;
    private static final List<Process> servers = new ArrayList<>();
    /** The status codes curl reported, in order. */
    private static final List<String> curlCodes = new ArrayList<>();
    private static int digMessages;

    @BeforeAll
    static void captureRealTraffic() throws Exception {
        Tools.assumeRoot();
        for (String tool : List.of("openssl", "curl", "dig", "dnsmasq", "tshark", "timeout", "ss")) {
            Tools.assumeTool(tool);
        }
        Tools.assumePortProgram();
        Tools.assumePython();
        dir = Files.createTempDirectory("live-l7");
        pcap = dir.resolve("live-l7.pcap");
        net = Netns.create();
        // Segments of the link's size (no GSO), and over IPv6 an MSS of 100 each way: the IPv6
        // hellos and requests span several segments, as on a path with a small MTU.
        for (String[] side : new String[][] {{net.a(), net.vethA(), net.ip6B()}, {net.b(), net.vethB(), net.ip6A()}}) {
            Tools.check(List.of("ip", "-n", side[0], "link", "set", side[1], "gso_max_segs", "1"));
            Tools.check(List.of("ip", "-n", side[0], "-6", "route", "add", side[2] + "/128", "dev", side[1],
                    "advmss", "100"));
        }
        startServers();

        Options options = Options.builder().interfaceName(net.vethB()).exec(net.execIn(net.b()))
                .filter("tcp or udp").snaplen(262144).timeout(Duration.ofMillis(10)).build();
        // until every packet the kernel gave the capture has been written (bounded)
        long written = LiveCapture.toFile(pcap, options, false, Duration.ofSeconds(20), LiveL7TrafficTest::makeTraffic);
        assertTrue(written > 100, "packets captured: " + written);
    }

    @AfterAll
    static void tearDown() throws IOException {
        for (Process p : servers) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        if (net != null) {
            net.close();
        }
        if (dir != null && System.getenv("KEEP_L7") == null) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    // ---- traffic ----

    private static void startServers() throws Exception {
        LiveCapture.selfSignedCertificate(dir);
        Files.writeString(dir.resolve("hosts"), "169.254.200.1 multi.example.test\n169.254.200.2 multi.example.test\n"
                + "fd00::200:1 multi.example.test\nfd00::200:2 multi.example.test\n169.254.201.1 one.example.test\n");
        Path httpServer = Captures.resource("/org/epcap/kafka/json/http-server.py", dir);
        server("dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                "--addn-hosts=" + dir.resolve("hosts"), "--bind-interfaces", "--listen-address=" + net.ipB(),
                "--listen-address=" + net.ip6B(), "--port=53", "--user=root", "--pid-file=", "--local=/example.test/",
                "--txt-record=txt.example.test,hello world,second", "--txt-record=one.example.test,v=epcap1",
                "--log-facility=" + dir.resolve("dnsmasq.log"));
        server("openssl", "s_server", "-accept", Integer.toString(TLS_PORT),
                "-cert", dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString(),
                "-alpn", "h2,http/1.1,epcap-custom", "-quiet");
        server(Tools.assumePython().toString(), httpServer.toString(), Integer.toString(HTTP_PORT), "50");
        // Ready when the ports listen (bounded).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String listening = "";
        while (System.nanoTime() < deadline) {
            listening = net.runIn(net.b(), "ss", "-Hltnu");
            if (listening.contains(":53 ") && listening.contains(":" + TLS_PORT + " ")
                    && listening.contains(":" + HTTP_PORT + " ")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the servers do not listen: " + listening);
    }

    /** Starts {@code argv} in namespace B, killed after a minute at the latest. */
    private static void server(String... argv) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", net.b(), "timeout", "60"));
        cmd.addAll(List.of(argv));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server-" + servers.size() + ".log").toFile()).start();
        p.getOutputStream().close();
        servers.add(p);
    }

    private static String client(String... argv) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", net.a()));
        cmd.addAll(List.of(argv));
        Tools.Result r = Tools.run(LIMIT, cmd);
        assertEquals(0, r.status(), cmd + ": " + r.out() + r.err());
        return r.out();
    }

    private static void makeTraffic() {
        // DNS: UDP and TCP, IPv4 and IPv6; each question is one query and one answer.
        List<String> questions = List.of("multi.example.test", "A", "multi.example.test", "AAAA", "txt.example.test",
                "TXT", "one.example.test", "TXT", "one.example.test", "A", "nope.example.test", "A");
        for (String[] how : new String[][] {{net.ipB(), "+notcp"}, {net.ip6B(), "+tcp"}, {net.ipB(), "+tcp"},
                {net.ip6B(), "+notcp"}}) {
            List<String> cmd = new ArrayList<>(List.of("dig", "@" + how[0], how[1], "+tries=1", "+time=3"));
            cmd.addAll(questions);
            String out = client(cmd.toArray(String[]::new));
            int answered = out.split(";; Got answer:", -1).length - 1;
            assertEquals(questions.size() / 2, answered, out);
            digMessages += 2 * answered;
        }
        // TLS 1.3 and 1.2 handshakes; s_client ends when its input ends.
        for (String[] h : HANDSHAKES) {
            String host = h[3].equals("6") ? "[" + net.ip6B() + "]" : net.ipB();
            List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", host + ":" + TLS_PORT,
                    h[0]));
            if (h[1].isEmpty()) {
                cmd.add("-noservername");
            } else {
                cmd.addAll(List.of("-servername", h[1]));
            }
            if (!h[2].isEmpty()) {
                cmd.addAll(List.of("-alpn", h[2]));
            }
            String out = client(cmd.toArray(String[]::new));
            assertTrue(out.contains(h[0].equals("-tls1_3") ? "TLSv1.3" : "TLSv1.2"), out);
        }
        // HTTP/1.1: four requests on one keep-alive connection (one chunked, one 404), then a POST over IPv6.
        String base = "http://" + net.ipB() + ":" + HTTP_PORT;
        // (curl's -o applies to one URL: one for each)
        String out = client("curl", "-sS", "--max-time", "10", "-w", "%{http_code} %{num_connects}\n",
                "-A", "epcap-live/1.0", "-o", "/dev/null", base + "/a", "-o", "/dev/null", base + "/chunked",
                "-o", "/dev/null", base + "/missing", "-o", "/dev/null", base + "/b?x=1&y=2");
        List<String> lines = out.lines().toList();
        assertEquals(List.of("200 1", "200 0", "404 0", "200 0"), lines, "one connection for the four: " + out);
        lines.forEach(l -> curlCodes.add(l.split(" ")[0]));
        out = client("curl", "-sS", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}\n", "-d", "x=1",
                "-H", "Host: v6.example.test", "-A", "epcap-live/2.0 (post)",
                "http://[" + net.ip6B() + "]:" + HTTP_PORT + "/created?q=1");
        assertEquals("201", out.strip());
        curlCodes.add("201");
    }

    // ---- DNS ----

    @Test
    void dnsMessagesOverUdpAndTcpMatchTshark() {
        List<String> fields = List.of("ip.src", "ipv6.src", "udp.srcport", "tcp.srcport", "communityid", "dns.id",
                "dns.flags.response", "dns.qry.name", "dns.qry.type", "dns.flags.rcode", "dns.count.answers", "dns.a",
                "dns.aaaa", "dns.txt");
        List<String> want = new ArrayList<>();
        for (String[] row : Captures.tshark(pcap, 0, fields)) {
            List<String> ids = Captures.occurrences(row[5]);
            if (ids.isEmpty()) {
                continue;
            }
            assertEquals(1, ids.size(), "one DNS message a frame here: " + String.join(" ", row));
            boolean response = row[6].equals("1");
            List<String> a = new ArrayList<>(Captures.occurrences(row[11]));
            List<String> aaaa = new ArrayList<>(Captures.occurrences(row[12]).stream().map(Captures::ip).toList());
            String txt = Captures.occurrences(row[13]).stream().map(s -> "\"" + s + "\"")
                    .collect(Collectors.joining(" "));
            want.add(String.join(" ", Captures.ip(row[0].isEmpty() ? row[1] : row[0]),
                    row[2].isEmpty() ? row[3] : row[2], row[4], Integer.toString(Integer.decode(ids.get(0))),
                    response ? "answer" : "query", row[7], DnsType.name(Integer.parseInt(row[8])),
                    response ? EventExtractor.responseCode(Integer.parseInt(row[9])) : "null", row[10],
                    sorted(a) + sorted(aaaa) + "[" + txt + "]"));
        }
        Captures.Extracted x = Captures.extract(pcap, ExtractorConfig.defaults());
        List<String> got = new ArrayList<>();
        int udp = 0;
        int tcp = 0;
        for (JsonNode d : x.json()) {
            if (!"dns".equals(Captures.text(d, "network.protocol"))) {
                continue;
            }
            List<String> a = new ArrayList<>();
            List<String> aaaa = new ArrayList<>();
            List<String> txt = new ArrayList<>();
            for (JsonNode ans : d.at("/dns/answers")) {
                String data = ans.get("data").asText();
                switch (ans.get("type").asText()) {
                    case "A" -> a.add(data);
                    case "AAAA" -> aaaa.add(Captures.ip(data));
                    case "TXT" -> txt.add(data);
                    default -> throw new AssertionError("unexpected answer " + ans);
                }
            }
            got.add(String.join(" ", Captures.ip(Captures.text(d, "source.ip")), Captures.text(d, "source.port"),
                    Captures.text(d, "network.community_id"), Captures.text(d, "dns.id"), Captures.text(d, "dns.type"),
                    Captures.text(d, "dns.question.name"), Captures.text(d, "dns.question.type"),
                    String.valueOf(Captures.text(d, "dns.response_code")), Captures.text(d, "epcap.dns.answer_count"),
                    sorted(a) + sorted(aaaa) + "[" + String.join(" ", txt) + "]"));
            if ("udp".equals(Captures.text(d, "network.transport"))) {
                udp++;
            } else {
                tcp++;
            }
        }
        Captures.assertSameMultiset(want, got, "DNS messages");
        assertEquals(digMessages, got.size(), "every query dig made and its answer: " + got);
        assertTrue(udp == tcp && udp > 0, "UDP " + udp + ", TCP " + tcp);
        assertEquals(0, x.stats().dnsMalformed(), x.stats().toString());
        System.out.println("live DNS: " + got.size() + " messages compared, 10 fields each");
    }

    // ---- TLS ----

    @Test
    void tlsHellosOfOpensslMatchTshark() throws IOException {
        List<String> fields = List.of("ip.src", "ipv6.src", "tcp.srcport", "tls.handshake.type",
                "tls.handshake.extensions_server_name", "tls.handshake.extensions_alpn_str",
                "tls.handshake.extensions.supported_version", "tls.handshake.ciphersuite", "tls.handshake.ja3",
                "tls.handshake.ja3_full", "tls.handshake.ja3s", "tls.handshake.ja3s_full",
                "tls.handshake.extension.type", "tls.handshake.sig_hash_alg", "tls.handshake.version",
                "tcp.dstport");
        List<String> want = new ArrayList<>();
        for (String[] row : Captures.tshark(pcap, 0, fields, DECODE_AS)) {
            List<String> types = Captures.occurrences(row[3]);
            String src = Captures.ip(row[0].isEmpty() ? row[1] : row[0]) + " " + row[2] + " " + row[15];
            List<Integer> versions = numbers(row[6]);
            List<Integer> ciphers = numbers(row[7]);
            if (types.contains("1")) {
                assertEquals(List.of("1"), types, "a ClientHello alone in its frame");
                int highest = versions.isEmpty() ? Integer.decode(row[14])
                        : versions.stream().max(Integer::compare).get();
                // (the event has no tls.version for a ClientHello: docs/kafka.md, ServerHello only)
                List<String> alpn = Captures.occurrences(row[5]);
                want.add(String.join(" ", src, "client", row[4], String.join(",", alpn), versions.toString(),
                        ciphers.toString(), row[8], row[9],
                        ja4(highest, !row[4].isEmpty(), ciphers,
                                numbers(row[12]), numbers(row[13]), alpn)));
            }
            if (types.contains("2")) {
                assertEquals("2", types.get(0), "the ServerHello first in its frame");
                int negotiated = versions.isEmpty() ? Integer.decode(Captures.occurrences(row[14]).get(0))
                        : versions.get(0);
                want.add(String.join(" ", src, "server", row[5], version(negotiated), ciphers.toString(), row[10],
                        row[11]));
            }
        }
        // The versions and cipher suites from the codec: each direction's stream put together by the
        // flow module's reassembler (the IPv6 hellos span segments), its first record decoded.
        Map<String, ByteArrayOutputStream> streams = new HashMap<>();
        TcpReassembler reassembler = new TcpReassembler(ReassemblyConfig.defaults(), (c, side, data, off, len) -> {
            int clientPort = c.clientIsA() ? c.key().aPort() : c.key().bPort();
            ByteArrayOutputStream b = streams.computeIfAbsent(clientPort + " " + side,
                    k -> new ByteArrayOutputStream());
            if (b.size() < 1 << 16) {
                b.write(data, off, len);
            }
        });
        int wholeInASegment = 0;
        try (PcapReader r = PcapReader.open(pcap)) {
            for (PcapRecord p; (p = r.next()) != null; ) {
                reassembler.acceptFrame(p.dataLinkType(), p.timeNanos(), p.data(), 0, p.data().length);
                Tls tls = Pkt.decode(p.dataLinkType(), p.data()).header(Tls.class);
                if (tls != null && tls.clientHello() != null) {
                    wholeInASegment++;
                }
            }
        }
        reassembler.flush();
        Captures.Extracted x = Captures.extract(pcap, ExtractorConfig.defaults());
        List<String> got = new ArrayList<>();
        int clients = 0;
        int servers = 0;
        for (JsonNode d : x.json()) {
            if (!"tls".equals(Captures.text(d, "network.protocol"))) {
                continue;
            }
            boolean client = "tls_client_hello".equals(Captures.text(d, "event.action"));
            String src = Captures.ip(Captures.text(d, "source.ip")) + " " + Captures.text(d, "source.port") + " "
                    + Captures.text(d, "destination.port");
            String clientPort = Captures.text(d, client ? "source.port" : "destination.port");
            TlsHello h = firstHello(streams.get(clientPort + " " + (client ? Side.CLIENT : Side.SERVER)), client);
            if (client) {
                List<String> alpn = new ArrayList<>();
                d.at("/tls/client/alpn").forEach(n -> alpn.add(n.asText()));
                String sni = Captures.text(d, "tls.client.server_name");
                assertEquals(null, Captures.text(d, "tls.version"), "ClientHello: " + d);
                got.add(String.join(" ", src, "client", sni == null ? "" : sni, String.join(",", alpn),
                        h.supportedVersions().toString(), h.cipherSuites().toString(),
                        Captures.text(d, "tls.client.ja3"), Captures.text(d, "epcap.tls.client.ja3_string"),
                        Captures.text(d, "tls.client.ja4")));
                clients++;
            } else {
                String next = Captures.text(d, "tls.next_protocol");
                got.add(String.join(" ", src, "server", next == null ? "" : next, Captures.text(d, "tls.version"),
                        h.cipherSuites().toString(), Captures.text(d, "tls.server.ja3s"),
                        Captures.text(d, "epcap.tls.server.ja3s_string")));
                servers++;
            }
        }
        Captures.assertSameMultiset(want, got, "TLS hellos");
        assertEquals(HANDSHAKES.length, clients, "a ClientHello for each s_client");
        assertEquals(HANDSHAKES.length, servers, "a ServerHello for each s_client");
        assertEquals(0, x.stats().tlsMalformed() + x.stats().tlsTooLarge(), x.stats().toString());
        long overIpv6 = java.util.Arrays.stream(HANDSHAKES).filter(h -> h[3].equals("6")).count();
        assertEquals(HANDSHAKES.length - overIpv6, wholeInASegment,
                "ClientHellos whole in one segment: all but those over IPv6 (MSS 100), which the extractor puts"
                        + " together");
        System.out.println("live TLS: " + clients + " ClientHellos (9 fields each) and " + servers
                + " ServerHellos (7 fields each) compared; e.g. " + got.get(0));
    }

    /** The hello in the first TLS record of a stream, by the codec. */
    private static TlsHello firstHello(ByteArrayOutputStream stream, boolean client) {
        assertTrue(stream != null, "a stream for each hello");
        byte[] b = stream.toByteArray();
        assertTrue(b.length >= 5 && b[0] == 22, "a stream that starts with a handshake record");
        int end = 5 + ((b[3] & 0xff) << 8 | (b[4] & 0xff));
        Tls tls = Tls.decode(b, 0, Math.min(end, b.length));
        TlsHello h = client ? tls.clientHello() : tls.serverHello();
        assertTrue(h != null, "the codec reads the hello of the stream");
        return h;
    }

    private static String version(int v) {
        return switch (v) {
            case 0x0304 -> "1.3";
            case 0x0303 -> "1.2";
            case 0x0302 -> "1.1";
            case 0x0301 -> "1.0";
            default -> throw new AssertionError("version " + Integer.toHexString(v));
        };
    }

    /**
     * JA4 (TCP) from tshark's dissection, by the FoxIO specification (no GREASE values occur:
     * openssl sends none): t, version, d/i for SNI, cipher and extension counts, first and last
     * character of the first ALPN value; the first 12 hex of SHA-256 of the sorted ciphers; of the
     * sorted extensions without SNI and ALPN, '_', the signature algorithms in order.
     */
    private static String ja4(int version, boolean sni, List<Integer> ciphers, List<Integer> extensions,
            List<Integer> sigalgs, List<String> alpn) {
        String v = switch (version) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            default -> throw new AssertionError("version " + version);
        };
        String first = alpn.isEmpty() ? "00"
                : alpn.get(0).charAt(0) + "" + alpn.get(0).charAt(alpn.get(0).length() - 1);
        String a = "t" + v + (sni ? "d" : "i") + String.format("%02d%02d", Math.min(99, ciphers.size()),
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

    // ---- HTTP ----

    @Test
    void httpRequestsOfCurlMatchTshark() {
        List<String> fields = List.of("ip.src", "ipv6.src", "tcp.srcport", "communityid", "http.request.method",
                "http.host", "http.request.uri", "http.user_agent", "http.request.version", "http.response.code",
                "http.content_type", "http.response_for.uri");
        List<String> want = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        List<String> wantResponses = new ArrayList<>();
        for (String[] row : Captures.tshark(pcap, 0, fields, DECODE_AS)) {
            List<String> methods = Captures.occurrences(row[4]);
            for (int i = 0; i < methods.size(); i++) {
                want.add(String.join(" ", Captures.ip(row[0].isEmpty() ? row[1] : row[0]), row[2], row[3],
                        methods.get(i), Captures.occurrences(row[5]).get(i), Captures.occurrences(row[6]).get(i),
                        Captures.occurrences(row[7]).get(i), Captures.occurrences(row[8]).get(i)));
            }
            List<String> rowCodes = Captures.occurrences(row[9]);
            codes.addAll(rowCodes);
            // curl does not pipeline: one response a frame (a request's Content-Type is in a frame without a code)
            assertTrue(rowCodes.size() <= 1, "one response a frame: " + String.join(" ", row));
            if (rowCodes.size() == 1) {
                wantResponses.add(String.join(" ", Captures.ip(row[0].isEmpty() ? row[1] : row[0]), row[2], row[3],
                        rowCodes.get(0), row[10], row[11]));
            }
        }
        Captures.Extracted x = Captures.extract(pcap, ExtractorConfig.defaults());
        List<String> got = new ArrayList<>();
        List<String> gotResponses = new ArrayList<>();
        Map<String, String> hostOf = new HashMap<>();
        for (JsonNode d : x.json()) {
            if ("http_request".equals(Captures.text(d, "event.action"))) {
                String domain = Captures.text(d, "url.domain");
                hostOf.put(Captures.text(d, "network.community_id"), (domain.contains(":") ? "[" + domain + "]" : domain)
                        + (d.at("/url/port").isMissingNode() ? "" : ":" + d.at("/url/port").asInt()));
            }
            if ("http_response".equals(Captures.text(d, "event.action"))) {
                // tshark's http.response_for.uri is the request's Host and target as one URI
                String cid = Captures.text(d, "network.community_id");
                gotResponses.add(String.join(" ", Captures.ip(Captures.text(d, "source.ip")),
                        Captures.text(d, "source.port"), cid, Captures.text(d, "http.response.status_code"),
                        Captures.text(d, "epcap.http.response.content_type"),
                        "http://" + hostOf.get(cid) + Captures.text(d, "url.original")));
            }
            if ("http_request".equals(Captures.text(d, "event.action"))) {
                JsonNode port = d.at("/url/port");
                got.add(String.join(" ", Captures.ip(Captures.text(d, "source.ip")), Captures.text(d, "source.port"),
                        Captures.text(d, "network.community_id"), Captures.text(d, "http.request.method"),
                        Captures.text(d, "url.domain") + (port.isMissingNode() ? "" : ":" + port.asInt()),
                        Captures.text(d, "url.original"), Captures.text(d, "user_agent.original"),
                        "HTTP/" + Captures.text(d, "http.version")));
            }
        }
        Captures.assertSameMultiset(want, got, "HTTP requests");
        assertEquals(curlCodes.size(), got.size(), "a request event for each URL curl fetched: " + got);
        assertEquals(curlCodes, codes, "status codes, tshark against curl, in order");
        assertEquals(List.of("200", "200", "404", "200", "201"), codes, "the responses the test asked for");
        assertEquals(wantResponses, gotResponses, "HTTP responses, tshark against the events, in order");
        assertEquals(codes.size(), x.stats().httpResponses());
        assertEquals(0, x.stats().httpResponsesUnmatched(), x.stats().toString());
        assertEquals(0, x.stats().httpLinesCut() + x.stats().httpDesync() + x.stats().httpIncomplete()
                + x.stats().streamsAbandonedAtGap(), x.stats().toString());
        System.out.println("live HTTP: " + got.size() + " requests compared, 8 fields each; " + gotResponses.size()
                + " responses, 6 fields each: " + gotResponses);
    }

    // ---- helpers ----

    private static List<Integer> numbers(String joined) {
        return Captures.occurrences(joined).stream().map(Integer::decode).toList();
    }

    private static String sorted(List<String> values) {
        List<String> s = new ArrayList<>(values);
        s.sort(null);
        return s.toString();
    }
}
