package org.epcap.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.epcap.ExecPolicy;

/** Finding the tools tests need, skipping (JUnit assumptions) when they are missing, running them. */
public final class Tools {
    private Tools() {
    }

    /** The result of a finished command. */
    public record Result(int status, String out, String err) {
    }

    /** Skips the test unless this JVM is root (live captures and namespaces need it). */
    public static void assumeRoot() {
        assumeTrue(ExecPolicy.isRoot(), "needs root: live captures in network namespaces (CI runs as root)");
    }

    /** The path of {@code name} on the PATH or in /usr/sbin, /sbin; fails the test when absent. */
    public static Path assumeTool(String name) {
        Path p = find(name);
        assertTrue(p != null, "needs " + name + " (install it; CI has it)");
        return p;
    }

    /** The path of {@code name}, or null. */
    public static Path find(String name) {
        String path = System.getenv("PATH") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) return p;
        }
        return null;
    }

    /** The port program this checkout built ({@code epcap.progname}); fails the test when absent. */
    public static Path assumePortProgram() {
        String p = System.getProperty("epcap.progname");
        assertTrue(p != null && Files.isExecutable(Path.of(p)),
                "needs the port program: build it with make -C native (property epcap.progname=" + p + ")");
        return Path.of(p);
    }

    /** The capture corpus ({@code epcap.corpus}); fails the test when absent. */
    public static Path assumeCorpus() {
        String p = System.getProperty("epcap.corpus", "/work/shared/corpus");
        assertTrue(Files.isDirectory(Path.of(p)), "needs the corpus at " + p);
        return Path.of(p);
    }

    /** The Debian python with scapy, for traffic generation. */
    public static Path assumePython() {
        Path p = Path.of("/usr/bin/python3");
        assertTrue(Files.isExecutable(p), "needs /usr/bin/python3");
        return p;
    }

    /** Runs {@code argv}, kills it after {@code limit}, returns its status and output. */
    public static Result run(Duration limit, List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                throw new AssertionError("timed out after " + limit + ": " + argv);
            }
            return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public static Result run(List<String> argv) {
        return run(Duration.ofSeconds(30), argv);
    }

    /** Runs {@code argv} and fails the test unless it exits 0. */
    public static String check(List<String> argv) {
        Result r = run(argv);
        if (r.status() != 0) throw new AssertionError(argv + " exited " + r.status() + ": " + r.err());
        return r.out();
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                f.complete(b.toByteArray());
            } catch (IOException e) {
                f.complete(new byte[0]);
            }
        }, "test-drain");
        t.setDaemon(true);
        t.start();
        return f;
    }
}
