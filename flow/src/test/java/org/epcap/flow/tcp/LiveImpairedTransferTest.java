package org.epcap.flow.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;
import org.junit.jupiter.api.Test;

/**
 * A real transfer through a lossy, reordering, duplicating link: a client namespace and a server
 * namespace (169.254.77.0/30), each joined by a veth pair to a middle namespace where
 * {@code l2-impair.py} bridges the two, losing 1 %, duplicating 1 % and reordering 5 % of the
 * frames each way (the kernel here has no {@code sch_netem}, so {@code tc qdisc … netem} cannot
 * do it; the bridge does the same in user space, seeded). A Python client sends 16 MiB of random
 * bytes to a Python server that sends 8 MiB back, each printing the SHA-256 of what it sent and
 * received. tcpdump captures on the client's interface; the capture, reassembled, must give both
 * directions with exactly those digests and no gap (tcpdump reports no drop).
 *
 * <p>The capture is tcpdump's, not the port's: this module depends on the codec only. The senders'
 * interfaces have GSO limited to one segment, so that the bridge forwards frames of the link's
 * size. Everything is created and removed by the test; every process is bounded in time.
 */
class LiveImpairedTransferTest {
    private static final int PORT = 5001;
    private static final int CLIENT_BYTES = 16 << 20;
    private static final int SERVER_BYTES = 8 << 20;
    private static final String IMPAIR = "loss 0.01 duplicate 0.01 reorder 0.05";

