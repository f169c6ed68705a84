package org.epcap.kafka.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One KRaft node (broker and controller) as a child JVM: {@code java -cp <kafka> kafka.Kafka
 * server.properties}, its stdout and stderr appended to one log file so that a restart keeps the
 * earlier run's lines.
 */
final class KafkaNode {

    /** Small on purpose: up to three of these share a 2-core machine with the build. */
    static final List<String> JVM_OPTIONS = List.of(
            "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
            // A broker that runs out of memory otherwise limps on; dead, it is seen by waitReady.
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true",
            // The backend is slf4j-simple (on the test class path); it writes to stderr, our log file.
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");

    private final int id;
    private final int brokerPort;
    private final int controllerPort;
    private final Path serverProperties;
    private final Path logFile;
    private final List<String> extraJvmOptions;
    private volatile Process process;
    private volatile boolean paused;

    KafkaNode(int id, int brokerPort, int controllerPort, Path serverProperties,
            Path logFile, List<String> extraJvmOptions) {
        this.id = id;
        this.extraJvmOptions = List.copyOf(extraJvmOptions);
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.serverProperties = serverProperties;
        this.logFile = logFile;
    }

    int id() {
        return id;
    }

    int brokerPort() {
        return brokerPort;
    }

    int controllerPort() {
        return controllerPort;
    }

    Path serverProperties() {
        return serverProperties;
    }

    String bootstrap() {
        return "127.0.0.1:" + brokerPort;
    }

    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("node " + id + " is running");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_OPTIONS);
        cmd.addAll(extraJvmOptions);
        cmd.add("-cp");
        cmd.add(BrokerClasspath.get());
        cmd.add("kafka.Kafka");
        cmd.add(serverProperties.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + id, e);
        }
        paused = false;
        Reaper.track(process);
    }

    /** True once the broker listener accepts TCP connections (before that, clients only warn). */
    boolean acceptsConnections() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(FreePorts.LOOPBACK, brokerPort), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True while the child JVM exists (a paused node is alive). */
    boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    boolean isPaused() {
        return paused && isAlive();
    }

    /** The child's pid; -1 if never started. */
    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /** The exit status if the child has ended, else null. */
    Integer exitValue() {
        Process p = process;
        if (p == null || p.isAlive()) {
            return null;
        }
        return p.exitValue();
    }

    /** SIGKILL, then wait for the kernel to reap it: no shutdown hook, no flush, like a crash. */
    synchronized void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        if (!awaitExit(p, Duration.ofSeconds(10))) {
            // Only a process stuck in the kernel (D state) outlives SIGKILL; say so, do not hang.
            throw new IllegalStateException("node " + id + " (pid " + p.pid() + ") survived SIGKILL");
        }
        paused = false;
        Reaper.untrack(p);
    }

    /**
     * Sends SIGTERM (Kafka's own shutdown hook then shuts down in order) without waiting, so
     * several nodes can shut down at once. A paused node is continued first: a stopped process
     * cannot act on SIGTERM.
     */
    synchronized void beginStop() {
        Process p = process;
        if (p != null && p.isAlive()) {
            if (paused) {
                resume();
            }
            p.destroy();
        }
    }

    boolean awaitExit(Duration timeout) {
        Process p = process;
        return p == null || awaitExit(p, timeout);
    }

    /**
     * SIGSTOP through {@code kill -STOP <pid>} (the JDK's Process and ProcessHandle only send
     * TERM and KILL), then waits until the kernel shows the process stopped. A stopped broker
     * keeps its sockets open but answers nothing, like a machine that hangs or a long GC pause,
     * which is the point.
     */
    synchronized void pause() {
        signal("STOP");
        paused = true;
        awaitState(true);
    }

    /** SIGCONT through {@code kill -CONT <pid>}. */
    synchronized void resume() {
        signal("CONT");
        paused = false;
        awaitState(false);
    }

    /** Returns once the signal has taken effect (see {@link ProcState}), at most 5 s. */
    private void awaitState(boolean stopped) {
        long pid = pid();
        if (!ProcState.await(pid, stopped, Duration.ofSeconds(5))) {
            throw new IllegalStateException("node " + id + " (pid " + pid + ") is still "
                    + (stopped ? "not stopped" : "stopped") + " 5 s after the signal; state "
                    + ProcState.of(pid));
        }
    }

    String logTail() {
        return LogTail.of(logFile);
    }

    Path logFile() {
        return logFile;
    }

    private void signal(String name) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("node " + id + " is not running");
        }
        ProcessBuilder pb = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            Process k = pb.start();
            if (!k.waitFor(5, TimeUnit.SECONDS)) {
                k.destroyForcibly();
                throw new IllegalStateException("kill -" + name + " " + p.pid() + " did not return");
            }
            if (k.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + p.pid() + " exited "
                        + k.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted signalling node " + id, e);
        }
    }

    private static boolean awaitExit(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }
}
