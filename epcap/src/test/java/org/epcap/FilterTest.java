package org.epcap;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.epcap.testing.Corpus;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;

/** File mode with a filter: packet counts against {@code tcpdump -r FILE --count FILTER}. */
class FilterTest {
    private static final List<String> FILTERS = List.of("tcp", "udp and port 53", "icmp or icmp6", "vlan");
    private static final Pattern COUNT = Pattern.compile("(?m)^(\\d+) packets?$");

    @Test
    void countsMatchTcpdump() {
        Path prog = Tools.assumePortProgram();
        Path tcpdump = Tools.assumeTool("tcpdump");
        Path pcapdump = Corpus.pcapdump();
        List<String> mismatches = new ArrayList<>();
        long matched = 0;
        int compared = 0;
        int refused = 0;
        for (Path file : Corpus.captureFiles()) {
            if (Tools.run(List.of(pcapdump.toString(), "-c", file.toString())).out().isEmpty()) continue;
            for (String filter : FILTERS) {
                Tools.Result oracle = Tools.run(List.of(tcpdump.toString(), "-r", file.toString(), "--count", filter));
                Matcher m = COUNT.matcher(oracle.out());
                Options o = Options.builder().progname(prog).file(file).filter(filter).build();
                int got = 0;
                try (Epcap cap = Epcap.start(o)) {
                    while (cap.next() != null) got++;
                } catch (BadFilterException e) {
                    refused++;
                    if (m.find()) mismatches.add(file + " [" + filter + "]: tcpdump counts, we got " + e);
                    continue;
                }
                if (!m.find()) {
                    mismatches.add(file + " [" + filter + "]: tcpdump refused (" + oracle.err().strip() + "), we read "
                            + got);
                    continue;
                }
                compared++;
                long expected = Long.parseLong(m.group(1));
                matched += expected;
                if (expected != got) mismatches.add(file + " [" + filter + "]: " + got + ", tcpdump " + expected);
            }
        }
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " differ:\n" + String.join("\n", mismatches.subList(0,
                    Math.min(20, mismatches.size()))));
        }
        assertTrue(compared > 2000 && matched > 1000, compared + " runs compared, " + matched + " packets");
        System.out.printf("filters: %d runs agree with tcpdump (%d packets), %d refused by both%n", compared, matched,
                refused);
    }
}
