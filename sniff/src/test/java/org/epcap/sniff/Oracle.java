package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.epcap.testing.Tools;

/**
 * tcpdump, tshark and jq as oracles. A missing tool fails the test with the command that
 * installs it: CI installs them all (bin/install-deps), so a skip would only hide a gap.
 */
final class Oracle {
    private Oracle() {
    }

    static String tool(String name) {
        var p = Tools.find(name);
        assertNotNull(p, name + " is missing: run bin/install-deps (as root)");
        return p.toString();
    }

    /** tcpdump's stdout for {@code args}, which must succeed. */
    static String tcpdump(String... args) {
        List<String> cmd = new ArrayList<>(List.of(tool("tcpdump")));
        cmd.addAll(List.of(args));
        Tools.Result r = Tools.run(Duration.ofSeconds(60), cmd);
        assertEquals(0, r.status(), () -> cmd + ": " + r.err());
        return r.out();
    }

    /**
     * {@code file} printed by {@code tcpdump -nn -t FLAG} and by {@code sniff -t FLAG} (and
     * {@code sniffOptions}): asserts the lines are the same, naming each that differs, and
     * returns tcpdump's.
     */
    static List<String> sameLinesAsTcpdump(java.nio.file.Path file, String flag, String... sniffOptions) {
        List<String> theirs = tcpdump("-nn", "-t", flag, "-r", file.toString()).lines().toList();
        List<String> argv = new ArrayList<>(List.of("-r", file.toString(), "-t", flag));
        argv.addAll(List.of(sniffOptions));
        Cli ours = Cli.run(argv.toArray(String[]::new));
        assertEquals(0, ours.exit(), ours::toString);
        List<String> mine = ours.out().lines().toList();
        StringBuilder differ = new StringBuilder();
        for (int i = 0; i < theirs.size(); i++) {
            String o = i < mine.size() ? mine.get(i) : "(no line)";
            if (!theirs.get(i).equals(o)) {
                differ.append(flag).append(" line ").append(i + 1).append("\n  tcpdump: ").append(theirs.get(i))
                        .append("\n  sniff:   ").append(o).append('\n');
            }
        }
        assertEquals("", differ.toString());
        assertEquals(theirs.size(), mine.size(), flag);
        return theirs;
    }
}
