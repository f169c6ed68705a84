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
 * {@code .pcap.time} give the nanoseconds tcpdump prints for each packet
 * ({@code -tt --time-stamp-precision=nano}; an out-of-range sub-second field, which tcpdump
 * prints raw, is carried into the seconds as libpcap's signed arithmetic does).
 */
class JsonTimeJqTest {
    private static final int EVERY = 5;

    @Test
    void everyTimestampRoundTripsThroughJq(@TempDir Path dir) throws IOException {
        Tools.assumePortProgram();
        String jq = Oracle.tool("jq");
        String tcpdump = Oracle.tool("tcpdump");
        List<Path> files;
        try (Stream<Path> s = Files.list(Tools.assumeCorpus().resolve("tcpdump"))) {
            files = s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted().toList();
        }
        long packets = 0;
        int compared = 0;
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < files.size(); i += EVERY) {
            Path f = files.get(i);
            Tools.Result t = Tools.run(Duration.ofSeconds(60),
                    List.of(tcpdump, "-r", f.toString(), "-nn", "-tt", "--time-stamp-precision=nano", "-q"));
            Cli cli = Cli.run("-r", f.toString(), "--json");
            if (t.status() != 0 || cli.exit() != 0) {
                assertEquals(t.status() != 0, cli.exit() != 0, () -> f + ": tcpdump and sniff disagree on reading it\n"
                        + t.err() + "\n" + cli.err());
                continue; // a file libpcap refuses: both refuse it
            }
            Path json = Files.writeString(dir.resolve("out.json"), cli.out());
            Tools.Result j = Tools.run(Duration.ofSeconds(60), List.of(jq, "-r", ".pcap.time_ns + \" \" + .pcap.time", json.toString()));
            assertEquals(0, j.status(), j.err());
            List<String> expected = tcpdumpNanos(t.out());
            List<String> got = j.out().lines().toList();
            assertEquals(expected.size(), got.size(), f.toString());
            for (int k = 0; k < got.size(); k++) {
                String[] two = got.get(k).split(" ");
                Instant rfc3339 = Instant.parse(two[1]);
                String fromText = BigInteger.valueOf(rfc3339.getEpochSecond()).multiply(BigInteger.valueOf(1_000_000_000L))
                        .add(BigInteger.valueOf(rfc3339.getNano())).toString();
                if (!expected.get(k).equals(two[0]) || !expected.get(k).equals(fromText)) {
                    wrong.add(f.getFileName() + "#" + (k + 1) + ": tcpdump " + expected.get(k) + ", jq " + got.get(k));
                }
                packets++;
            }
            compared++;
        }
        assertTrue(wrong.isEmpty(), () -> wrong.size() + " timestamps differ:\n  " + String.join("\n  ", wrong.subList(0, Math.min(20, wrong.size()))));
        assertTrue(compared > files.size() / EVERY / 2 && packets > 1000, compared + " files, " + packets + " packets");
    }

    // tcpdump -tt prints seconds and the sub-second field as read; libpcap's field is signed 32-bit.
    private static List<String> tcpdumpNanos(String out) {
        List<String> ns = new ArrayList<>();
        for (String line : out.lines().toList()) {
            if (!line.matches("^-?\\d+\\.\\d+ .*")) {
                continue; // a protocol's continuation line
            }
            String stamp = line.substring(0, line.indexOf(' '));
            int dot = stamp.indexOf('.');
            long sec = Long.parseLong(stamp.substring(0, dot));
            long frac = (int) Long.parseLong(stamp.substring(dot + 1)); // as libpcap's bpf_int32
            ns.add(BigInteger.valueOf(sec).multiply(BigInteger.valueOf(1_000_000_000L)).add(BigInteger.valueOf(frac)).toString());
        }
        return ns;
    }
}
