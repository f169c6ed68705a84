package org.epcap.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What a capture could leave behind: file descriptors, library threads, child processes. */
public record Leaks(long fds, long threads, long children) {
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
        return new Leaks(fds, threads, children);
    }
}
