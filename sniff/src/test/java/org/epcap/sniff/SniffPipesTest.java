package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.epcap.pkt.DataLinkType;
import org.epcap.pkt.io.PcapWriter;
import org.epcap.pkt.io.TimestampPrecision;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/sniff in shell pipes with tcpdump at the other end ({@code -r -}, {@code -w -}), a reader
 * that goes away ({@code | head -1}), -w rotation against tcpdump's, and the flags' errors.
 */
class SniffPipesTest {
    private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent().resolve("bin/sniff");

    private record Shell(int status, String out, String err) {
    }

    // Runs a bash pipeline where "sniff" is bin/sniff on this build's classes.
    private static Shell shell(Path dir, String pipeline) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -o pipefail; sniff() { \"$SNIFF\" \"$@\"; }; " + pipeline);
        pb.environment().put("SNIFF", SCRIPT.toString());
        pb.environment().put("SNIFF_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("EPCAP_PROGNAME", Tools.assumePortProgram().toString());
        pb.redirectOutput(dir.resolve("sh.out").toFile()).redirectError(dir.resolve("sh.err").toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("did not end within 120 s: " + pipeline);
        }
        return new Shell(p.exitValue(), Files.readString(dir.resolve("sh.out")), Files.readString(dir.resolve("sh.err")));
    }

    @Test
    void readsStdinFromTcpdump(@TempDir Path dir) throws Exception {
        String tcpdump = Oracle.tool("tcpdump");
        String f = Corpus.file("tcpdump/vrrp.pcap").toString();
        Shell s = shell(dir, tcpdump + " -r " + f + " -w - 2>/dev/null | sniff -r - -tt -q 'ip6 or ip'");
        assertEquals(0, s.status(), s.err());
        assertEquals(times(Oracle.tcpdump("-r", f, "-nn", "-tt")), times(s.out()));
        assertTrue(s.err().contains("165 packets captured"), s.err());
    }

    @Test
    void writesStdoutForTcpdump(@TempDir Path dir) throws Exception {
        String tcpdump = Oracle.tool("tcpdump");
        for (String name : List.of("tcpdump/vrrp.pcap", "tcpdump/tcp-handshake-nano.pcap")) {
            String f = Corpus.file(name).toString();
            Shell s = shell(dir, "sniff -r " + f + " -w - | " + tcpdump + " -r - -nn -tt --time-stamp-precision=nano -xx");
            assertEquals(0, s.status(), s.err());
            assertEquals(Oracle.tcpdump("-r", f, "-nn", "-tt", "--time-stamp-precision=nano", "-xx"), s.out(), name);
        }
    }

    @Test
    void aReaderThatGoesAwayEndsTheRunAtOnce(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("million.pcap");
        writeFrames(big, 1_000_000);
        for (String mode : List.of("--oneline", "--json", "")) {
            Shell s = shell(dir, "sniff -r " + big + " " + mode + " | head -1; echo \"sniff ${PIPESTATUS[0]}\" >&2");
            assertEquals(1, s.out().lines().count(), s.out());
            assertTrue(s.err().contains("sniff 0"), () -> mode + ": sniff's status should be 0\n" + s.err());
            Matcher m = Pattern.compile("(\\d+) packets? captured").matcher(s.err());
            assertTrue(m.find(), s.err());
            // It stopped when head left, not after decoding the whole file.
            assertTrue(Long.parseLong(m.group(1)) < 1_000_000, () -> mode + ": decoded on after head left\n" + s.err());
        }
    }

    @Test
    void rotationBySizeNamesAndFillsFilesAsTcpdump(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.pcap");
        writeFrames(in, 40_000); // 40,000 x (16 + 74) bytes: about 3.6 MB
        for (String w : new String[] {"", "-W 2", "-W 12"}) {
            Path theirs = Files.createDirectories(dir.resolve("tcpdump" + w.replace(" ", "")));
            Path ours = Files.createDirectories(dir.resolve("sniff" + w.replace(" ", "")));
            Tools.Result t = Tools.run(java.time.Duration.ofSeconds(60), Stream.concat(
                    Stream.of(Oracle.tool("tcpdump"), "-r", in.toString(), "-w", theirs.resolve("out").toString(), "-C", "1",
                            "-Z", "root"), // tcpdump as root would drop to its own user, who cannot write here
                    Stream.of(w.split(" ")).filter(x -> !x.isEmpty())).toList());
            assertEquals(0, t.status(), t.err());
            List<String> args = new java.util.ArrayList<>(List.of("-r", in.toString(), "-w", ours.resolve("out").toString(), "-C", "1", "-q"));
            args.addAll(Stream.of(w.split(" ")).filter(x -> !x.isEmpty()).toList());
            Cli cli = Cli.run(args.toArray(String[]::new));
            assertEquals(0, cli.exit(), cli::toString);
            assertEquals(names(theirs), names(ours), "file names with -C 1 " + w);
            for (String n : names(theirs)) {
                assertEquals(Oracle.tcpdump("-r", theirs.resolve(n).toString(), "-nn", "-tt", "-xx"),
                        Oracle.tcpdump("-r", ours.resolve(n).toString(), "-nn", "-tt", "-xx"), n + " with -C 1 " + w);
            }
        }
    }

