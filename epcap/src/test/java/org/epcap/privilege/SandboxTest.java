package org.epcap.privilege;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.epcap.BadFilterException;
import org.epcap.CaptureEnd;
import org.epcap.Epcap;
import org.epcap.Options;
import org.epcap.Packet;
import org.epcap.Stats;
import org.epcap.testing.Netns;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The port after READY, as the kernel sees it: nobody, no capabilities, no_new_privs, the
 * restriction of its build (seccomp filter or rlimits), the read-only jail as its root; and
 * everything the loop must still do (capture, STATS, SET_FILTER with named ports and
 * protocols, INJECT) works inside that sandbox.
 */
class SandboxTest {
    private static final String NOBODY = "65534";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void liveCaptureIsSandboxedAndStillWorks() {
        Path port = PortBuilds.port();
        try (Netns net = Netns.create()) {
            Options o = Options.builder().progname(port).exec(net.execIn(net.b())).interfaceName(net.vethB())
                    .inject(true).filter("udp").build();
            Options peer = Options.builder().progname(port).exec(net.execIn(net.a())).interfaceName(net.vethA())
                    .filter("udp port 7777").build();
            try (Epcap cap = Epcap.start(o); Epcap other = Epcap.start(peer)) {
                assertSandboxed(PortStatus.of(cap.pid()), cap.info().restrictMode());

                net.sendUdp(net.a(), net.ipB(), 5000, 20, 32);
                assertEquals(20, take(cap, 20, 5000).size(), "captured inside the sandbox");
                Stats s = cap.stats();
                assertTrue(s.available() && s.captured() >= 20 && s.received() >= 20, "STATS: " + s);

                // Named port (getaddrinfo -> etc/services in the jail), then a numeric one.
                cap.setFilter("udp port domain");
                net.sendUdp(net.a(), net.ipB(), 5000, 10, 32);
                net.sendUdp(net.a(), net.ipB(), 53, 10, 32);
                List<Packet> got = take(cap, 10, 53);
                assertEquals(10, got.size(), "only port 53 after 'udp port domain'");
                cap.setFilter("tcp port http or udp port domain");
                net.sendUdp(net.a(), net.ipB(), 80, 10, 32);
                net.sendUdp(net.a(), net.ipB(), 53, 10, 32);
                assertEquals(10, take(cap, 10, 53).size(), "UDP to 80 is not 'tcp port http'");
                cap.setFilter("ip proto \\tcp"); // getprotobyname -> etc/protocols
                net.sendUdp(net.a(), net.ipB(), 53, 10, 32);
                assertNull(cap.poll(Duration.ofMillis(500)), "'ip proto \\tcp' lets no UDP through");
                cap.setFilter("ip proto \\udp");
                net.sendUdp(net.a(), net.ipB(), 5001, 10, 32);
                assertEquals(10, take(cap, 10, 5001).size(), "'ip proto \\udp' lets UDP through");

                // Host names: the jail's etc/hosts answers; no DNS can (no socket in the sandbox),
                // so another name is a BadFilterException, and the port lives on.
                cap.setFilter("host localhost");
                assertThrows(BadFilterException.class, () -> cap.setFilter("host epcap-no-such-host.invalid"));
                cap.setFilter("udp");
                net.sendUdp(net.a(), net.ipB(), 5002, 10, 32);
                assertEquals(10, take(cap, 10, 5002).size(), "still capturing after the host names");

                byte[] frame = udpFrame(net, 7777);
                assertEquals(frame.length, cap.send(frame), "INJECT");
                Packet seen = other.poll(WAIT);
                assertNotNull(seen, "the injected frame arrives at the peer");
                assertArrayEquals(frame, seen.data(), "byte for byte");

                assertTrue(cap.end().isEmpty(), "still running: " + cap.end());
            }
        }
    }

