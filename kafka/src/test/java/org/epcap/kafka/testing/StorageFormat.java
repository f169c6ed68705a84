package org.epcap.kafka.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Formats a node's log dir with Kafka's storage tool ({@code kafka-storage format}), in this JVM.
 *
 * <p>In-process because a tool JVM costs seconds of CPU per node on a small machine, and
 * {@code StorageTool.execute} (unlike its {@code main}) returns a status instead of calling
 * {@code System.exit}. The tool's own logging goes to this JVM's SLF4J backend, which the test
 * resources keep at WARN.
 */
final class StorageFormat {

    private StorageFormat() {}

    static void format(Path serverProperties, String clusterId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            String[] args = {"format", "--cluster-id", clusterId, "--config", serverProperties.toString(),
                    "--ignore-formatted"};
            try {
                status = kafka.tools.StorageTool.execute(args, ps);
            } catch (RuntimeException e) {
                throw new IllegalStateException("kafka-storage format failed for " + serverProperties
                        + ": " + out.toString(StandardCharsets.UTF_8), e);
            }
        }
        if (status != 0) {
            throw new IllegalStateException("kafka-storage format exited " + status + " for "
                    + serverProperties + ": " + out.toString(StandardCharsets.UTF_8));
        }
    }
}
