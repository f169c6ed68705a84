package org.epcap.pkt.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared test captures ({@code ../shared/corpus}: tcpdump's test suite and pkt's SCTP files).
 * Found through the {@code epcap.corpus} system property that the build sets, or relative to the
 * working directory when run from an IDE.
 */
public final class Corpus {
    private Corpus() {
    }

    /** The corpus folder, or a skipped test when it is not there. */
    public static Path root() {
        String prop = System.getProperty("epcap.corpus");
        List<Path> candidates = Stream.of(prop, "../../shared/corpus", "../shared/corpus")
                .filter(s -> s != null)
                .map(Path::of)
                .toList();
        for (Path p : candidates) {
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        assertTrue(false, "no test corpus found (tried " + candidates + ")");
        return null;
    }

    /** Every .pcap and .pcapng file in the corpus, sorted by path. */
    public static List<Path> files() {
        Path root = root();
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The name a report uses for a corpus file: its path below the corpus root. */
    public static String name(Path file) {
        return root().relativize(file).toString();
    }
}