    @Test
    void fileModeIsSandboxedAndServesRequests(@TempDir Path dir) throws Exception {
        Tools.assumeRoot();
        Path port = PortBuilds.port();
        Path pcapgen = PortBuilds.blast().resolveSibling("pcapgen");
        if (!Files.isExecutable(pcapgen)) Tools.run(List.of("make", "-C", pcapgen.getParent().toString(), "pcapgen"));
        Path file = dir.resolve("many.pcap");
        Tools.check(List.of(pcapgen.toString(), "small", "200000", file.toString()));
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        file.toFile().setReadable(true, false);

        // A small queue: the port blocks on the pipe and stays alive while we look at it.
        Options o = Options.builder().progname(port).file(file).queueBytes(64 << 10).build();
        try (Epcap cap = Epcap.start(o)) {
            assertSandboxed(PortStatus.of(cap.pid()), cap.info().restrictMode());
            assertTrue(cap.stats().captured() > 0);
            // Every generated frame goes to UDP port 9: after this filter the rest of the file
            // yields nothing, which shows the named port resolved inside the jail.
            cap.setFilter("udp port domain");
            long n = 0;
            while (cap.next() != null) n++;
            CaptureEnd end = cap.end().orElseThrow();
            assertEquals(CaptureEnd.Reason.END_OF_FILE, end.reason(), "read to the end: " + end);
            assertTrue(n > 0 && n < 200000, n + " packets: some before the filter, none after");
        }
    }

    static void assertSandboxed(PortStatus st, String mode) {
        assertEquals(List.of(NOBODY, NOBODY, NOBODY, NOBODY), st.ids("Uid"), "Uid");
        assertEquals(List.of(NOBODY, NOBODY, NOBODY, NOBODY), st.ids("Gid"), "Gid");
        assertEquals("", st.get("Groups"), "no supplementary groups");
        assertEquals("1", st.get("NoNewPrivs"), "NoNewPrivs");
        assertEquals("0000000000000000", st.get("CapEff"), "CapEff");
        assertEquals("0000000000000000", st.get("CapPrm"), "CapPrm");
        if (mode.equals("seccomp")) assertEquals("2", st.get("Seccomp"), "Seccomp (filter mode)");
        if (mode.equals("rlimit")) {
            String limits = Tools.check(List.of("cat", "/proc/" + st.pid() + "/limits"));
            assertTrue(limits.matches("(?s).*Max file size\\s+0\\s+0.*"), limits);
            assertTrue(limits.matches("(?s).*Max processes\\s+0\\s+0.*"), limits);
        }
        assertEquals(List.of("etc"), st.listRoot("/"), "the jail holds etc/ only");
        assertEquals(List.of("hosts", "nsswitch.conf", "protocols", "services"), st.listRoot("/etc"));
        String mount = st.rootMount();
        assertTrue(mount.contains(" tmpfs ") && mount.matches(".* ro,nosuid,nodev,noexec[ ,].*"),
                "root is a read-only tmpfs: " + mount);
    }

    /** Up to {@code n} UDP packets to {@code port}; fails on a UDP packet to any other port. */
    static List<Packet> take(Epcap cap, int n, int port) {
        List<Packet> got = new ArrayList<>();
        while (got.size() < n) {
            Packet p = cap.poll(WAIT);
            if (p == null) break;
            int dport = ((p.data()[36] & 0xff) << 8) | (p.data()[37] & 0xff);
            assertEquals(port, dport, "UDP destination port");
            got.add(p);
        }
        return got;
    }

    /** Ethernet/IPv4/UDP from B to A, built here so the oracle is the peer's capture. */
    static byte[] udpFrame(Netns net, int port) {
        byte[] payload = "epcap sandbox inject".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + payload.length);
        b.put(mac(net.macA())).put(mac(net.macB())).putShort((short) 0x0800);
        int ipStart = b.position();
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + payload.length)).putShort((short) 1)
                .putShort((short) 0).put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(ip(net.ipB())).put(ip(net.ipA()));
        int sum = 0;
        for (int i = ipStart; i < ipStart + 20; i += 2) sum += ((b.get(i) & 0xff) << 8) | (b.get(i + 1) & 0xff);
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        b.putShort(ipStart + 10, (short) ~sum);
        b.putShort((short) 40000).putShort((short) port).putShort((short) (8 + payload.length)).putShort((short) 0)
                .put(payload);
        return b.array();
    }

    private static byte[] mac(String s) {
        String[] p = s.split(":");
        byte[] m = new byte[6];
        for (int i = 0; i < 6; i++) m[i] = (byte) Integer.parseInt(p[i], 16);
        return m;
    }

    private static byte[] ip(String s) {
        String[] p = s.split("\\.");
        byte[] a = new byte[4];
        for (int i = 0; i < 4; i++) a[i] = (byte) Integer.parseInt(p[i]);
        return a;
    }
}
