package org.epcap.pkt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.epcap.pkt.testing.Corpus;
import org.epcap.pkt.testing.ExternalTool;
import org.junit.jupiter.api.Test;

/**
 * On a JDK of 24 or later, which warns once about each use of {@code sun.misc.Unsafe}'s
 * deprecated methods, reading a file (mapped windows, each unmapped after use) prints nothing
 * on stderr: the windows are unmapped through the FFM API there.
 */
class JdkWarningsTest {
    private static final Pattern FEATURE = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    /** The java of a JDK of at least 24 under /usr/lib/jvm (the machine has Temurin's). */
    private static Path newJava() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("/usr/lib/jvm"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                Path release = d.resolve("release");
                if (!Files.isRegularFile(release)) continue;
                Matcher m = FEATURE.matcher(Files.readString(release));
                if (m.find() && Integer.parseInt(m.group(1)) >= 24 && Files.isExecutable(d.resolve("bin/java"))) {
                    return d.resolve("bin/java");
                }
            }
        }
        return fail("needs a JDK 24 or later under /usr/lib/jvm (Temurin's)");
    }

    @Test
    void readingAFileOnANewJdkPrintsNoWarning() throws IOException {
        Path file = Corpus.root().resolve("tcpdump/dns_tcp.pcap");
        ExternalTool.Result r = ExternalTool.run(List.of(newJava().toString(), "-cp",
                System.getProperty("java.class.path"), ReadFileOnce.class.getName(), file.toString()), 60);
        assertEquals("", r.stderr());
        // tcpdump -r counts 11 packets in the file.
        assertEquals("RECORDS 11\n", r.stdout());
    }
}
