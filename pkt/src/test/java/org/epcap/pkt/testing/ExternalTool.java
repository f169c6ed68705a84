package org.epcap.pkt.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an oracle program (tshark, tcpdump, python3) with a time limit and captures its output. */
public final class ExternalTool {
    private ExternalTool() {
    }

    /** What a run printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** The path of {@code name} on the PATH, or a failed test naming it. */
    public static String require(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        assertTrue(false, name + " is not installed: the tests that use it as an oracle need it (bin/install-deps installs it)");
        return null;
    }

    /** Runs {@code command}; throws when it does not end within {@code timeoutSeconds}. */
    public static Result run(List<String> command, long timeoutSeconds) {
        try {
            Path out = Files.createTempFile("oracle", ".out");
            Path err = Files.createTempFile("oracle", ".err");
            try {
                Process p = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + command);
                }
                return new Result(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                        new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
