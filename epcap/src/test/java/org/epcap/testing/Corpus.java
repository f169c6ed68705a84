package org.epcap.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The pcap and pcapng files of the shared corpus, sorted by path. */
public final class Corpus {
    private Corpus() {
    }

    public static List<Path> captureFiles() {
        Path root = Tools.assumeCorpus();
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** native/test/pcapdump next to the port program: libpcap's own reading of a file. */
    public static Path pcapdump() {
        Path p = Tools.assumePortProgram().resolveSibling("test/pcapdump");
        org.junit.jupiter.api.Assertions.assertTrue(Files.isExecutable(p),
                "needs " + p + ": make -C native test-tools");
        return p;
    }
}
