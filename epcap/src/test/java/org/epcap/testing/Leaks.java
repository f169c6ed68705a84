package org.epcap.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a capture could leave behind: file descriptors, library threads, child processes, and
 * shared-memory rings (mappings and files in {@code /dev/shm}).
 *
 * <p>Each is a set of identities, not a count, so that {@link #since} names only what appeared:
 * an earlier test's descriptor that the JDK closes meanwhile is not mistaken for a leak (or for
 * a leak's absence), and a leaked descriptor that reuses a closed number still shows, because
 * its target differs.
 */
public record Leaks(Set<String> fds, Set<String> threads, Set<Long> children, Set<String> rings) {
    /** Takes them now. Library threads are the ones named {@code epcap-…}. */
    public static Leaks now() {
        Set<String> fds = new TreeSet<>();
        // The listing's own directory descriptor shows as a link to it, under whichever number
        // was free, which differs between two snapshots: it is not a leak.
        Path listing = Path.of("/proc/" + ProcessHandle.current().pid() + "/fd");
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) s::iterator) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (!target.equals(listing)) fds.add(fd.getFileName() + " -> " + target);
                } catch (IOException closedMeanwhile) {
                    // one closed while listing
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("epcap-"))
                .map(t -> t.getId() + " " + t.getName()).collect(Collectors.toCollection(TreeSet::new));
        Set<Long> children = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid).collect(Collectors.toCollection(TreeSet::new));
        return new Leaks(fds, threads, children, ringsNow());
    }

    /** What is here now and was not in {@code before}. */
    public Leaks since(Leaks before) {
        return new Leaks(minus(fds, before.fds), minus(threads, before.threads),
                minus(children, before.children), minus(rings, before.rings));
    }

    /** Whether nothing is here: the usual expectation of {@code Leaks.now().since(before)}. */
    public boolean isEmpty() {
        return fds.isEmpty() && threads.isEmpty() && children.isEmpty() && rings.isEmpty();
    }

    private static <T> Set<T> minus(Set<T> a, Set<T> b) {
        Set<T> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    private static Set<String> ringsNow() {
        String mine = "/dev/shm/epcap-" + ProcessHandle.current().pid() + "-";
        Set<String> rings = new HashSet<>();
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            maps.filter(l -> l.contains(mine)).forEach(l -> rings.add("mapped " + l.substring(l.indexOf(mine))
                    + " at " + l.substring(0, l.indexOf(' '))));
            Path shm = Path.of("/dev/shm");
            if (!Files.isDirectory(shm)) return new TreeSet<>(rings);
            try (Stream<Path> files = Files.list(shm)) {
                files.filter(f -> f.toString().startsWith(mine)).forEach(f -> rings.add("file " + f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TreeSet<>(rings);
    }
}
