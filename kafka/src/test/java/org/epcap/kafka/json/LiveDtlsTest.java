package org.epcap.kafka.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.epcap.Options;
import org.epcap.pkt.Dtls;
import org.epcap.pkt.Pkt;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;
import org.epcap.pkt.testing.DtlsTshark;
import org.epcap.testing.Netns;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DTLS from openssl, captured live by the port and decoded by the codec, against tshark's
 * dtls.* fields ({@link DtlsTshark}: records, handshake fragments, cookies, hello fields, JA3
 * and JA3S as tshark computes them, JA4 with 'd' from tshark's fields) (issue 14).
 *
 * <p>{@code openssl s_server -dtls} in namespace B of a {@link Netns} pair, and from namespace A
 * an {@code s_client} a connection: DTLS 1.2 with SNI and ALPN over IPv4; DTLS 1.2 over IPv6 with
 * {@code -mtu 256}, whose ClientHello and certificate come in fragments; DTLS 1.0; DTLS 1.2
 * without SNI over IPv6. openssl's server asks each client for a cookie (HelloVerifyRequest), so
 * each connection sends two ClientHellos. Epcap captures on B's veth ({@code udp port 4433}).
 */
class LiveDtlsTest {
    private static final int PORT = 4433;
    /** s_client's version option, SNI ("" none), ALPN offer ("" none), over IPv6, more options. */
    private static final String[][] CONNECTIONS = {
        {"-dtls1_2", "a.example.test", "coap", "4", ""},
        {"-dtls1_2", "b.example.test", "foo,h2", "6", "-mtu 256"},
        {"-dtls1", "c.example.test", "", "4", "-cipher DEFAULT:@SECLEVEL=0"},
        {"-dtls1_2", "", "h2", "6", ""},
    };

    private static Netns net;
    private static Path dir;
    private static Path pcap;
    private static Process server;

    @BeforeAll
    static void captureOpensslDtls() throws Exception {
        Tools.assumeRoot();
        for (String tool : List.of("openssl", "tshark", "timeout")) {
            Tools.assumeTool(tool);
        }
        Tools.assumePortProgram();
        dir = Files.createTempDirectory("live-dtls");
        pcap = dir.resolve("live-dtls.pcap");
        net = Netns.create();
        LiveCapture.selfSignedCertificate(dir);
        server = new ProcessBuilder("ip", "netns", "exec", net.b(), "timeout", "60", "openssl", "s_server", "-dtls",
                "-accept", Integer.toString(PORT), "-cert", dir.resolve("cert.pem").toString(),
                "-key", dir.resolve("key.pem").toString(), "-alpn", "h2,coap", "-cipher", "DEFAULT:@SECLEVEL=0",
                "-quiet").redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        server.getOutputStream().close();
        long ready = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!net.runIn(net.b(), "ss", "-Hlun").contains(":" + PORT + " ")) {
            assertTrue(System.nanoTime() < ready, "s_server listens");
            Thread.sleep(50);
        }

        Options options = Options.builder().interfaceName(net.vethB()).exec(net.execIn(net.b()))
                .filter("udp port " + PORT).snaplen(65535).timeout(Duration.ofMillis(10)).build();
        LiveCapture.toFile(pcap, options, false, Duration.ofSeconds(10), () -> {
            for (String[] c : CONNECTIONS) {
                connect(c);
            }
        });
    }

    private static void connect(String[] c) {
        String host = c[3].equals("6") ? "[" + net.ip6B() + "]" : net.ipB();
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", net.a(), "openssl", "s_client", c[0],
                "-connect", host + ":" + PORT));
        cmd.addAll(c[1].isEmpty() ? List.of("-noservername") : List.of("-servername", c[1]));
        if (!c[2].isEmpty()) {
            cmd.addAll(List.of("-alpn", c[2]));
        }
        if (!c[4].isEmpty()) {
            cmd.addAll(List.of(c[4].split(" ")));
        }
        Tools.Result r = Tools.run(Duration.ofSeconds(15), cmd);
        assertEquals(0, r.status(), cmd + ": " + r.out() + r.err());
        assertTrue(r.out().contains(c[0].equals("-dtls1") ? "TLSv1.0" : "TLSv1.2"), r.out());
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (server != null) {
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
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

    @Test
    void opensslDtlsMatchesTshark() throws IOException {
        DtlsTshark.Report r = DtlsTshark.compare(pcap, List.of(PORT));
        assertEquals("", String.join("\n", r.disagreements().subList(0, Math.min(30, r.disagreements().size()))));
        assertEquals(r.frames(), r.dtlsFrames(), "every frame is DTLS");
        for (String f : DtlsTshark.FIELDS) {
            assertTrue(r.values().getOrDefault(f, 0) > 0, f + " never compared: " + r.values());
        }
        // two ClientHellos a connection (the second with the cookie), the IPv6 -mtu 256 ones in fragments
        assertEquals(2 * (CONNECTIONS.length - 1), r.clientHellos(), r.clientJa4().toString());
        assertTrue(r.fragmented() >= 2, "frames with a fragment of a ClientHello: " + r.fragmented());
        List<String> snis = new ArrayList<>();
        try (PcapReader reader = PcapReader.open(pcap)) {
            for (PcapRecord p; (p = reader.next()) != null; ) {
                Dtls d = Pkt.decode(p.dataLinkType(), p.data()).header(Dtls.class);
                if (d != null && d.clientHello() != null) {
                    snis.add(String.valueOf(d.clientHello().serverName()));
                }
            }
        }
        assertEquals(List.of("a.example.test", "a.example.test", "c.example.test", "c.example.test", "null", "null"),
                snis, "the SNIs asked for, of the hellos whole in a datagram");
        System.out.println("live DTLS: " + r.dtlsFrames() + " frames; values compared " + r.values() + "; JA4 "
                + r.clientJa4());
    }
}
