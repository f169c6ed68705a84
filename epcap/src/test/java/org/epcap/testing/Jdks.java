package org.epcap.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The JDKs installed beside the one running the tests (the machine has Temurin's too). */
public final class Jdks {
    private static final Pattern FEATURE = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private Jdks() {
    }

    /** The {@code java} of the newest JDK under /usr/lib/jvm of at least {@code feature}; fails without one. */
    public static Path javaOfAtLeast(int feature) {
        try (Stream<Path> dirs = Files.list(Path.of("/usr/lib/jvm"))) {
            Optional<Path> best = dirs.filter(d -> featureOf(d) >= feature)
                    .max(Comparator.comparingInt(Jdks::featureOf));
            if (best.isEmpty()) fail("needs a JDK " + feature + " or later under /usr/lib/jvm (Temurin's)");
            return best.get().resolve("bin/java");
        } catch (IOException e) {
            return fail("cannot list /usr/lib/jvm: " + e);
        }
    }

    private static int featureOf(Path jdk) {
        try {
            Matcher m = FEATURE.matcher(Files.readString(jdk.resolve("release")));
            return m.find() && Files.isExecutable(jdk.resolve("bin/java")) ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
