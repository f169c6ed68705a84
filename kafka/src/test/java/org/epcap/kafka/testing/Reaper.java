package org.epcap.kafka.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Last line of defence against leaks: every child JVM and temp dir the harness creates is
 * registered here, and a JVM shutdown hook kills and deletes whatever is still registered, so a
 * crashed or interrupted test run leaves no broker behind holding ports and disk.
 */
final class Reaper {

    private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DIRS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Reaper::reapAll, "epcap-kafka-reaper"));
    }

    private Reaper() {}

    static void track(Process process) {
        PROCESSES.add(process);
    }

    static void untrack(Process process) {
        PROCESSES.remove(process);
    }

    static void track(Path dir) {
        DIRS.add(dir);
    }

    static void untrack(Path dir) {
        DIRS.remove(dir);
    }

    /** SIGKILL works on stopped (paused) processes too, so nothing needs resuming first. */
    private static void reapAll() {
        for (Process p : PROCESSES) {
            p.destroyForcibly();
        }
        for (Process p : PROCESSES) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Path dir : DIRS) {
            deleteTree(dir);
        }
    }

    /** Deletes a directory tree, best effort: a file that vanished meanwhile is not an error. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // A broker killed mid-write may still be being reaped; the walk moves on.
                }
            });
        } catch (IOException ignored) {
            // Best effort: the caller checks the result where it matters.
        }
    }
}
