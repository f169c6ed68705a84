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
 *   <li>{@code surefire.test.class.path}: surefire's forked booter sets it to the full test class
 *       path. Under surefire's default manifest-only booter jar, {@code java.class.path} would be
 *       the one booter jar whose manifest lists the rest, which a child JVM can also take, but
 *       only while surefire has not deleted it; the explicit list does not depend on that;
 *   <li>{@code java.class.path}, which is the real list when not under surefire.
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
