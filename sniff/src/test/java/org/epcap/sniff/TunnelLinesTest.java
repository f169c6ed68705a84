package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;

/**
 * VXLAN and Geneve lines, with the line of the frame inside, against tcpdump's on every file of
 * the tcpdump corpus in which tcpdump finds such a tunnel, with and without {@code -e}. tcpdump
 * runs with {@code -S}, the absolute sequence numbers sniff prints. A packet is its time line
 * and the lines under it (VXLAN's inner frame has a line of its own); each must be tcpdump's or
 * fall in one of the named {@link Difference}s.
 */
class TunnelLinesTest {

    static final String FILTER = "udp port 4789 or udp port 6081";

    /** Why a packet may differ from tcpdump's; each must occur in the corpus, or leave this list. */
    enum Difference {
        /**
         * Captures made before segmentation offload (BIG TCP, GSO) carry an IP length of 0 or one
         * past the capture: tcpdump stops at {@code bad-len 0} or {@code [|udp]}, sniff reads on.
         */
        TCPDUMP_STOPS_AT_IP_LENGTH,
        /** tcpdump names an application protocol inside the tunnel (SSH) after the TCP length; sniff does not. */
        INNER_APPLICATION_NAMED
    }

    @Test
    void tunnelsAreTcpdumps() throws IOException {
        Tools.assumePortProgram();
        String tcpdump = Oracle.tool("tcpdump");
        List<Path> files;
        try (Stream<Path> s = Files.list(org.epcap.pkt.testing.Corpus.root().resolve("tcpdump"))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        int filesUsed = 0;
        int compared = 0;
        int equal = 0;
        Map<Difference, Integer> differences = new LinkedHashMap<>();
        List<String> unexplained = new ArrayList<>();
        for (Path f : files) {
            Tools.Result r = Tools.run(Duration.ofSeconds(60), List.of(tcpdump, "-nn", "-tt", "-r", f.toString(), FILTER));
            if (r.status() != 0 || r.out().isEmpty()) {
                continue;
            }
            filesUsed++;
            for (String flag : new String[] {"-n", "-e"}) { // -n: a flag that changes nothing for sniff
                List<String> theirs = packets(Oracle.tcpdump("-nn", "-tt", flag, "-r", f.toString(), FILTER));
                Cli cli = Cli.run("-r", f.toString(), "-tt", flag, FILTER);
                assertEquals(0, cli.exit(), cli::toString);
                List<String> ours = packets(cli.out());
                String name = f.getFileName() + " " + flag;
                assertEquals(theirs.size(), ours.size(), name + ": packets");
                for (int i = 0; i < theirs.size(); i++) {
                    compared++;
                    String t = theirs.get(i);
                    String o = ours.get(i);
                    if (t.equals(o)) {
                        equal++;
                    } else if (t.matches("(?s).*(bad-len 0|\\[\\|udp\\])") && !o.contains("[|")) {
                        differences.merge(Difference.TCPDUMP_STOPS_AT_IP_LENGTH, 1, Integer::sum);
                    } else if (t.startsWith(o + ": ") && !t.substring(o.length()).contains("\n")) {
                        differences.merge(Difference.INNER_APPLICATION_NAMED, 1, Integer::sum);
                    } else {
                        unexplained.add(name + " packet " + (i + 1) + "\n  tcpdump: " + t + "\n  sniff:   " + o);
                    }
                }
            }
        }
        System.out.printf("tunnel lines: %d files, %d packets compared (with and without -e), %d equal, differences %s%n",
                filesUsed, compared, equal, differences);
        if (!unexplained.isEmpty()) {
            fail(unexplained.size() + " packets differ from tcpdump's for no listed reason:\n" + String.join("\n", unexplained));
        }
        for (Difference d : Difference.values()) {
            assertTrue(differences.containsKey(d), d + " no longer occurs: take it off the list");
        }
        assertTrue(filesUsed >= 10 && equal > compared / 2, filesUsed + " files, " + equal + " of " + compared + " equal");
    }

    // Each packet's text: its time line and the lines after it that start without a time.
    private static List<String> packets(String out) {
        List<String> packets = new ArrayList<>();
        StringBuilder cur = null;
        for (String line : out.lines().toList()) {
            if (line.matches("^\\d+\\.\\d+ .*")) {
                if (cur != null) {
                    packets.add(cur.toString());
                }
                cur = new StringBuilder(line);
            } else if (cur != null) {
                cur.append('\n').append(line);
            }
        }
        if (cur != null) {
            packets.add(cur.toString());
        }
        return packets;
    }
}
