package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;

/**
 * sniff --follow against tshark's "Follow TCP Stream" ({@code tshark -q -z follow,tcp,MODE,N}) on
 * corpus captures, read through the port program: the same streams under the same indices and
 * nodes, the same chunks in the same order. Where the two differ by design (gaps, see
 * {@link FollowBlocks#comparable}), each node's lines are compared on their own, since tshark
 * puts its missing-bytes text where it saw the acknowledgement, not where the bytes belong.
 */
class FollowSniffTest {
    /**
     * Several streams per file (6 BGP sessions, 18 RESP connections, 4 SSH and HTTPS ones), a
     * retransmission (ssh.pcap) and retransmitted and out-of-order segments (pptp.pcap), Linux
     * cooked capture with nanoseconds, IPv6.
     */
    static final List<String> FILES = List.of(
            "tcpdump/bgp-4byte-asn.pcap", "tcpdump/resp_3_malicious.pcap", "tcpdump/kday2.pcap",
            "tcpdump/ssh.pcap", "tcpdump/pptp.pcap", "tcpdump/mptcp-v0.pcap", "tcpdump/dns_tcp.pcap",
            "tcpdump/tcp-handshake-nano.pcap", "tcpdump/gso-ipv6.pcap", "tcpdump/bgp-shutdown-msg-variations.pcap");

    @Test
    void everyStreamEqualsTsharkFollowRaw() {
        int streams = 0;
        for (String name : FILES) {
            streams += compareRaw(Corpus.file(name), List.of());
        }
        assertTrue(streams >= 30, "the files hold at least 30 streams with data, got " + streams);
    }

    /**
     * Gaps: bytes the receiver acknowledged that the capture lacks (bgp-role.pcapng), segments cut
     * by the snapshot length (tcp_rst_data-trunc.pcap). Each is a gap line in sniff's output.
     */
    @Test
    void gapsAreLinesWhereTsharkHasItsMissingBytesText() {
        for (String name : List.of("tcpdump/bgp-role.pcapng", "tcpdump/tcp_rst_data-trunc.pcap")) {
            Path file = Corpus.file(name);
            compareRaw(file, List.of());
            Cli cli = Cli.run("-r", file.toString(), "--follow");
            assertTrue(cli.out().lines().anyMatch(l -> l.strip().startsWith("[gap: ")), name + ": a gap line\n" + cli.out());
        }
    }

    /**
     * Buffers too small for the six interleaved BGP sessions: streams that ended print ahead of
     * their turn, open ones in parts, nothing is lost, and stderr counts both.
     */
    @Test
    void aFullBufferPrintsStreamsAheadAndInPartsWithoutLosingBytes() {
        Path file = Corpus.file("tcpdump/bgp-4byte-asn.pcap");
        for (String bound : List.of("0", "3000")) {
            compareRaw(file, List.of("--follow-buffer", bound));
            Cli cli = Cli.run("-r", file.toString(), "--follow", "--follow-buffer", bound);
            assertTrue(cli.err().matches("(?s).*filled: [1-9]\\d* stream\\(s\\) printed ahead of their turn, "
                    + "[1-9]\\d* block\\(s\\) printed before their stream ended.*"), bound + ": " + cli.err());
        }
    }

    @Test
    void oneStreamByIndex() {
        Path file = Corpus.file("tcpdump/bgp-4byte-asn.pcap");
        Cli cli = Cli.run("-r", file.toString(), "--follow-stream", "2");
        assertEquals(0, cli.exit(), cli.toString());
        assertEquals(tshark(file, "raw", 2, 3), cli.out());
    }

    /** The ascii and hex modes, byte for byte as tshark prints them. */
    @Test
    void asciiAndHexModesEqualTshark() {
        for (String name : List.of("tcpdump/ssh.pcap", "tcpdump/dns_tcp.pcap")) {
            Path file = Corpus.file(name);
            for (String mode : List.of("ascii", "hex")) {
                Cli cli = Cli.run("-r", file.toString(), "--follow-format", mode, "--follow-stream", "0");
                assertEquals(0, cli.exit(), cli.toString());
                assertEquals(tshark(file, mode, 0, 1), cli.out(), name + " " + mode);
            }
        }
    }

