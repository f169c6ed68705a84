package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.epcap.testing.Netns;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/sniff end to end, as a separate process: the script, the JVM it starts, the exit status.
 * SNIFF_CLASSPATH points it at this build's classes so that it does not build again under Maven.
 */
class BinSniffTest {
    private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent().resolve("bin/sniff");

    private static ProcessBuilder sniff(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("SNIFF_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("EPCAP_PROGNAME", Tools.assumePortProgram().toString());
        return pb;
    }

    @Test
    void readsAFileAsJson(@TempDir Path dir) throws Exception {
        Path file = Corpus.file("tcpdump/dns_udp.pcap");
        Process p = sniff("-r", file.toString(), "--json", "-c", "2")
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = Files.readString(dir.resolve("out"));
        String err = Files.readString(dir.resolve("err"));
        assertEquals(0, p.exitValue(), err);
        assertEquals(2, out.lines().count(), out);
        out.lines().forEach(MiniJson::parse);
        assertTrue(err.contains("2 packets captured"), err);
    }

    @Test
    void usageErrorExitsTwo() throws Exception {
        Process p = sniff("--count", "zero").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), text);
        assertTrue(text.contains("--count"), text);
    }

    @Test
    void ctrlCPrintsTheSummary(@TempDir Path dir) throws Exception {
        Tools.assumeRoot();
        Tools.assumeTool("kill");
        try (Netns net = Netns.create()) {
            Path out = dir.resolve("out");
            Path err = dir.resolve("err");
            Process p = sniff("-i", net.vethB(), "--exec", net.execIn(net.b()), "--json", "udp")
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (lines(out) < 5 && p.isAlive() && System.nanoTime() < deadline) {
                    net.sendUdp(net.a(), net.ipB(), 9300, 2, 8);
                    Thread.sleep(100);
                }
                assertTrue(lines(out) >= 5, () -> "no packets reported: " + read(err));
                Tools.check(List.of("kill", "-INT", Long.toString(p.pid())));
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "sniff did not stop on SIGINT");
            } finally {
                p.destroyForcibly();
            }
            String e = read(err);
            long reported = lines(out);
            assertTrue(e.contains(reported + " packets captured"), () -> "reported " + reported + ", stderr:\n" + e);
            for (String line : new String[] {"received by filter", "dropped by kernel", "dropped by interface"}) {
                assertTrue(e.contains(line), e);
            }
            assertEquals(130, p.exitValue(), e);
        }
    }

    private static long lines(Path f) throws IOException {
        return Files.exists(f) ? Files.readString(f).lines().count() : 0;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
