package org.epcap;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The spawned port program: its streams, its stderr tail, and how to end and reap it
 * (SIGTERM, then SIGKILL; descendants too, for exec prefixes that fork).
 */
final class PortProcess {
    private static final AtomicInteger SEQ = new AtomicInteger();

    final Process process;
    final OutputStream stdin;
    final InputStream stdout;
    final StderrTail stderr;
    final String name;

    private PortProcess(Process process, boolean echoStderr) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stdout = process.getInputStream();
        this.name = "epcap-" + process.pid() + "-" + SEQ.incrementAndGet();
        this.stderr = new StderrTail(process.getErrorStream(), echoStderr, name + "-stderr");
    }

    /**
     * Starts {@code argv}.
     *
     * @throws PortNotFoundException when the command cannot be executed
     */
    static PortProcess spawn(List<String> argv, boolean echoStderr) {
        Future<Process> started = SPAWNER.submit(() -> new ProcessBuilder(argv).start());
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return new PortProcess(started.get(), echoStderr);
                } catch (InterruptedException e) {
                    // The port may be starting right now: wait for it rather than leak it.
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw new PortNotFoundException("cannot run " + argv.get(0) + ": " + cause.getMessage(), cause);
            }
            throw new CaptureException("cannot start " + argv.get(0) + ": " + cause, cause);
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /**
     * Every port is started from this one thread, which lives as long as the JVM: the port's
     * PR_SET_PDEATHSIG fires when the thread that started it ends, not the process, and a capture
     * started from a pool thread must outlive that thread. submit() keeps the thread alive
     * whatever a start throws.
     */
    private static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "epcap-spawner");
        t.setDaemon(true);
        return t;
    });

    long pid() {
        return process.pid();
    }

    /**
     * Waits up to {@code millis} for the exit, then SIGTERM, then SIGKILL; reaps it.
     *
     * @return the raw exit value (Java gives 128 + N for signal N)
     */
    int reap(long millis) {
        if (waitFor(millis)) return process.exitValue();
        terminate(false);
        if (waitFor(1000)) return process.exitValue();
        terminate(true);
        while (true) {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGTERM (or SIGKILL when {@code force}) to the process and its descendants. */
    void terminate(boolean force) {
        process.descendants().forEach(h -> {
            if (force) h.destroyForcibly(); else h.destroy();
        });
        if (force) process.destroyForcibly(); else process.destroy();
    }

    boolean waitFor(long millis) {
        boolean interrupted = false;
        try {
            long deadline = System.nanoTime() + millis * 1_000_000L;
            while (true) {
                try {
                    return process.waitFor(Math.max(0, deadline - System.nanoTime()),
                            TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** The signal in a raw exit value, or 0. */
    static int signalOf(int exitValue) {
        return exitValue > 128 && exitValue < 128 + 65 ? exitValue - 128 : 0;
    }

    /** The exit status in a raw exit value, or -1 when a signal ended it. */
    static int statusOf(int exitValue) {
        return signalOf(exitValue) > 0 ? -1 : exitValue;
    }

    String stderrTail() {
        stderr.join(300);
        return stderr.lastLines(10);
    }

    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // Closing a pipe to a dead process: nothing left to do.
        }
    }
}
