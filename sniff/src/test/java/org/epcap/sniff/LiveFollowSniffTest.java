package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.epcap.testing.Netns;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sniff --follow on a live capture: TCP conversations between the test's own namespaces,
 * captured on B's end of the veth pair with -w as well. Every stream sniff printed live equals
 * tshark's follow of the file sniff saved (the same packets), and the conversation's bytes, as
 * the client and server programs sent them, are there whole.
 */
class LiveFollowSniffTest {
    private static final String CLIENT_SENDS = "hello follow world\n";

    @Test
    void liveStreamsEqualTsharkFollowOfTheSavedPackets(@TempDir Path dir) throws Exception {
        Tools.assumeRoot();
        Tools.assumePortProgram();
        Path python = Tools.assumePython();
        Path saved = dir.resolve("live.pcap");
        try (Netns net = Netns.create()) {
            Process server = new ProcessBuilder("ip", "netns", "exec", net.b(), python.toString(), "-c", SERVER)
                    .redirectErrorStream(true).start();
            try {
                CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> Cli.run(
                        "-i", net.vethB(), "--exec", net.execIn(net.b()), "-c", "60", "-w", saved.toString(),
                        "--follow", "tcp port 9300"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!run.isDone() && System.nanoTime() < deadline) {
                    Tools.run(Duration.ofSeconds(15), List.of("ip", "netns", "exec", net.a(), python.toString(),
                            "-c", CLIENT, net.ipB()));
                }
                Cli cli = run.get(10, TimeUnit.SECONDS);
                assertEquals(0, cli.exit(), cli::toString);

                Map<Integer, FollowBlocks.Block> ours = FollowBlocks.parse(cli.out());
                assertTrue(ours.size() >= 2, "several conversations: " + cli);
                List<String> cmd = new ArrayList<>(List.of(Oracle.tool("tshark"), "-n", "-q", "-r", saved.toString()));
                for (int i = 0; i < ours.size() + 2; i++) {
                    cmd.add("-z");
                    cmd.add("follow,tcp,raw," + i);
                }
                Map<Integer, FollowBlocks.Block> theirs = FollowBlocks.parse(Tools.check(cmd));
                boolean whole = false;
                for (FollowBlocks.Block o : ours.values()) {
                    FollowBlocks.Block t = theirs.get(o.index());
                    assertTrue(t != null && !t.empty(), "tshark follows stream " + o.index());
                    assertEquals(List.of(t.node0(), t.node1()), List.of(o.node0(), o.node1()), "stream " + o.index());
                    assertEquals(t.body(), o.body(), "stream " + o.index());
                    whole |= text(FollowBlocks.ofNode(o.body(), 0)).equals(CLIENT_SENDS)
                            && text(FollowBlocks.ofNode(o.body(), 1)).equals(reply(CLIENT_SENDS));
                }
                assertTrue(whole, "one conversation is there whole, both ways:\n" + cli.out());
            } finally {
                server.destroyForcibly();
                server.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Accepts conversations on port 9300: reads to the end, answers "reply:" and the bytes reversed. */
    private static final String SERVER = String.join("\n",
            "import socket",
            "s = socket.socket()",
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "s.bind(('0.0.0.0', 9300))",
            "s.listen(8)",
            "s.settimeout(60)",
            "while True:",
            "    c, _ = s.accept()",
            "    data = b''",
            "    while True:",
            "        d = c.recv(65536)",
            "        if not d: break",
            "        data += d",
            "    c.sendall(b'reply:' + data[::-1])",
            "    c.close()",
            "");

    /** One conversation: the message in three writes, a half-close, the whole reply read. */
    private static final String CLIENT = String.join("\n",
            "import socket, sys, time",
            "for attempt in range(50):",
            "    try:",
            "        c = socket.create_connection((sys.argv[1], 9300), timeout=5)",
            "        break",
            "    except OSError:",
            "        time.sleep(0.1)",
            "for m in [b'hello ', b'follow ', b'world\\n']:",
            "    c.sendall(m)",
            "    time.sleep(0.02)",
            "c.shutdown(socket.SHUT_WR)",
            "while c.recv(65536): pass",
            "c.close()",
            "");

    private static String reply(String sent) {
        return "reply:" + new StringBuilder(sent).reverse();
    }

    // The bytes of raw chunk lines, as text.
    private static String text(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(new String(HexFormat.of().parseHex(l.strip()), StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }
}
