package org.epcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared-memory ring against the pipe, with a file the test writes itself: frames of sizes
 * from 60 bytes to the 262144-byte snaplen, so that records wrap at ever other offsets of the
 * 4 MiB ring, in all some 28 MiB. Every byte, length and timestamp must arrive as written, in
 * order, through either transport, with fast, slow and stalled consumers.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedRingTest {
    /** Sizes cycled through; primes among them so that the ring's wrap point keeps moving. */
    private static final int[] SIZES = {60, 1514, 262144, 97, 9001, 65535, 590, 131071, 64, 4093};
    private static final int COUNT = 700;

    @TempDir
    static Path dir;
    private static Path file;

    @BeforeAll
    static void writeFile() throws IOException {
        file = dir.resolve("sizes.pcap");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
            out.write(h.array());
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < COUNT; i++) {
                byte[] frame = frame(i);
                r.clear();
                r.putInt(2_000_000 + i).putInt(i * 1_000_003 % 1_000_000_000).putInt(frame.length)
                        .putInt(frame.length + i % 3);
                out.write(r.array());
                out.write(frame);
            }
        }
    }

    /** Frame i: its number, then bytes that depend on both the number and the position. */
    private static byte[] frame(int i) {
        byte[] f = new byte[SIZES[i % SIZES.length]];
        for (int j = 0; j < f.length; j++) f[j] = (byte) (i * 31 + j * 7);
        ByteBuffer.wrap(f).putInt(i);
        return f;
    }

    private static void assertFrame(int i, Packet p) {
        assertEquals(2_000_000 + i, p.epochSecond(), "seconds of frame " + i);
        assertEquals(i * 1_000_003 % 1_000_000_000, p.nanos(), "nanoseconds of frame " + i);
        assertEquals(SIZES[i % SIZES.length] + i % 3, p.length(), "wire length of frame " + i);
        assertArrayEquals(frame(i), p.data(), "bytes of frame " + i);
    }

    private static Options.Builder options(boolean sharedMemory) {
        return Options.builder().progname(Tools.assumePortProgram()).file(file).sharedMemory(sharedMemory);
    }

    private static boolean shmUsable() {
        return Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm"));
    }

    @ParameterizedTest(name = "sharedMemory={0}")
    @ValueSource(booleans = {true, false})
    void everyFrameArrivesWhole(boolean sharedMemory) {
        try (Epcap cap = Epcap.start(options(sharedMemory).build())) {
            assertEquals(sharedMemory && shmUsable(), cap.info().sharedMemory());
            int i = 0;
            for (Packet p; (p = cap.next()) != null; i++) assertFrame(i, p);
            assertEquals(COUNT, i);
            assertEquals(CaptureEnd.Reason.END_OF_FILE, cap.end().orElseThrow().reason());
        }
    }

    /**
     * Not chosen, the ring serves a file larger than it and the pipe a smaller one (where setting
     * the ring up would cost more than it saves); chosen, the ring serves both.
     */
    @Test
    void unchosenTheRingServesFilesLargerThanItself() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(shmUsable(), "no writable /dev/shm");
        Path small = Tools.assumeCorpus().resolve("tcpdump/dns_tcp.pcap");
        assertTrue(Files.size(small) < 4 << 20 && Files.size(file) > 4 << 20, "a file each side of 4 MiB");
        for (Object[] c : new Object[][] {{file, null, true}, {small, null, false}, {small, true, true}}) {
            Options.Builder b = Options.builder().progname(Tools.assumePortProgram()).file((Path) c[0]);
            if (c[1] != null) b.sharedMemory(true);
            try (Epcap cap = Epcap.start(b.build())) {
                assertEquals(c[2], cap.info().sharedMemory(), c[0] + " sharedMemory " + c[1]);
                while (cap.next() != null) {
                    // read to the end
                }
            }
        }
    }

    /**
     * An exec prefix that runs the port as another user, who cannot open the JVM's 0600 ring
     * file: the port says so in READY and everything comes through the pipe.
     */
    @Test
    void portThatCannotOpenTheRingFallsBackToThePipe() throws IOException {
        Tools.assumeRoot();
        org.junit.jupiter.api.Assumptions.assumeTrue(shmUsable(), "no writable /dev/shm");
        Path setpriv = Tools.assumeTool("setpriv");
        Path open = Files.createTempDirectory(Path.of("/tmp"), "epcap-ring-fallback");
        try {
            Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Path copy = Files.copy(file, open.resolve("sizes.pcap"));
            Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Options o = Options.builder().progname(Tools.assumePortProgram()).file(copy)
                    .exec(setpriv + " --reuid=65534 --regid=65534 --clear-groups").build();
            try (Epcap cap = Epcap.start(o)) {
                assertFalse(cap.info().sharedMemory(), "uid 65534 cannot open root's ring file");
                int i = 0;
                for (Packet p; (p = cap.next()) != null; i++) assertFrame(i, p);
                assertEquals(COUNT, i);
            }
            assertEquals(List.of(), ourRings(), "the unused ring file is deleted too");
        } finally {
            try (Stream<Path> files = Files.list(open)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(open);
        }
    }

    /**
     * A handler that stalls now and then fills the ring, so the port waits for room and must be
     * woken; it also asks for stats from the reader thread, whose reply comes by the pipe while
     * the frames behind it wait in the ring.
     */
    @Test
    void slowHandlerWithRequestsGetsEveryFrame() {
        List<Packet> got = new ArrayList<>();
        List<Stats> stats = new ArrayList<>();
        CompletableFuture<Epcap> self = new CompletableFuture<>();
        PacketHandler h = p -> {
            got.add(p);
            if (got.size() % 50 == 0) sleep(20);
            // Up to 500 of 700: the last 200 (some 9 MiB) cannot all be in the 4 MiB ring, so
            // the port is still there to answer.
            if (got.size() % 100 == 0 && got.size() <= 500) stats.add(self.join().stats());
        };
        try (Epcap cap = Epcap.start(options(true).build(), h)) {
            self.complete(cap);
            assertTrue(cap.info().sharedMemory() || !shmUsable());
            CaptureEnd end = cap.awaitEnd(Duration.ofSeconds(90)).orElseThrow();
            assertEquals(CaptureEnd.Reason.END_OF_FILE, end.reason(), end.toString());
        }
        assertEquals(COUNT, got.size());
        for (int i = 0; i < COUNT; i++) assertFrame(i, got.get(i));
        assertEquals(5, stats.size());
        for (int k = 0; k < stats.size(); k++) {
            assertTrue(stats.get(k).captured() >= (k + 1) * 100L, "captured counts what was delivered: " + stats);
        }
    }

    /** A pull consumer that stops: the queue fills, then the ring, and nothing is lost. */
    @Test
    void stalledPullConsumerLosesNothing() {
        try (Epcap cap = Epcap.start(options(true).queueBytes(65536).build())) {
            sleep(500); // the queue is full, the ring is full, the port waits
            assertTrue(cap.stats().captured() < COUNT, "the port stopped for room");
            int i = 0;
            for (Packet p; (p = cap.next()) != null; i++) {
                assertFrame(i, p);
                if (i % 97 == 0) sleep(2);
            }
            assertEquals(COUNT, i);
        }
    }

    @Test
    void rawHandlerSeesTheSameBytes() throws Exception {
        List<byte[]> got = new ArrayList<>();
        try (Epcap cap = Epcap.start(options(true).build(),
                (dlt, buf, off, caplen, sec, nsec, len) -> got.add(java.util.Arrays.copyOfRange(buf, off, off + caplen)))) {
            cap.awaitEnd(Duration.ofSeconds(60)).orElseThrow();
        }
        assertEquals(COUNT, got.size());
        for (int i = 0; i < COUNT; i++) assertArrayEquals(frame(i), got.get(i), "bytes of frame " + i);
    }

    /** The file exists only until READY; one left by a JVM that died is swept by the next start. */
    @Test
    void ringFilesDoNotOutliveStartUp() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(shmUsable(), "no writable /dev/shm");
        Path stale = Path.of("/dev/shm/epcap-2147483646-stale.ring");
        Files.write(stale, new byte[16]);
        try (Epcap cap = Epcap.start(options(true).build())) {
            assertTrue(cap.info().sharedMemory());
            assertFalse(Files.exists(stale), "the stale ring of a dead pid is swept");
            assertEquals(List.of(), ourRings(), "the ring file is deleted at READY");
            assertTrue(cap.next() != null);
        }
        assertEquals(List.of(), ourRings());
    }

    private static List<Path> ourRings() throws IOException {
        String prefix = "epcap-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> s = Files.list(Path.of("/dev/shm"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