    @Test
    void badArgumentsAreUsageErrorsNamingTheFlag() {
        String file = Corpus.file("tcpdump/ssh.pcap").toString();
        // Each bad argument list, then what the one-line message must name.
        List<List<String>> cases = List.of(
                List.of("--follow-format", "binary", "--follow-format: must be raw, ascii or hex"),
                List.of("--follow-stream", "-1", "--follow-stream: must be a stream number"),
                List.of("--follow-stream", "two", "--follow-stream"),
                List.of("--follow-buffer", "-5", "--follow-buffer: must be a number of bytes"),
                List.of("--follow", "--json", "--follow prints TCP streams"),
                List.of("--follow", "--flows", "--follow prints TCP streams"),
                List.of("--follow", "-w", "-", "--follow would have nowhere to print"));
        for (List<String> c : cases) {
            List<String> argv = new ArrayList<>(List.of("-r", file));
            argv.addAll(c.subList(0, c.size() - 1));
            Cli cli = Cli.run(argv.toArray(String[]::new));
            assertEquals(2, cli.exit(), argv + ": " + cli);
            assertTrue(cli.err().startsWith("sniff: ") && cli.err().contains(c.get(c.size() - 1)), argv + ": " + cli.err());
            assertEquals("", cli.out(), argv + ": nothing on stdout");
        }
    }

    /** Compares sniff's raw blocks of {@code file} with tshark's; returns how many streams with data. */
    private static int compareRaw(Path file, List<String> extra) {
        List<String> argv = new ArrayList<>(List.of("-r", file.toString(), "--follow"));
        argv.addAll(extra);
        Cli cli = Cli.run(argv.toArray(String[]::new));
        assertEquals(0, cli.exit(), cli.toString());
        Map<Integer, FollowBlocks.Block> ours = FollowBlocks.parse(cli.out());
        Map<Integer, FollowBlocks.Block> theirs = FollowBlocks.parse(tshark(file, "raw", 0, ours.size() + 2));
        String name = file.getFileName().toString();
        int withData = 0;
        for (FollowBlocks.Block t : theirs.values()) {
            FollowBlocks.Block o = ours.get(t.index());
            String where = name + " stream " + t.index();
            if (t.empty()) {
                assertTrue(o == null || o.body().isEmpty(), where + ": tshark follows nothing, sniff " + o);
                continue;
            }
            assertNotNull(o, where + ": tshark follows it, sniff printed no block");
            assertEquals(List.of(t.mode(), t.node0(), t.node1()), List.of(o.mode(), o.node0(), o.node1()), where);
            List<String> want = FollowBlocks.comparable(t.body());
            List<String> got = FollowBlocks.comparable(o.body());
            if (want.stream().anyMatch(FollowBlocks::isGap) || got.stream().anyMatch(FollowBlocks::isGap)) {
                assertEquals(FollowBlocks.ofNode(want, 0), FollowBlocks.ofNode(got, 0), where + ", node 0");
                assertEquals(FollowBlocks.ofNode(want, 1), FollowBlocks.ofNode(got, 1), where + ", node 1");
            } else {
                assertEquals(want, got, where);
            }
            withData++;
        }
        for (FollowBlocks.Block o : ours.values()) {
            FollowBlocks.Block t = theirs.get(o.index());
            assertTrue(t != null, name + " stream " + o.index() + ": tshark has no such stream");
        }
        assertTrue(withData > 0, name + ": tshark follows data in it");
        return withData;
    }

    /** tshark's follow text of streams {@code from} to {@code to - 1}. */
    private static String tshark(Path file, String mode, int from, int to) {
        List<String> cmd = new ArrayList<>(List.of(Oracle.tool("tshark"), "-n", "-q", "-r", file.toString(),
                // OpenFlow carries whole frames: dissecting them moves the addresses the follow tap reads.
                "--disable-protocol", "openflow"));
        for (int i = from; i < to; i++) {
            cmd.add("-z");
            cmd.add("follow,tcp," + mode + "," + i);
        }
        Tools.Result r = Tools.run(Duration.ofSeconds(60), cmd);
        assertEquals(0, r.status(), () -> cmd + ": " + r.err());
        return r.out();
    }
}
