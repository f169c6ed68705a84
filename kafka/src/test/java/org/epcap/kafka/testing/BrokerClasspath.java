package org.epcap.kafka.testing;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The class path for the broker and tool JVMs: the test JVM's own, which holds
 * {@code kafka_2.13}, {@code kafka-tools} and their runtime dependencies (test scope), plus
 * {@code slf4j-simple} as the brokers' logging backend.
 *
 * <p>Where it comes from, first that is set:
 *
 * <ol>
 *   <li>{@code -Depcap.kafka.classpath=...}, for a caller outside surefire (an IDE, a benchmark);
 *   <li>{@code surefire.test.class.path}, the full test class path, which surefire's forked
 *       booter sets. Under surefire 3.5.4 {@code java.class.path} holds the same list (the booter
 *       rewrites it, although the JVM was started from a manifest-only jar), as a probe test
 *       showed; the surefire property is preferred because it is meant for this;
 *   <li>{@code java.class.path}, the real list outside surefire.
 * </ol>
 *
 * <p>This needs no build step and works unchanged from another module (sniff) that depends on
 * this module's test-jar and on the Kafka test dependencies; a file written by a plugin into
 * this module's {@code target/} would not.
 */
final class BrokerClasspath {

    private BrokerClasspath() {}

    static String get() {
        String cp = firstSet("epcap.kafka.classpath", "surefire.test.class.path", "java.class.path");
        List<String> entries = Arrays.asList(cp.split(File.pathSeparator));
        requireJar(entries, "kafka_2.13-", "the broker (org.apache.kafka:kafka_2.13)");
        requireJar(entries, "kafka-tools-", "the tools (org.apache.kafka:kafka-tools)");
        return cp;
    }

    private static String firstSet(String... names) {
        for (String name : names) {
            String value = System.getProperty(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        throw new IllegalStateException("no class path in " + Arrays.toString(names));
    }

    private static void requireJar(List<String> entries, String prefix, String what) {
        boolean found = entries.stream()
                .map(e -> Path.of(e).getFileName())
                .anyMatch(f -> f != null && f.toString().startsWith(prefix));
        if (!found) {
            throw new IllegalStateException("the class path lacks " + what + "; add it at test scope."
                    + " Class path was: " + entries.stream().limit(20).collect(Collectors.joining(", ")));
        }
    }
}
