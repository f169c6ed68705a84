package org.epcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.epcap.testing.PcapFiles;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests while packets pile up: from the consumer while the bounded queue is full (pull),
 * and from inside the handler on the reader thread (push). A file of numbered frames, read
 * as fast as the port can, keeps the pipe full; every frame must arrive, in order.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackpressureTest {
    private static final int COUNT = 100_000;

    @TempDir
    static Path dir;
    private static Path file;

    @BeforeAll
    static void writeFile() {
        file = dir.resolve("numbered.pcap");
        PcapFiles.writeNumbered(file, COUNT, 100);
    }

    private static Options.Builder options() {
        return Options.builder().progname(Tools.assumePortProgram()).file(file);
    }

    /** The capture, for its own handler: the handler waits for it at the first packet. */
    private static final class Self {
        private final java.util.concurrent.CountDownLatch set = new java.util.concurrent.CountDownLatch(1);
        private volatile Epcap cap;

        void set(Epcap c) {
            cap = c;
            set.countDown();
        }

        Epcap get() {
            try {
                set.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return cap;
        }
    }

    private static int number(byte[] buf, int off) {
        return ByteBuffer.wrap(buf, off + 14, 4).getInt();
    }

    @Test
    void consumerAsksForStatsWhileTheQueueIsFull() throws InterruptedException {
        try (Epcap cap = Epcap.start(options().queueBytes(1 << 16).build())) {
            Thread.sleep(300); // the port fills the pipe and the queue; nobody consumes
            Stats s = cap.stats();
            assertTrue(s.captured() > 0 && s.captured() < COUNT, s.toString());
            int n = 0;
            for (Packet p; (p = cap.next()) != null; n++) {
                assertEquals(n, number(p.data(), 0), "in order");
            }
            assertEquals(COUNT, n);
            assertEquals(CaptureEnd.Reason.END_OF_FILE, cap.end().orElseThrow().reason());
        }
    }

    @Test
    void handlerAsksForStatsOnTheReaderThread() {
        List<String> errors = new ArrayList<>();
        long[] seen = {0};
        long[] statsCalls = {0};
        Self self = new Self();
        try (Epcap cap = Epcap.start(options().build(), p -> {
            int n = number(p.data(), 0);
            if (n != seen[0] && errors.size() < 5) errors.add("got " + n + " expected " + seen[0]);
            seen[0]++;
            // Early on, while the port still has most of the file to send (later it may have
            // sent everything and exited, and a request would rightly find it gone).
            if (n % 10_000 == 1 && n < 50_000) {
                Stats s = self.get().stats();
                statsCalls[0]++;
                if (s.captured() < n) errors.add("stats " + s + " behind packet " + n);
            }
        })) {
            self.set(cap);
            CaptureEnd end = cap.awaitEnd(Duration.ofSeconds(30)).orElseThrow();
            assertEquals(CaptureEnd.Reason.END_OF_FILE, end.reason(), end.toString());
        }
        assertEquals(List.of(), errors);
        assertEquals(COUNT, seen[0]);
        assertEquals(5, statsCalls[0], "stats asked " + statsCalls[0] + " times");
    }

    /**
     * A handler sends requests of 200 KiB (injection is off for a file: each gets its error
     * reply, or finds the capture ended) while the port fills its stdout and another thread
     * sends large requests too. The
     * port reads requests while its stdout is full and the reader writes only what it can take
     * unread, so nothing deadlocks and no request starts a thread.
     */
    @Test
    void handlerSendsLargeRequestsWithoutStartingThreads() throws InterruptedException {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (boolean ring : new boolean[] {false, true}) {
            long[] seen = {0};
            long[] refused = {0};
            long[] ended = {0};
            long[] started = {0};
            Self self = new Self();
            AtomicReference<Throwable> other = new AtomicReference<>();
            java.util.concurrent.atomic.AtomicInteger ownerAnswered = new java.util.concurrent.atomic.AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            Thread owner = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < 5; i++) {
                        try {
                            self.get().send(new byte[200_000]);
                        } catch (InjectException expected) {
                            ownerAnswered.incrementAndGet(); // injection is off for a file
                        }
                    }
                } catch (CaptureEndedException | InterruptedException e) {
                    // the file may be read before all 20 are sent
                } catch (Throwable t) {
                    other.set(t);
                }
            });
            owner.start();
            try (Epcap cap = Epcap.start(options().sharedMemory(ring).build(), p -> {
                long n = seen[0]++;
                if (n % 2_000 == 1 && n < 60_000) {
                    long before = threads.getTotalStartedThreadCount();
                    java.util.Set<Thread> alive = Thread.getAllStackTraces().keySet();
                    try {
                        self.get().send(new byte[200_000]);
                    } catch (InjectException expected) {
                        refused[0]++;
                    } catch (CaptureEndedException e) {
                        // Reading ahead for replies, the reader may have taken the whole file.
                        ended[0]++;
                    }
                    started[0] += threads.getTotalStartedThreadCount() - before - othersStarted(alive);
                }
            })) {
                self.set(cap);
                go.countDown();
                CaptureEnd end = cap.awaitEnd(Duration.ofSeconds(60)).orElseThrow();
                assertEquals(CaptureEnd.Reason.END_OF_FILE, end.reason(), end.toString());
            }
            owner.join(10_000);
            assertEquals(null, other.get(), "ring " + ring);
            assertEquals(COUNT, seen[0], "ring " + ring);
            assertEquals(30, refused[0] + ended[0], "ring " + ring + ": every request answered");
            // Whichever request is written first is read by the port while its stdout is full
            // and answered at its next batch, long before the file's end; later ones may find
            // the port gone, once reading ahead for replies has taken the whole file.
            assertTrue(refused[0] + ownerAnswered.get() > 0, "ring " + ring + ": the port answered");
            assertEquals(0, started[0], "ring " + ring + ": threads started by the handler's requests");
        }
    }

    /**
     * How many threads started since {@code before} are still alive and not the library's. The
     * JVM counts every thread started anywhere: a common-pool worker that an earlier test's
     * delayed task wakes, a process reaper. Those live on; a thread that the library starts and
     * that has already ended is not excused.
     */
    private static long othersStarted(java.util.Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && !t.getName().startsWith("epcap-"))
                .count();
    }

    @Test
    void rawHandlerAsksForStatsAndKeepsItsView() {
        long[] seen = {0};
        long[] bad = {0};
        Self self = new Self();
        try (Epcap cap = Epcap.start(options().build(), (dlt, buf, off, caplen, sec, nsec, len) -> {
            int before = number(buf, off);
            if (before % 10_000 == 1 && before < 50_000) self.get().stats();
            if (number(buf, off) != before || before != seen[0]) bad[0]++;
            if (sec * 1000 + nsec / 1_000_000 != 1_000_000L + before) bad[0]++;
            seen[0]++;
        })) {
            self.set(cap);
            assertEquals(CaptureEnd.Reason.END_OF_FILE, cap.awaitEnd(Duration.ofSeconds(30)).orElseThrow().reason());
        }
        assertEquals(COUNT, seen[0]);
        assertEquals(0, bad[0], "the buffer under a raw handler stays put while it makes a request");
    }

    @Test
    void handlerClosingItsCaptureStopsDelivery() {
        int[] seen = {0};
        Self self = new Self();
        try (Epcap cap = Epcap.start(options().build(), p -> {
            if (++seen[0] == 1000) self.get().close();
        })) {
            self.set(cap);
            assertEquals(CaptureEnd.Reason.STOPPED, cap.awaitEnd(Duration.ofSeconds(10)).orElseThrow().reason());
        }
        assertEquals(1000, seen[0]);
    }

    @Test
    void aThrowingHandlerEndsTheCaptureWithItsError() {
        try (Epcap cap = Epcap.start(options().build(), p -> {
            throw new IllegalStateException("boom");
        })) {
            CaptureEnd end = cap.awaitEnd(Duration.ofSeconds(10)).orElseThrow();
            assertEquals(CaptureEnd.Reason.ERROR, end.reason());
            assertTrue(end.cause().orElseThrow().getCause() instanceof IllegalStateException);
        }
    }

    /**
     * Several threads pulling at once: every frame reaches exactly one of them. Repeated, since a
     * lost hand-off shows only in some interleavings (one lost whole batches: a consumer's wait
     * on the ring let another install a batch, which the first then replaced).
     */
    @Test
    void concurrentConsumersShareEveryFrameOnce() throws Exception {
        for (int round = 0; round < 30; round++) {
            int[] seen = pullWithThreads(3);
            for (int i = 0; i < COUNT; i++) {
                assertEquals(1, seen[i], "round " + round + ": frame " + i + " taken " + seen[i] + " times");
            }
        }
    }

    private static int[] pullWithThreads(int threads) throws InterruptedException {
        java.util.concurrent.ConcurrentLinkedQueue<Integer> numbers = new java.util.concurrent.ConcurrentLinkedQueue<>();
        // How each puller saw the end: next() returns null, poll() throws CaptureEndedException.
        java.util.concurrent.ConcurrentLinkedQueue<String> endings = new java.util.concurrent.ConcurrentLinkedQueue<>();
        try (Epcap cap = Epcap.start(options().queueBytes(65536).build())) {
            List<Thread> pullers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean polls = t % 2 == 1; // next() and poll() share the fast path
                Thread th = new Thread(() -> {
                    try {
                        for (Packet p; (p = polls ? cap.poll(Duration.ofSeconds(5)) : cap.next()) != null; ) {
                            numbers.add(ByteBuffer.wrap(p.data(), 14, 4).getInt());
                        }
                        endings.add(polls ? "poll returned null" : "next returned null");
                    } catch (CaptureEndedException e) {
                        endings.add((polls ? "poll threw " : "next threw ") + e.end().reason());
                    }
                }, "puller-" + t);
                pullers.add(th);
                th.start();
            }
            for (Thread th : pullers) th.join(50_000);
            assertEquals(CaptureEnd.Reason.END_OF_FILE, cap.end().orElseThrow().reason());
        }
        for (String e : endings) {
            assertTrue(e.equals("next returned null") || e.equals("poll threw END_OF_FILE"), "a puller's end: " + endings);
        }
        assertEquals(threads, endings.size(), "every puller saw the end: " + endings);
        int[] seen = new int[COUNT];
        for (int n : numbers) seen[n]++;
        return seen;
    }
}
