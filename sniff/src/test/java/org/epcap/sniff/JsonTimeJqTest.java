package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON timestamps survive jq exactly: over every fifth corpus file (by name, about 170 files
 * and all their link types and precisions), {@code jq -r .pcap.time_ns} and the RFC 3339
 * {@code .pcap.time} give, to the nanosecond, the time libpcap itself hands out for each packet
 * at nanosecond precision ({@code native/test/pcapdump} prints its {@code tv_sec} and signed
 * {@code tv_usec}; tcpdump's print of those is no oracle where they are out of range: it shows
 * the sub-second field raw and wraps seconds past 2106).
 */
class JsonTimeJqTest {
    private static final int EVERY = 5;

    @Test
    void everyTimestampRoundTripsThroughJq(@TempDir Path dir) throws IOException {
        Tools.assumePortProgram();
        String jq = Oracle.tool("jq");
        Path pcapdump = Tools.assumePortProgram().resolveSibling("test/pcapdump");
        assertTrue(Files.isExecutable(pcapdump), "needs " + pcapdump + ": make -C native");
        List<Path> files;
        try (Stream<Path> s = Files.list(Tools.assumeCorpus().resolve("tcpdump"))) {
            files = s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted().toList();
        }
        long packets = 0;
        int compared = 0;
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < files.size(); i += EVERY) {
            Path f = files.get(i);
            Tools.Result t = Tools.run(Duration.ofSeconds(60), List.of(pcapdump.toString(), f.toString()));
            Cli cli = Cli.run("-r", f.toString(), "--json");
            if (t.status() != 0 || cli.exit() != 0) {
                assertEquals(t.status() != 0, cli.exit() != 0, () -> f + ": libpcap and sniff disagree on reading it\n"
                        + t.err() + "\n" + cli.err());
                continue; // a file libpcap refuses: both refuse it
            }
            Path json = Files.writeString(dir.resolve("out.json"), cli.out());
            Tools.Result j = Tools.run(Duration.ofSeconds(60), List.of(jq, "-r", ".pcap.time_ns + \" \" + .pcap.time", json.toString()));
            assertEquals(0, j.status(), j.err());
            List<String> expected = libpcapNanos(t.out());
            List<String> got = j.out().lines().toList();
            assertEquals(expected.size(), got.size(), f.toString());
            for (int k = 0; k < got.size(); k++) {
                String[] two = got.get(k).split(" ");
                Instant rfc3339 = Instant.parse(two[1]);
                String fromText = BigInteger.valueOf(rfc3339.getEpochSecond()).multiply(BigInteger.valueOf(1_000_000_000L))
                        .add(BigInteger.valueOf(rfc3339.getNano())).toString();
                if (!expected.get(k).equals(two[0]) || !expected.get(k).equals(fromText)) {
                    wrong.add(f.getFileName() + "#" + (k + 1) + ": libpcap " + expected.get(k) + ", jq " + got.get(k));
                }
                packets++;
            }
            compared++;
        }
        assertTrue(wrong.isEmpty(), () -> wrong.size() + " timestamps differ:\n  " + String.join("\n  ", wrong.subList(0, Math.min(20, wrong.size()))));
        assertTrue(compared > files.size() / EVERY / 2 && packets > 1000, compared + " files, " + packets + " packets");
    }

    // pcapdump: "sec.nsec caplen len" per packet, nsec as libpcap's signed field.
    private static List<String> libpcapNanos(String out) {
        List<String> ns = new ArrayList<>();
        for (String line : out.lines().toList()) {
            String stamp = line.substring(0, line.indexOf(' '));
            int dot = stamp.indexOf('.');
            long sec = Long.parseLong(stamp.substring(0, dot));
            long frac = Long.parseLong(stamp.substring(dot + 1));
            ns.add(BigInteger.valueOf(sec).multiply(BigInteger.valueOf(1_000_000_000L)).add(BigInteger.valueOf(frac)).toString());
        }
        return ns;
    }
}
