package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.epcap.testing.Leaks;
import org.epcap.testing.Netns;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sniff's -L, -J, -y and -j (issue 16) with the real port and real packets, tcpdump the oracle:
 * the listings word for word on {@code lo}, {@code any} and a veth of the test's own
 * namespaces (tcpdump 4.99 writes them to stderr, sniff to stdout); captures with a type other
 * than the device's default written with -w and read back by tcpdump and by sniff; a
 * time-stamp type the device offers and one it does not; bad values.
 */
class LinkTypeSniffTest {
    private static Netns net;

    @BeforeAll
    static void network() {
        Tools.assumeRoot();
        Tools.assumePortProgram();
        Tools.assumeTool("tcpdump");
        net = Netns.create();
    }

    @AfterAll
    static void removeNetwork() {
        if (net != null) net.close();
    }

    @Test
    void listingsAreTcpdumpsWordForWord() {
        for (String iface : List.of("lo", "any")) {
            for (String flag : List.of("-L", "-J")) {
                Cli cli = Cli.run(flag, "-i", iface);
                assertEquals(0, cli.exit(), cli::toString);
                assertEquals(tcpdumpSays(List.of(Oracle.tool("tcpdump"), flag, "-i", iface)), cli.out(), flag + " -i " + iface);
            }
        }
        for (String flag : List.of("-L", "--list-data-link-types", "-J", "--list-time-stamp-types")) {
            Cli cli = Cli.run(flag, "-i", net.vethB(), "--exec", net.execIn(net.b()));
            assertEquals(0, cli.exit(), cli::toString);
            String short_ = flag.equals("--list-data-link-types") ? "-L" : flag.equals("--list-time-stamp-types") ? "-J" : flag;
            assertEquals(tcpdumpSays(List.of("ip", "netns", "exec", net.b(), Oracle.tool("tcpdump"), short_, "-i", net.vethB())),
                    cli.out(), flag + " on a veth");
        }
        Cli veth = Cli.run("-L", "-i", net.vethB(), "--exec", net.execIn(net.b()));
        assertEquals("Data link types for " + net.vethB() + " (use option -y to set):\n  EN10MB (Ethernet)\n"
                + "  DOCSIS (DOCSIS) (printing not supported)\n", veth.out(), "sniff decodes Ethernet, not DOCSIS");
    }

    /** What tcpdump prints for a listing (4.99 writes it to stderr; stdout is taken too). */
    private static String tcpdumpSays(List<String> argv) {
        Tools.Result r = Tools.run(argv);
        assertEquals(0, r.status(), () -> argv + ": " + r.err());
        return r.out() + r.err();
    }

