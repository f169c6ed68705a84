package org.epcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.epcap.testing.Leaks;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Start, stop, kill: nothing is left behind, and a death is reported. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LifecycleTest {
    private static final Path FILE = Path.of("tcpdump/02-sunrise-sunset-esp.pcap");

    @Test
    void startAndClose200TimesLeavesNothingBehind() {
        Path prog = Tools.assumePortProgram();
        Path file = Tools.assumeCorpus().resolve(FILE);
        Options fileMode = Options.builder().progname(prog).file(file).build();
        Options live = Tools.find("ip") != null && org.epcap.ExecPolicy.isRoot()
                ? Options.builder().progname(prog).exec("").interfaceName("lo").filter("udp port 9").build()
                : fileMode;
        // Warm up what the JDK creates once (process reaper, stream classes).
        Epcap.start(fileMode).close();
        Leaks before = Leaks.now();
        for (int i = 0; i < 200; i++) {
            try (Epcap cap = Epcap.start(i % 2 == 0 ? fileMode : live)) {
                if (i % 4 == 0) cap.next();
            }
        }
        Leaks left = Leaks.now().since(before);
        assertTrue(left.isEmpty(), "fds, epcap threads, child processes and rings left after 200 captures: " + left);
    }

    @Test
    void closeIsIdempotentAndEndsAsStopped() {
        Tools.assumeRoot();
        Path prog = Tools.assumePortProgram();
        Epcap cap = Epcap.start(Options.builder().progname(prog).exec("").interfaceName("lo").filter("udp port 9")
                .build());
        cap.close();
        cap.close();
        assertEquals(CaptureEnd.Reason.STOPPED, cap.end().orElseThrow().reason());
        assertEquals(null, cap.next());
    }

    /**
     * The port dies with the thread that started it (PR_SET_PDEATHSIG is per thread): a capture
     * started from a pool thread that then ends must go on.
     */
    @Test
    void aCaptureOutlivesTheThreadThatStartedIt() throws Exception {
        Tools.assumeRoot();
        Path prog = Tools.assumePortProgram();
        Options o = Options.builder().progname(prog).exec("").interfaceName("lo").filter("udp port 9").build();
        CompletableFuture<Epcap> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> started.complete(Epcap.start(o)), "short-lived-starter");
        starter.start();
        starter.join();
        try (Epcap cap = started.get()) {
            // Give a parent-death signal, were one sent, the time to land; then the port must answer.
            Thread.sleep(500);
            assertTrue(cap.end().isEmpty(), "the capture ended: " + cap.end());
            assertTrue(ProcessHandle.of(cap.pid()).map(ProcessHandle::isAlive).orElse(false), "the port is alive");
            assertTrue(cap.stats().available());
        }
    }

    @Test
    void sigkillOfThePortIsReportedWithinASecond() {
        Tools.assumeRoot();
        Path prog = Tools.assumePortProgram();
        Options o = Options.builder().progname(prog).exec("").interfaceName("lo").filter("udp port 9").build();

        CompletableFuture<CaptureEnd> event = new CompletableFuture<>();
        try (Epcap pushed = Epcap.start(o, new PacketHandler() {
            @Override
            public void onPacket(Packet packet) {
            }

            @Override
            public void onEnd(CaptureEnd end) {
                event.complete(end);
            }
        })) {
            ProcessHandle.of(pushed.pid()).orElseThrow().destroyForcibly();
            CaptureEnd end = pushed.awaitEnd(Duration.ofSeconds(1)).orElseThrow(
                    () -> new AssertionError("no end within a second"));
            assertEquals(CaptureEnd.Reason.PORT_DIED, end.reason());
            assertEquals(9, end.signal().orElseThrow());
            assertEquals(end, event.getNow(null), "the handler got the end event");
        }

        try (Epcap linked = Epcap.startLink(o)) {
            ProcessHandle.of(linked.pid()).orElseThrow().destroyForcibly();
            PortDiedException e = assertThrows(PortDiedException.class, () -> linked.poll(Duration.ofSeconds(1)));
            assertEquals(9, e.signal().orElseThrow());
            assertThrows(PortDiedException.class, linked::stats, "linked: raised in every later call");
        }
    }

    @Test
    void aKilledJvmLeavesNoPortRunning() throws Exception {
        Tools.assumeRoot();
        Path prog = Tools.assumePortProgram();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "org.epcap.testing.CaptureHolder", prog.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("PORT "), "child said: " + line);
            long portPid = Long.parseLong(line.substring(5).strip());
            ProcessHandle port = ProcessHandle.of(portPid).orElseThrow(() -> new AssertionError("port runs"));
            assertTrue(port.isAlive());
            child.destroyForcibly();
            child.waitFor();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (port.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(!port.isAlive(), "the port program died with its JVM");
        } finally {
            child.destroyForcibly();
        }
    }
}