    @Test
    void rotationByTimeExpandsStrftimeInTheName(@TempDir Path dir) {
        String f = Corpus.file("tcpdump/vrrp.pcap").toString();
        int year = java.time.LocalDate.now().getYear();
        Cli cli = Cli.run("-r", f, "-w", dir.resolve("out-%Y.pcap").toString(), "-G", "3600", "-q");
        assertEquals(0, cli.exit(), cli::toString);
        Path expected = dir.resolve("out-" + year + ".pcap");
        assertTrue(Files.exists(expected), () -> "no " + expected + " in " + names(dir));
        assertEquals(Oracle.tcpdump("-r", f, "-nn", "-tt"), Oracle.tcpdump("-r", expected.toString(), "-nn", "-tt"));
    }

    @Test
    void dashZGivesTheFileToTheUserThePortDropsTo(@TempDir Path dir) throws IOException {
        Tools.assumeRoot(); // only root may give a file away
        Path out = dir.resolve("out.pcap");
        Cli cli = Cli.run("-r", Corpus.file("tcpdump/dns_udp.pcap").toString(), "-w", out.toString(), "-Z", "nobody", "-q");
        assertEquals(0, cli.exit(), cli::toString);
        assertEquals("nobody", Files.getOwner(out).getName());
        assertEquals(Oracle.tcpdump("-r", Corpus.file("tcpdump/dns_udp.pcap").toString(), "-nn", "-tt"),
                Oracle.tcpdump("-r", out.toString(), "-nn", "-tt"));
    }

    @Test
    void fileErrorsNameTheirReason() {
        Cli noDir = Cli.run("-r", Corpus.file("tcpdump/dns_udp.pcap").toString(), "-w", "/nonexistent/dir/x.pcap");
        assertEquals(1, noDir.exit(), noDir::toString);
        assertTrue(noDir.err().contains("sniff: /nonexistent/dir/x.pcap: No such file or directory"), noDir::toString);
        Cli full = Cli.run("-r", Corpus.file("tcpdump/dns_udp.pcap").toString(), "-w", "/dev/full", "-q");
        assertEquals(1, full.exit(), full::toString);
        assertTrue(full.err().contains("/dev/full: No space left on device"), full::toString);
        Cli filter = Cli.run("-r", Corpus.file("tcpdump/dns_udp.pcap").toString(), "-F", "/nonexistent/filter");
        assertEquals(2, filter.exit(), filter::toString);
        assertTrue(filter.err().contains("/nonexistent/filter: No such file or directory"), filter::toString);
    }

    @Test
    void aMistypedFlagGetsPicoclisSuggestion() {
        Cli cli = Cli.run("--jsn");
        assertEquals(2, cli.exit(), cli::toString);
        assertTrue(cli.err().contains("--jsn") && cli.err().contains("--json"), cli::toString);
    }

    @Test
    void filterFromAFileSelectsAsTheWordsDo(@TempDir Path dir) throws IOException {
        String f = Corpus.file("tcpdump/vrrp.pcap").toString();
        Path filter = Files.writeString(dir.resolve("filter"), "# VRRP over IPv6 only\nip6 # the version\n  and proto 112\n");
        Cli cli = Cli.run("-r", f, "-F", filter.toString(), "-tt", "-q");
        assertEquals(0, cli.exit(), cli::toString);
        String theirs = Oracle.tcpdump("-r", f, "-nn", "-tt", "-F", filter.toString());
        assertEquals(times(theirs), times(cli.out()));
        assertTrue(!times(theirs).isEmpty() && times(theirs).size() < 165);
    }

    private static List<String> times(String out) {
        return out.lines().filter(l -> l.matches("^\\d+\\.\\d+ .*")).map(l -> l.substring(0, l.indexOf(' '))).toList();
    }

    private static List<String> names(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // n Ethernet/IPv4/UDP frames of 74 bytes, one microsecond apart.
    private static void writeFrames(Path file, int n) throws IOException {
        byte[] frame = java.util.HexFormat.of().parseHex(
                "0200000000020200000000010800" + "4500003c00000000401100000a0000010a000002"
                        + "271000090028000000000000000000000000000000000000000000000000000000000000");
        try (PcapWriter w = PcapWriter.create(file, DataLinkType.EN10MB, 65535, TimestampPrecision.MICRO)) {
            for (int i = 0; i < n; i++) {
                frame[frame.length - 1] = (byte) i;
                w.write(DataLinkType.EN10MB, 1_700_000_000L + i / 1_000_000, (i % 1_000_000) * 1000, frame.length,
                        frame, 0, frame.length);
            }
        }
        assertTrue(Files.size(file) > 24L * n / 10);
    }
}
