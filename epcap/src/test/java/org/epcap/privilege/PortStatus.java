package org.epcap.privilege;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the kernel says about a running port program: {@code /proc/<pid>/status} fields and
 * what its root directory holds. The kernel is the oracle here, not the port's own word.
 */
record PortStatus(long pid, Map<String, String> fields) {
    static PortStatus of(long pid) {
        try {
            Map<String, String> f = new HashMap<>();
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                int colon = line.indexOf(':');
                if (colon > 0) f.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
            return new PortStatus(pid, f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String get(String name) {
        return fields.getOrDefault(name, "<missing " + name + ">");
    }

    /** The four ids of a Uid: or Gid: line (real, effective, saved, filesystem). */
    List<String> ids(String name) {
        return List.of(get(name).split("\\s+"));
    }

    /** The names in a directory under the port's own root, as the port sees it. */
    List<String> listRoot(String dir) {
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/root" + dir))) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mount the port sees at its root, from its own mountinfo. */
    String rootMount() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && f[4].equals("/")) return line;
            }
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
