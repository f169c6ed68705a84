package org.epcap.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What a capture could leave behind: file descriptors, library threads, child processes, and
 * shared-memory rings (mappings and files in {@code /dev/shm}).
 */
public record Leaks(long fds, long threads, long children, long rings) {
    /** Counts them now. Library threads are the ones named {@code epcap-…}. */
    public static Leaks now() {
        long fds;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            fds = s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("epcap-")).count();
        long children = ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
        return new Leaks(fds, threads, children, ringsNow());
    }

    private static long ringsNow() {
        String mine = "/dev/shm/epcap-" + ProcessHandle.current().pid() + "-";
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            long mapped = maps.filter(l -> l.contains(mine)).count();
            Path shm = Path.of("/dev/shm");
            if (!Files.isDirectory(shm)) return mapped;
            try (Stream<Path> files = Files.list(shm)) {
                return mapped + files.filter(f -> f.toString().startsWith(mine)).count();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
