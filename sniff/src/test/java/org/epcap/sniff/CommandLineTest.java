package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Usage (exit 2, naming the flag), capture errors (exit 1, the port's message), and --help. */
class CommandLineTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // arguments (space-separated)            | what the message must name
        "--bogus                                  | --bogus",
        "-c 0                                     | --count",
        "-c many                                  | --count",
        "-s 0                                     | --snaplen",
        "-s 300000                                | --snaplen",
        "-s big                                   | --snaplen",
        "-B 0                                     | --buffer",
        "--timeout soon                           | --timeout",
        "--timeout -5                             | --timeout",
        "-Q sideways                              | --direction",
        "--time-unit fortnight                    | --time-unit",
        "--cluster-id 256                         | --cluster-id",
        "--cluster-id x                           | --cluster-id",
        "--cpu-affinity 1,,2                      | --cpu-affinity",
        "--format octal                           | --format",
        "--stats-every 0                          | --stats-every",
        "--pcapng                                 | --pcapng",
        "-r a.pcap -i eth0                        | --interface",
        "-i                                       | --interface",
        "-w                                       | --write"})
    void badFlagOrValueIsUsageErrorNamingIt(String args, String named) {
        Cli cli = Cli.run(args.strip().split("\\s+"));
        assertEquals(2, cli.exit(), cli::toString);
        assertTrue(cli.err().contains(named), () -> "the message should name " + named + "\n" + cli);
        assertEquals("", cli.out(), "usage errors go to stderr");
    }

    /** --doctor prints Epcap.diagnose's report: this build's port, found through epcap.progname. */
    @Test
    void doctorReportsThePortAndItsRelease() {
        Path port = Tools.assumePortProgram();
        Cli cli = Cli.run("--doctor");
        assertTrue(cli.out().contains("port program: " + port + " (from PROPERTY)"), cli::toString);
        assertTrue(cli.out().contains("ok      release: port "), cli::toString);
        if (org.epcap.ExecPolicy.isRoot()) assertEquals(0, cli.exit(), cli::toString);
    }

    @Test
    void emptyUserIsUsageError() {
        Cli cli = Cli.run("--user", "", "-r", "x.pcap");
        assertEquals(2, cli.exit(), cli::toString);
        assertTrue(cli.err().contains("--user"), cli::toString);
    }

    @Test
    void missingDeviceIsCaptureErrorWithPortMessage() {
        Tools.assumeRoot(); // not root: the port would run through sudo -n, which may ask for a password
        Tools.assumePortProgram();
        Cli cli = Cli.run("-i", "nosuchdev0", "-c", "1");
        assertEquals(1, cli.exit(), cli::toString);
        assertTrue(cli.err().startsWith("sniff: "), cli::toString);
        assertTrue(cli.err().contains("NO_SUCH_DEVICE") && cli.err().contains("nosuchdev0"), cli::toString);
    }

    @Test
    void badFilterIsCaptureErrorWithLibpcapMessage() {
        Tools.assumePortProgram();
        Path file = Corpus.file("tcpdump/dns_udp.pcap");
        Cli cli = Cli.run("-r", file.toString(), "udp", "and", "and");
        assertEquals(1, cli.exit(), cli::toString);
        assertTrue(cli.err().contains("BAD_FILTER") && cli.err().contains("syntax error"), cli::toString);
    }

    @Test
    void missingFileIsCaptureError() {
        Tools.assumePortProgram();
        Cli cli = Cli.run("-r", "/nonexistent/trace.pcap");
        assertEquals(1, cli.exit(), cli::toString);
        assertTrue(cli.err().contains("FILE_ERROR") && cli.err().contains("/nonexistent/trace.pcap"), cli::toString);
    }

    @Test
    void filterWordsSelectPackets() {
        Tools.assumePortProgram();
        Path file = Corpus.file("tcpdump/vrrp.pcap");
        Cli all = Cli.run("-r", file.toString(), "--json");
        Cli v6 = Cli.run("-r", file.toString(), "--json", "ip6");
        assertEquals(0, v6.exit(), v6::toString);
        // tcpdump's count of the same filter on the same file is the oracle.
        Tools.Result t = Tools.run(java.util.List.of("tcpdump", "-r", file.toString(), "-nn", "ip6"));
        long expected = t.out().lines().count();
        assertEquals(expected, v6.out().lines().count(), v6::toString);
        assertTrue(expected > 0 && expected < all.out().lines().count());
    }

    @Test
    void countStopsAfterN() {
        Tools.assumePortProgram();
        Cli cli = Cli.run("-r", Corpus.file("tcpdump/vrrp.pcap").toString(), "-c", "7", "--json");
        assertEquals(0, cli.exit(), cli::toString);
        assertEquals(7, cli.out().lines().count());
        assertTrue(cli.err().contains("7 packets captured"), cli::toString);
    }

    @Test
    void helpListsEveryFlagAndExitCodes() {
        Cli cli = Cli.run("--help");
        assertEquals(0, cli.exit(), cli::toString);
        for (String flag : new String[] {"--interface", "--file", "--write", "--pcapng", "--count", "--snaplen",
            "--promiscuous", "--monitor", "--buffer", "--timeout", "--direction", "--time-unit", "--nano",
            "--user", "--group", "--chroot", "--exec", "--cluster-id", "--cpu-affinity", "-v",
            "--list-interfaces", "--stats-every", "--json", "--format", "EXPRESSION", "Exit status",
            "--oneline", "-n", "-e", "-q", "-t", "-x", "-X", "-A", "--time-stamp-precision", "-l", "--packet-buffered",
            "-F", "-D", "-y", "-j", "--list-time-stamp-types", "-J", "--list-data-link-types", "--linktype", "--time-stamp-type", "-C", "-G", "-W", "-Z", "tcpdump's -p means the opposite"}) {
            // The help wraps its lines: compare with the words joined by single spaces.
            assertTrue(cli.out().replaceAll("\\s+", " ").contains(flag), () -> "--help lacks " + flag + "\n" + cli.out());
        }
    }

    @Test
    void listInterfacesShowsLoopback() {
        Tools.assumeRoot();
        Tools.assumePortProgram();
        for (String flag : new String[] {"-D", "--list-interfaces"}) {
            Cli cli = Cli.run(flag);
            assertEquals(0, cli.exit(), cli::toString);
            assertTrue(cli.out().lines().anyMatch(l -> l.matches("\\d+\\.lo\\b.*")), cli::toString);
        }
    }
}