    @Test
    void anyWithLinuxSll2WritesAFileTcpdumpReadsAsCookedV2(@TempDir Path dir) throws Exception {
        try (DatagramSocket sock = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int port = sock.getLocalPort();
            for (String type : List.of("LINUX_SLL2", "LINUX_SLL")) {
                Path file = dir.resolve(type + ".pcap");
                CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> Cli.run(
                        "-i", "any", "-y", type, "-c", "3", "-w", file.toString(), "udp dst port " + port));
                sendUntilDone(run, () -> {
                    byte[] b = "epcap-linktype".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    sock.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
                });
                Cli cli = run.get(20, TimeUnit.SECONDS);
                assertEquals(0, cli.exit(), cli::toString);
                assertEquals(type.equals("LINUX_SLL2") ? 276 : 113, pcapLinkType(file), type + " in the file's header");

                Tools.Result theirs = Tools.run(List.of(Oracle.tool("tcpdump"), "-nn", "-r", file.toString()));
                assertEquals(0, theirs.status(), theirs::err);
                String cooked = type.equals("LINUX_SLL2") ? "LINUX_SLL2 (Linux cooked v2)" : "LINUX_SLL (Linux cooked v1)";
                assertTrue(theirs.err().contains("link-type " + cooked), theirs.err());
                List<String> lines = theirs.out().lines().toList();
                assertEquals(3, lines.size(), theirs.out());
                for (String l : lines) {
                    assertTrue(l.contains("IP 127.0.0.1.") && l.contains("> 127.0.0.1." + port + ": UDP, length 14"), l);
                }
                // sniff reads its own file back through the codec's cooked header.
                Cli back = Cli.run("-r", file.toString(), "-nn", "-q");
                assertEquals(0, back.exit(), back::toString);
                List<String> ours = back.out().lines().toList();
                assertEquals(3, ours.size(), back::toString);
                for (String l : ours) assertTrue(l.contains("127.0.0.1." + port + ": UDP, length 14"), back::toString);
            }
        }
    }

    @Test
    void docsisOnAVethLabelsTheFileAndHostTimeStampsWork(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("docsis.pcap");
        // libpcap compiles no filter for DOCSIS: the namespace's own traffic is the test's.
        CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> Cli.run("-i", net.vethB(),
                "--exec", net.execIn(net.b()), "-y", "DOCSIS", "-j", "host", "-c", "2", "-w", file.toString()));
        sendUntilDone(run, () -> net.sendUdp(net.a(), net.ipB(), 7017, 1, 32));
        Cli cli = run.get(20, TimeUnit.SECONDS);
        assertEquals(0, cli.exit(), cli::toString);
        assertEquals(143, pcapLinkType(file), "DOCSIS in the file's header");
        Tools.Result theirs = Tools.run(List.of(Oracle.tool("tcpdump"), "-nn", "-r", file.toString()));
        assertTrue(theirs.err().contains("DOCSIS"), "tcpdump sees a DOCSIS file: " + theirs.err());

    }

    @Test
    void anUnsupportedTimeStampTypeAndBadValuesAreClearErrorsThatLeaveNothing() {
        Leaks before = Leaks.now();
        Cli listed = Cli.run("-J", "-i", net.vethB(), "--exec", net.execIn(net.b()));
        String missing = List.of("adapter_unsynced", "adapter", "host_hiprec", "host_lowprec").stream()
                .filter(n -> !listed.out().contains("  " + n + " ")).findFirst().orElseThrow();
        Cli stamp = Cli.run("-i", net.vethB(), "--exec", net.execIn(net.b()), "-j", missing, "-c", "1");
        assertEquals(1, stamp.exit(), stamp::toString);
        assertTrue(stamp.err().contains("TSTAMP_TYPE_NOT_SUPPORTED") && stamp.err().contains(missing), stamp::toString);

        Cli link = Cli.run("-i", "lo", "-y", "LINUX_SLL2", "-c", "1");
        assertEquals(1, link.exit(), link::toString);
        assertTrue(link.err().contains("LINK_TYPE_NOT_SUPPORTED") && link.err().contains("EN10MB"), link::toString);

        Cli unknown = Cli.run("-i", "lo", "-y", "NO_SUCH_TYPE", "-c", "1");
        assertEquals(1, unknown.exit(), unknown::toString);
        assertTrue(unknown.err().contains("not a link-layer type libpcap knows"), unknown::toString);

        List<String[]> usage = new ArrayList<>();
        usage.add(new String[] {"-i", "lo", "-y", "EN10MB;id"});
        usage.add(new String[] {"-i", "lo", "-y", "-1"});
        usage.add(new String[] {"-i", "lo", "-j", "$(id)"});
        usage.add(new String[] {"-i", "lo", "-j", "A".repeat(200)});
        usage.add(new String[] {"-r", "x.pcap", "-y", "EN10MB"});
        usage.add(new String[] {"-r", "x.pcap", "-L"});
        for (String[] args : usage) {
            Cli cli = Cli.run(args);
            assertEquals(2, cli.exit(), cli::toString);
            assertTrue(cli.err().startsWith("sniff: -y") || cli.err().startsWith("sniff: -j")
                    || cli.err().startsWith("sniff: -L") || cli.err().startsWith("sniff: -r"), cli::toString);
        }
        Cli nosuch = Cli.run("-L", "-i", "epcapnosuch0");
        assertEquals(1, nosuch.exit(), nosuch::toString);
        assertTrue(nosuch.err().contains("NO_SUCH_DEVICE"), nosuch::toString);
        Leaks left = Leaks.now().since(before);
        assertTrue(left.isEmpty(), "every port was reaped, its pipes closed: " + left);
    }

    /** The link type in a classic pcap file's header, whichever byte order it was written in. */
    private static int pcapLinkType(Path file) throws java.io.IOException {
        byte[] h = Files.readAllBytes(file);
        assertTrue(h.length >= 24, file + " has a header");
        boolean little = (h[0] & 0xff) == 0xd4 || (h[0] & 0xff) == 0x4d;
        return little ? (h[20] & 0xff) | (h[21] & 0xff) << 8 : (h[22] & 0xff) << 8 | (h[23] & 0xff);
    }

    private interface Send {
        void send() throws Exception;
    }

    // Sends until the capture is done: at most 50 times, 15 s.
    private static void sendUntilDone(CompletableFuture<?> done, Send send) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        for (int i = 0; i < 50 && !done.isDone() && System.nanoTime() < deadline; i++) {
            send.send();
            Thread.sleep(200);
        }
    }
}