    @Test
    void bothDirectionsThroughALossyReorderingLinkReassembleToWhatEachSideSent() throws Exception {
        TsharkFollow.require("ip");
        String tcpdump = TsharkFollow.require("tcpdump");
        String python = TsharkFollow.require("python3");
        assertEquals("0", run(List.of("id", "-u"), 10).trim(), "this test builds namespaces: it runs as root");
        Path script = Path.of(getClass().getResource("/tcp-transfer.py").toURI());
        Path bridge = Path.of(getClass().getResource("/l2-impair.py").toURI());
        long pid = ProcessHandle.current().pid();
        String nsA = "eptcpa" + pid;
        String nsM = "eptcpm" + pid;
        String nsB = "eptcpb" + pid;
        String vA = "eta" + pid % 1_000_000;
        String mA = "ema" + pid % 1_000_000;
        String mB = "emb" + pid % 1_000_000;
        String vB = "etb" + pid % 1_000_000;
        Path pcap = Files.createTempFile("impaired-transfer", ".pcap");
        List<Process> started = new ArrayList<>();
        String client;
        String server;
        String tcpdumpEnd;
        String bridgeEnd;
        try {
            for (String ns : List.of(nsA, nsM, nsB)) {
                run(List.of("ip", "netns", "add", ns), 10);
                run(List.of("ip", "-n", ns, "link", "set", "lo", "up"), 10);
            }
            run(List.of("ip", "link", "add", vA, "netns", nsA, "type", "veth", "peer", "name", mA, "netns", nsM), 10);
            run(List.of("ip", "link", "add", vB, "netns", nsB, "type", "veth", "peer", "name", mB, "netns", nsM), 10);
            run(List.of("ip", "-n", nsA, "addr", "add", "169.254.77.1/30", "dev", vA), 10);
            run(List.of("ip", "-n", nsB, "addr", "add", "169.254.77.2/30", "dev", vB), 10);
            for (String[] nv : new String[][] {{nsA, vA}, {nsM, mA}, {nsM, mB}, {nsB, vB}}) {
                run(List.of("ip", "-n", nv[0], "link", "set", nv[1], "gso_max_segs", "1", "gso_max_size", "1500"), 10);
                run(List.of("ip", "-n", nv[0], "link", "set", nv[1], "up"), 10);
            }
            List<String> impair = new ArrayList<>(List.of("ip", "netns", "exec", nsM, python, bridge.toString(),
                    mA, mB, "13"));
            for (String w : IMPAIR.split(" ")) {
                if (!Character.isLetter(w.charAt(0))) {
                    impair.add(w);
                }
            }
            impair.add("120");
            Process br = start(started, impair);
            BufferedReader brOut = new BufferedReader(new InputStreamReader(br.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", brOut.readLine());
            Process cap = start(started, List.of("ip", "netns", "exec", nsA, tcpdump, "-i", vA, "-s", "0",
                    "-B", "65536", "-U", "-n", "-w", pcap.toString(), "tcp port " + PORT));
            Lines capErr = new Lines(cap.getErrorStream());
            capErr.await("listening on", 20);
            Process srv = start(started, List.of("ip", "netns", "exec", nsB, python, script.toString(), "server",
                    "169.254.77.2", "" + PORT, "" + SERVER_BYTES, "60"));
            BufferedReader srvOut = new BufferedReader(new InputStreamReader(srv.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("listening", srvOut.readLine());
            client = run(List.of("ip", "netns", "exec", nsA, python, script.toString(), "client",
                    "169.254.77.2", "" + PORT, "" + CLIENT_BYTES, "60"), 120);
            assertTrue(srv.waitFor(60, TimeUnit.SECONDS), "the server ends after its connection");
            server = srvOut.readLine();
            // tcpdump may lag behind on a loaded machine, and what it has not read from the kernel
            // when it stops is neither written nor counted as dropped: wait until the file stops
            // growing (-U writes each packet as it is read).
            long size = -1;
            long stableSince = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() - stableSince < TimeUnit.MILLISECONDS.toNanos(1500)
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
                long now = Files.size(pcap);
                if (now != size) {
                    size = now;
                    stableSince = System.nanoTime();
                }
            }
            // SIGTERM (not Process.destroy, which closes the streams): tcpdump flushes the file
            // and prints its counts, the bridge prints its own.
            run(List.of("kill", "-TERM", "" + cap.pid()), 10);
            assertTrue(cap.waitFor(20, TimeUnit.SECONDS), "tcpdump stops on SIGTERM");
            tcpdumpEnd = capErr.all(10);
            run(List.of("kill", "-TERM", "" + br.pid()), 10);
            assertTrue(br.waitFor(20, TimeUnit.SECONDS), "the bridge stops on SIGTERM");
            bridgeEnd = String.valueOf(brOut.readLine());
        } finally {
            for (Process p : started) {
                p.destroyForcibly();
            }
            for (String ns : List.of(nsA, nsM, nsB)) {
                run(List.of("ip", "netns", "del", ns), 10, false);
            }
        }
        boolean passed = false;
        try {
            Matcher dropped = Pattern.compile("(\\d+) packets dropped by kernel").matcher(tcpdumpEnd);
            assertTrue(dropped.find(), "tcpdump's counts: " + tcpdumpEnd);
            assertEquals("0", dropped.group(1), "tcpdump dropped packets: the capture is incomplete");
            Map<String, String> c = fields(client);
            Map<String, String> s = fields(server);
            assertEquals(c.get("sent"), s.get("received"), "TCP itself delivered what the client sent");
            assertEquals(s.get("sent"), c.get("received"), "TCP itself delivered what the server sent");

            Digests d = new Digests();
            TcpReassembler r = new TcpReassembler(ReassemblyConfig.defaults(), d);
            try (PcapReader in = PcapReader.open(pcap)) {
                for (PcapRecord p; (p = in.next()) != null; ) {
                    r.acceptFrame(p.dataLinkType(), p.timeNanos(), p.data(), 0, p.data().length);
                }
            }
            r.flush();
            ReassemblyStats st = r.stats();
            System.out.println("impaired transfer (" + IMPAIR + "; bridge: " + bridgeEnd + "): " + st);
            assertEquals(1, d.connections, "one connection");
            assertEquals(0, st.gaps(), "nothing missing");
            assertTrue(st.overlapBytes() > 0, "netem's duplicates and TCP's retransmissions were seen and dropped");
            assertEquals(c.get("sent"), d.hex(Side.CLIENT), "client → server, reassembled");
            assertEquals(s.get("sent"), d.hex(Side.SERVER), "server → client, reassembled");
            assertEquals(CLIENT_BYTES + SERVER_BYTES, st.bytesDelivered());
            assertEquals(EndReason.FIN, d.ends[0]);
            assertEquals(EndReason.FIN, d.ends[1]);
            passed = true;
        } finally {
            if (passed) {
                Files.deleteIfExists(pcap);
            } else {
                System.out.println("the capture is kept for a look: " + pcap);
            }
        }
    }

    /** SHA-256 of each direction of the one connection expected. */
    private static final class Digests implements StreamHandler {
        final MessageDigest[] sha = {sha256(), sha256()};
        final EndReason[] ends = new EndReason[2];
        int connections;

        @Override
        public void onStart(TcpConnection c) {
            connections++;
        }

        @Override
        public void onData(TcpConnection c, Side side, byte[] data, int offset, int length) {
            sha[side.ordinal()].update(data, offset, length);
        }

        @Override
        public void onEnd(TcpConnection c, Side side, EndReason reason) {
            ends[side.ordinal()] = reason;
        }

        String hex(Side side) {
            return HexFormat.of().formatHex(sha[side.ordinal()].digest());
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Map<String, String> fields(String line) {
        assertTrue(line != null && line.startsWith("sent="), "transfer output: " + line);
        Map<String, String> m = new java.util.HashMap<>();
        for (String kv : line.trim().split(" ")) {
            String[] p = kv.split("=", 2);
            m.put(p[0], p[1]);
        }
        return m;
    }

    private static Process start(List<Process> started, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        started.add(p);
        return p;
    }

    /** Collects a process's output on a thread of its own, so that nothing blocks on a full pipe. */
    private static final class Lines {
        private final StringBuilder text = new StringBuilder();
        private final Thread reader;

        Lines(java.io.InputStream in) {
            reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (text) {
                            text.append(line).append('\n');
                            text.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            }, "test-output-reader");
            reader.setDaemon(true);
            reader.start();
        }

        void await(String needle, int seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            synchronized (text) {
                while (text.indexOf(needle) < 0) {
                    long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                    if (left <= 0) {
                        throw new AssertionError("no '" + needle + "' within " + seconds + " s: " + text);
                    }
                    text.wait(left);
                }
            }
        }

        String all(int seconds) throws InterruptedException {
            reader.join(TimeUnit.SECONDS.toMillis(seconds));
            synchronized (text) {
                return text.toString();
            }
        }
    }

    private static String run(List<String> cmd, int seconds) throws Exception {
        return run(cmd, seconds, true);
    }

    private static String run(List<String> cmd, int seconds, boolean check) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] out;
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("timed out after " + seconds + " s: " + cmd);
        }
        out = p.getInputStream().readAllBytes();
        String text = new String(out, StandardCharsets.UTF_8);
        if (check && p.exitValue() != 0) {
            throw new AssertionError(cmd + " exited " + p.exitValue() + ": " + text);
        }
        return text;
    }
}
