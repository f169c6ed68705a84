package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.epcap.testing.Tools;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one-line output's tcpdump flags against tcpdump itself on the representative corpus
 * files: the time column of -t to -ttttt (micro and nano), -e's link header, the dumps of
 * -x, -xx, -X, -XX, -A and -AA, byte for byte.
 */
class TcpdumpFlagsTest {

    static List<String> files() {
        return Corpus.REPRESENTATIVE;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void timeColumnsAreTcpdumps(String name) {
        Tools.assumePortProgram();
        String f = Corpus.file(name).toString();
        for (String t : new String[] {"", "-tt", "-ttt", "-tttt", "-ttttt"}) {
            for (boolean nano : new boolean[] {false, true}) {
                List<String> args = new ArrayList<>(List.of("-r", f, "-nn"));
                if (!t.isEmpty()) args.add(t);
                if (nano) args.add("--time-stamp-precision=nano");
                String theirs = Oracle.tcpdump(args.toArray(String[]::new));
                args.add("--oneline");
                Cli ours = Cli.run(args.toArray(String[]::new));
                assertEquals(0, ours.exit(), ours::toString);
                assertEquals(column(theirs, t), column(ours.out(), t), name + " " + t + (nano ? " nano" : ""));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void linkHeaderIsTcpdumps(String name) {
        Tools.assumePortProgram();
        String f = Corpus.file(name).toString();
        // -tt marks each packet's first line: tcpdump adds more lines for some protocols.
        List<String> theirs = packetLines(Oracle.tcpdump("-r", f, "-nn", "-tt", "-e"));
        Cli ours = Cli.run("-r", f, "-tt", "-e");
        assertEquals(0, ours.exit(), ours::toString);
        List<String> mine = packetLines(ours.out());
        assertEquals(theirs.size(), mine.size(), name);
        int compared = 0;
        for (int i = 0; i < theirs.size(); i++) {
            String t = linkPart(theirs.get(i));
            if (t == null || t.contains("Unknown") || t.contains("802.3")) {
                continue; // no link column (raw IP), or one tcpdump names from tables sniff lacks
            }
            assertEquals(t, linkPart(mine.get(i)), name + " packet " + (i + 1) + "\n" + theirs.get(i) + "\n" + mine.get(i));
            compared++;
        }
        assertTrue(compared > 0 || name.contains("RAW") || name.contains("LINKTYPE_IPV"), "nothing compared in " + name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void hexDumpsAreTcpdumps(String name) {
        Tools.assumePortProgram();
        String f = Corpus.file(name).toString();
        for (String flag : new String[] {"-x", "-xx", "-X", "-XX"}) {
            String theirs = dumpRows(Oracle.tcpdump("-r", f, "-nn", flag));
            Cli ours = Cli.run("-r", f, flag);
            assertEquals(0, ours.exit(), ours::toString);
            assertFalse(theirs.isEmpty(), name + " " + flag);
            assertEquals(theirs, dumpRows(ours.out()), name + " " + flag);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void asciiDumpsAreTcpdumps(String name) {
        Tools.assumePortProgram();
        String f = Corpus.file(name).toString();
        // Each packet starts with its -tt time: split both outputs there, drop the summary line.
        Cli times = Cli.run("-r", f, "-tt", "-q");
        List<String> stamps = times.out().lines().map(l -> l.substring(0, l.indexOf(' ') + 1)).toList();
        // Where tcpdump's summary of a packet takes more than one line (CDP, OpenFlow), its dump
        // cannot be told from the summary: those packets are left out.
        List<String> extra = asciiBodies(Oracle.tcpdump("-r", f, "-nn", "-tt"), stamps);
        int compared = 0;
        for (String flag : new String[] {"-A", "-AA"}) {
            List<String> theirs = asciiBodies(Oracle.tcpdump("-r", f, "-nn", "-tt", flag), stamps);
            Cli ours = Cli.run("-r", f, "-tt", flag);
            assertEquals(0, ours.exit(), ours::toString);
            List<String> mine = asciiBodies(ours.out(), stamps);
            for (int i = 0; i < stamps.size(); i++) {
                if (extra.get(i).isEmpty()) {
                    assertEquals(theirs.get(i), mine.get(i), name + " " + flag + " packet " + (i + 1));
                    compared++;
                }
            }
        }
        assertTrue(compared > 0, "no packet of " + name + " compared");
    }

    /**
     * TCP lines are tcpdump's up to the length, and after it where tcpdump names HTTP or DNS
     * (other application protocols over TCP, such as SSH, sniff does not name): with -S,
     * absolute sequence numbers; without, tcpdump's relative ones (and SACK blocks).
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"tcpdump/dns_tcp.pcap", "tcpdump/tcp-handshake-nano.pcap",
        "tcpdump/ipv4_tcp_http_xml.pcap", "tcpdump/tcp_eight_lowest_weight_flags_set.pcap", "tcpdump/tcp_rst_diag_payload.pcap",
        "tcpdump/of10_7050q.pcapng"})
    void tcpLinesAreTcpdumps(String name) {
        Tools.assumePortProgram();
        String f = Corpus.file(name).toString();
        for (String numbers : List.of("-S", "")) {
            List<String> tcpdump = new ArrayList<>(List.of("-r", f, "-nn", "-tt"));
            List<String> sniff = new ArrayList<>(List.of("-r", f, "-tt", "--oneline"));
            if (!numbers.isEmpty()) {
                tcpdump.add(numbers);
                sniff.add(numbers);
            }
            List<String> theirs = Oracle.tcpdump(tcpdump.toArray(String[]::new)).lines()
                    .filter(l -> l.contains(": Flags [")).map(l -> l.replaceFirst("(, length \\d++)(?!: HTTP| \\d| \\[).*", "$1"))
                    .toList();
            Cli ours = Cli.run(sniff.toArray(String[]::new));
            assertEquals(0, ours.exit(), ours::toString);
            assertFalse(theirs.isEmpty(), name);
            assertEquals(theirs, ours.out().lines().filter(l -> l.contains(": Flags [")).toList(), name + " " + numbers);
        }
    }

    private static List<String> packetLines(String out) {
        return out.lines().filter(l -> l.matches("^\\d+\\.\\d+ .*")).map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }

    // The time column of each packet's first line (tcpdump adds lines, indented, for some protocols).
    private static List<String> column(String out, String t) {
        List<String> c = new ArrayList<>();
        Pattern p = switch (t) {
            case "" -> Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d+) ");
            case "-tt" -> Pattern.compile("^(\\d+\\.\\d+) ");
            case "-tttt" -> Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+) ");
            default -> Pattern.compile("^([ -]\\d\\d+:\\d\\d:\\d\\d\\.\\d+) ");
        };
        for (String line : out.lines().toList()) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                c.add(m.group(1));
            } else if (!line.startsWith("\t") && !line.startsWith(" ")) {
                c.add("(no time column) " + line);
            }
        }
        return c;
    }

    // -e's column: up to "length N: " (Ethernet, Linux cooked, BSD loopback), or null.
    private static String linkPart(String line) {
        Matcher m = Pattern.compile("^(.*?, length \\d+: )").matcher(line);
        return m.find() ? m.group(1) : null;
    }

    private static String dumpRows(String out) {
        StringBuilder sb = new StringBuilder();
        out.lines().filter(l -> l.startsWith("\t0x")).forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    private static List<String> asciiBodies(String out, List<String> stamps) {
        List<String> bodies = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < stamps.size(); i++) {
            assertTrue(out.startsWith(stamps.get(i), from), "packet " + (i + 1) + " does not start with " + stamps.get(i));
            int bodyStart = out.indexOf('\n', from) + 1;
            int next = i + 1 < stamps.size() ? out.indexOf("\n" + stamps.get(i + 1), bodyStart - 1) + 1 : out.length();
            bodies.add(out.substring(bodyStart, next));
            from = next;
        }
        return bodies;
    }
}
