package org.epcap.kafka.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shutdown hook: a JVM that is terminated with a cluster still open leaves no broker and no
 * temp dir. (A JVM that is SIGKILLed runs no hook; its brokers would outlive it.)
 */
class ReaperTest {

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void terminatedJvmTakesItsBrokersAndTempDirWithIt() throws Exception {
        Path out = Files.createTempFile("epcap-abandoning-", ".log");
        Process jvm = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", BrokerClasspath.get(), AbandoningMain.class.getName()))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            String[] started = awaitStarted(out, jvm);
            long brokerPid = Long.parseLong(started[1]);
            Path dir = Path.of(started[2]);
            assertTrue(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive).orElse(false));
            assertTrue(Files.isDirectory(dir));

            jvm.destroy(); // SIGTERM: the JVM runs its shutdown hooks, the reaper among them
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), "the abandoning JVM exits");

            Optional<ProcessHandle> broker = ProcessHandle.of(brokerPid);
            assertFalse(broker.map(ProcessHandle::isAlive).orElse(false), "broker " + brokerPid
                    + " killed with its parent");
            assertFalse(Files.exists(dir), dir + " deleted");
        } finally {
            jvm.destroyForcibly();
            jvm.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(out);
        }
    }

    /** The STARTED line's words, within 120 s; fails with the JVM's output if it dies first. */
    private static String[] awaitStarted(Path out, Process jvm) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(out)) {
                if (line.startsWith("STARTED ")) {
                    return line.split(" ");
                }
            }
            if (!jvm.isAlive()) {
                throw new AssertionError("the abandoning JVM died:\n" + Files.readString(out));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no STARTED line:\n" + Files.readString(out));
    }
}
