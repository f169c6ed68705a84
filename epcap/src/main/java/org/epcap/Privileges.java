package org.epcap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What a port program can do without being raised by an exec prefix: asks it once (its
 * {@code -p} switch) and remembers the answer for that file, until the file changes (a
 * {@code setcap} changes its status time).
 *
 * <p>{@link ExecPolicy} uses it to leave out {@code sudo -n} for a port program that
 * already holds {@code CAP_NET_RAW} through file capabilities:
 *
 * <pre>{@code
 * // once, as root: setcap cap_net_raw,cap_net_admin+ep /opt/epcap/epcap
 * if (Privileges.of(Path.of("/opt/epcap/epcap")) == Privileges.Capture.CAPABILITIES) {
 *     // a live capture starts without sudo
 * }
 * }</pre>
 */
public final class Privileges {
    /** How a port program, started without a prefix, would open a live capture. */
    public enum Capture {
        /** It runs as root (this JVM is root). */
        ROOT,
        /** It gains {@code CAP_NET_RAW} from file capabilities ({@code setcap}). */
        CAPABILITIES,
        /** Neither: it needs an exec prefix such as {@code sudo -n}. */
        NONE
    }

    private static final long PROBE_TIMEOUT_SECONDS = 10;
    private static final int MAX_ANSWER = 256;
    private static final Map<String, Capture> CACHE = new ConcurrentHashMap<>();

    private Privileges() {
    }

    /**
     * What {@code portProgram} can do unprefixed; {@link Capture#NONE} when it cannot be
     * asked (missing, not executable, an older build without {@code -p}).
     */
    public static Capture of(Path portProgram) {
        String key = key(portProgram);
        if (key == null) return Capture.NONE;
        return CACHE.computeIfAbsent(key, k -> probe(portProgram));
    }

    /** True when {@code portProgram} can open a live capture without any exec prefix. */
    public static boolean capturesUnprefixed(Path portProgram) {
        return of(portProgram) != Capture.NONE;
    }

    /** The file and its status change time: a setcap or a rebuild gives a new key. */
    private static String key(Path p) {
        try {
            Path real = p.toRealPath();
            Object ctime = Files.getAttribute(real, "unix:ctime");
            return real + "@" + ctime;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    static Capture probe(Path portProgram) {
        Process p = null;
        try {
            p = new ProcessBuilder(List.of(portProgram.toString(), "-p"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            p.getOutputStream().close();
            // Wait first: the answer is one word, far less than a pipe holds, so a well-behaved
            // probe has exited; a program that ignores -p and runs on is bounded by the timeout.
            if (!p.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) return Capture.NONE;
            try (InputStream in = p.getInputStream()) {
                return parse(new String(in.readNBytes(MAX_ANSWER), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return Capture.NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Capture.NONE;
        } finally {
            if (p != null && p.isAlive()) p.destroyForcibly();
        }
    }

    /** The first word of the port's {@code -p} line. */
    static Capture parse(String line) {
        String first = line.strip().split("\\s+", 2)[0];
        switch (first) {
            case "root": return Capture.ROOT;
            case "capabilities": return Capture.CAPABILITIES;
            default: return Capture.NONE;
        }
    }
}
