package org.epcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.epcap.testing.Netns;
import org.epcap.testing.PcapFiles;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Live captures on a veth pair between two namespaces of our own, with real traffic. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveTest {
    private Netns net;
    private Path prog;

    @BeforeAll
    void up() {
        prog = Tools.assumePortProgram();
        Tools.assumePython();
        net = Netns.create();
    }

    @AfterAll
    void down() {
        if (net != null) net.close();
    }

    /**
     * A capture on B's end of the veth. In immediate mode libpcap uses TPACKET_V2, whose ring
     * slots are sized by the snaplen: at 65535 an 8 MiB buffer holds only 128 packets and a
     * burst overflows it. A 2 KiB snaplen (more than the veth's MTU) gives 4096 slots.
     */
    private Options.Builder onB(String filter) {
        return Options.builder().progname(prog).exec(net.execIn(net.b())).interfaceName(net.vethB())
                .buffer(8 << 20).snaplen(2048).filter(filter);
    }

    /** Takes packets until {@code n} arrived, then checks that no more come. */
    private static List<Packet> take(Epcap cap, int n) {
        List<Packet> got = new ArrayList<>();
        while (got.size() < n) {
            Packet p = cap.poll(Duration.ofSeconds(5));
            if (p == null) break;
            got.add(p);
        }
        Packet extra = cap.poll(Duration.ofMillis(300));
        assertNull(extra, "no packet beyond the " + n + " expected");
        return got;
    }

    private static int udpDstPort(Packet p) {
        return (p.byteAt(36) & 0xff) << 8 | (p.byteAt(37) & 0xff);
    }

    private static int sequence(Packet p) {
        return ByteBuffer.wrap(p.data(), 42, 4).getInt();
    }

    @Test
    void tenThousandPacketsAllCapturedWithTheFilterApplied() {
        int n = 10000;
        try (Epcap cap = Epcap.start(onB("udp and dst port 7001").build())) {
            net.sendUdp(net.a(), net.ipB(), 7002, 100, 32);
            net.sendUdp(net.a(), net.ipB(), 7001, n, 32);
            List<Packet> got = take(cap, n);
            assertEquals(n, got.size());
            for (int i = 0; i < n; i++) {
                assertEquals(7001, udpDstPort(got.get(i)));
                assertEquals(i, sequence(got.get(i)), "in order");
                assertEquals(1, got.get(i).dataLinkType());
            }
            Stats s = cap.stats();
            assertEquals(n, s.captured());
            assertTrue(s.available());
            assertTrue(s.received() >= n, s.toString());
        }
    }

    /**
     * The defaults alone (snaplen 65535, no buffer size, immediate mode) keep a burst: the port
     * sizes the ring for 1024 packets, where libpcap's 2 MiB default would hold about 30.
     */
    @Test
    void aBurstIsKeptWithTheDefaultSnaplenAndBuffer() {
        int n = 1000;
        Options o = Options.builder().progname(prog).exec(net.execIn(net.b())).interfaceName(net.vethB())
                .filter("udp and dst port 7003").build();
        try (Epcap cap = Epcap.start(o)) {
            net.sendUdp(net.a(), net.ipB(), 7003, n, 32);
            assertEquals(n, take(cap, n).size());
            assertEquals(0, cap.stats().dropped());
        }
    }

    @Test
    void directionSelectsWhatEachCaptureSees() {
        try (Epcap in = Epcap.start(onB("udp port 7010").direction(Direction.IN).build());
             Epcap out = Epcap.start(onB("udp port 7010").direction(Direction.OUT).build());
             Epcap both = Epcap.start(onB("udp port 7010").build())) {
            net.sendUdp(net.a(), net.ipB(), 7010, 30, 16);
            net.sendUdp(net.b(), net.ipA(), 7010, 20, 16);
            assertEquals(30, take(in, 30).size());
            assertEquals(20, take(out, 20).size());
            assertEquals(50, take(both, 50).size());
        }
    }

    @Test
    void immediateTimeoutDeliversALonePacket() {
        try (Epcap cap = Epcap.start(onB("udp port 7020").timeout(org.epcap.Timeout.IMMEDIATE).build())) {
            net.sendUdp(net.a(), net.ipB(), 7020, 1, 8);
            assertNotNull(cap.poll(Duration.ofSeconds(5)), "the single packet arrives without more traffic");
        }
    }

    @Test
    void snaplenTruncatesTheDataNotTheLength() {
        try (Epcap cap = Epcap.start(onB("udp port 7030").snaplen(64).build())) {
            assertEquals(64, cap.info().snaplen());
            net.sendUdp(net.a(), net.ipB(), 7030, 1, 500);
            Packet p = take(cap, 1).get(0);
            assertEquals(64, p.caplen());
            assertEquals(64, p.data().length);
            assertEquals(14 + 20 + 8 + 500, p.length());
        }
    }

    @Test
    void nanosecondTimestampsAreMonotonicAndNearTheWallClock() {
        try (Epcap cap = Epcap.start(onB("udp port 7040").timeUnit(TimestampUnit.NANOSECOND).build())) {
            assertTrue(cap.info().nanosecondPrecision());
            Instant before = Instant.now();
            net.sendUdp(net.a(), net.ipB(), 7040, 200, 8);
            Instant after = Instant.now();
            List<Packet> got = take(cap, 200);
            assertEquals(200, got.size());
            boolean subMicro = false;
            for (int i = 0; i < got.size(); i++) {
                Instant t = got.get(i).timestamp();
                assertTrue(!t.isBefore(before.minusSeconds(1)) && !t.isAfter(after.plusSeconds(1)), t.toString());
                if (i > 0) assertTrue(!t.isBefore(got.get(i - 1).timestamp()), "monotonic at " + i);
                subMicro |= got.get(i).nanos() % 1000 != 0;
                assertEquals(t.getEpochSecond() * 1_000_000 + t.getNano() / 1000, got.get(i).timeMicros());
            }
            assertTrue(subMicro, "nanosecond digits are present");
        }
    }

    @Test
    void setFilterSwitchesFlows() {
        try (Epcap cap = Epcap.start(onB("udp port 1000").build())) {
            net.sendUdp(net.a(), net.ipB(), 1000, 5, 8);
            net.sendUdp(net.a(), net.ipB(), 2000, 5, 8);
            List<Packet> first = take(cap, 5);
            assertEquals(5, first.size());
            first.forEach(p -> assertEquals(1000, udpDstPort(p)));
            cap.setFilter("udp port 2000");
            net.sendUdp(net.a(), net.ipB(), 1000, 5, 8);
            net.sendUdp(net.a(), net.ipB(), 2000, 5, 8);
            List<Packet> second = take(cap, 5);
            assertEquals(5, second.size());
            second.forEach(p -> assertEquals(2000, udpDstPort(p)));
        }
    }

    @Test
    void stalledConsumerWithATinyBufferSeesDropsAndRecovers() {
        try (Epcap cap = Epcap.start(onB("udp port 7060").buffer(1 << 16).queueBytes(1 << 16).build())) {
            net.sendUdp(net.a(), net.ipB(), 7060, 20000, 1000);
            // The queue is full and nobody consumes: a request from the consumer still returns.
            Stats stalled = cap.stats();
            assertTrue(stalled.dropped() > 0, "the kernel dropped: " + stalled);
            int consumed = 0;
            while (cap.poll(Duration.ofMillis(500)) != null) consumed++;
            assertTrue(consumed > 0 && consumed < 20000, "consumed " + consumed);
            assertEquals(consumed, cap.stats().captured(), "every captured packet was delivered");
            net.sendUdp(net.a(), net.ipB(), 7060, 5, 10);
            assertEquals(5, take(cap, 5).size(), "still healthy");
        }
    }

    @Test
    void injectedFramesArriveOnTheOtherEndByteForByte(@TempDir Path dir) throws Exception {
        Path tcpdump = Tools.assumeTool("tcpdump");
        Path file = dir.resolve("b.pcap");
        Process dump = new ProcessBuilder("ip", "netns", "exec", net.b(), tcpdump.toString(), "-i", net.vethB(), "-U",
                "-c", "3", "-w", file.toString(), "ether proto 0x88b5").start();
        try (Epcap cap = Epcap.start(Options.builder().progname(prog).exec(net.execIn(net.a()))
                .interfaceName(net.vethA()).filter("udp port 9").inject(true).build())) {
            assertTrue(cap.info().injectEnabled());
            BufferedReader err = new BufferedReader(new InputStreamReader(dump.getErrorStream()));
            String line;
            while ((line = err.readLine()) != null && !line.contains("listening on")) {
                // tcpdump says when its capture is open
            }
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                byte[] f = new byte[100 + i];
                byte[] dst = mac(net.macB());
                byte[] src = mac(net.macA());
                System.arraycopy(dst, 0, f, 0, 6);
                System.arraycopy(src, 0, f, 6, 6);
                f[12] = (byte) 0x88;
                f[13] = (byte) 0xb5;
                for (int j = 14; j < f.length; j++) f[j] = (byte) (j * 7 + i);
                frames.add(f);
                assertEquals(f.length, cap.send(f));
            }
            assertTrue(dump.waitFor(10, TimeUnit.SECONDS), "tcpdump saw its 3 frames");
            List<PcapFiles.Record> seen = PcapFiles.read(file);
            assertEquals(3, seen.size());
            for (int i = 0; i < 3; i++) assertArrayEquals(frames.get(i), seen.get(i).data());

            InjectException tooBig = assertThrows(InjectException.class, () -> cap.send(new byte[9000]));
            assertEquals(ErrorCode.INJECT_FAILED, tooBig.code().orElseThrow());
            assertTrue(cap.stats().available(), "a failed injection is not fatal");
        } finally {
            dump.destroyForcibly();
            dump.waitFor();
        }
        assertTrue(Files.size(file) > 0);
    }

    @Test
    void sendWithoutInjectIsRefused() {
        try (Epcap cap = Epcap.start(onB("udp port 9").build())) {
            InjectException e = assertThrows(InjectException.class, () -> cap.send(new byte[60]));
            assertEquals(ErrorCode.INJECT_DISABLED, e.code().orElseThrow());
            assertTrue(cap.stats().available());
        }
    }

    private static byte[] mac(String text) {
        String[] parts = text.split(":");
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) b[i] = (byte) Integer.parseInt(parts[i], 16);
        return b;
    }
}
