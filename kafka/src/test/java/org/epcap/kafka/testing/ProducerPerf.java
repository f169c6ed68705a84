package org.epcap.kafka.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Kafka's own producer benchmark ({@code kafka-producer-perf-test}, the class
 * {@code org.apache.kafka.tools.ProducerPerformance} from {@code kafka-tools}) as a separate JVM
 * and parses its summary line, so a benchmark compares against the numbers Kafka's tool prints.
 *
 * <pre>{@code
 * ProducerPerf.Result r = ProducerPerf.run(kafka.bootstrapServers(),
 *     new ProducerPerf.Spec("t", 100_000, 512, 65_536, 5, "all"), Duration.ofMinutes(2));
 * }</pre>
 */
public final class ProducerPerf {

    /**
     * What to send: {@code records} records of {@code recordSize} random bytes to {@code topic}
     * (which must exist: the harness's brokers do not auto-create topics), as fast as possible,
     * with the producer's {@code batch.size}, {@code linger.ms} and {@code acks}.
     */
    public record Spec(String topic, long records, int recordSize, int batchSize, int lingerMs,
            String acks) {}

    /**
     * The tool's final summary: {@code recordsPerSec} and {@code mbPerSec} (MiB: the tool divides
     * bytes by 1024 * 1024), latencies in ms, and the line itself.
     */
    public record Result(long records, double recordsPerSec, double mbPerSec, double avgLatencyMs,
            double maxLatencyMs, int p50Ms, int p99Ms, String line) {}

    // "%d%s records sent, %f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency,
    // %d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th." (ProducerPerformance.printTotal, 4.x)
    private static final Pattern SUMMARY = Pattern.compile(
            "^(\\d+)[^,]*? records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg"
                    + " latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th,"
                    + " (\\d+) ms 99\\.9th\\.\\s*$");

    private ProducerPerf() {}

    /**
     * Runs the tool to the end, at most {@code timeout} (then kills it).
     *
     * @throws IllegalStateException if it fails, times out, or prints no summary; with its output
     */
    public static Result run(String bootstrapServers, Spec spec, Duration timeout) {
        Path out;
        try {
            out = Files.createTempFile("epcap-producer-perf-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            int status = launch(bootstrapServers, spec, out, timeout);
            String text = Files.readString(out);
            if (status != 0) {
                throw new IllegalStateException("producer perf test exited " + status + ":\n" + text);
            }
            return parse(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(out);
            } catch (IOException ignored) {
                // A temp file left behind is harmless; the result or the failure matters more.
            }
        }
    }

    /** The last summary line in the tool's output. */
    static Result parse(String output) {
        Result found = null;
        for (String line : output.split("\\R")) {
            Matcher m = SUMMARY.matcher(line.trim());
            if (m.matches()) {
                found = new Result(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
                        Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)),
                        Double.parseDouble(m.group(5)), Integer.parseInt(m.group(6)),
                        Integer.parseInt(m.group(8)), line.trim());
            }
        }
        if (found == null) {
            throw new IllegalStateException("no summary line in the producer perf test's output:\n"
                    + output);
        }
        return found;
    }

    private static int launch(String bootstrap, Spec spec, Path out, Duration timeout)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        // The summary is printed with String.format in the default locale: pin it, so "1234.5"
        // does not come out as "1234,5".
        cmd.add("-Duser.language=en");
        cmd.add("-Duser.country=US");
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-cp");
        cmd.add(BrokerClasspath.get());
        cmd.add("org.apache.kafka.tools.ProducerPerformance");
        cmd.addAll(List.of("--topic", spec.topic(),
                "--num-records", Long.toString(spec.records()),
                "--record-size", Integer.toString(spec.recordSize()),
                "--throughput", "-1",
                "--bootstrap-server", bootstrap,
                "--command-property",
                "acks=" + spec.acks(),
                "batch.size=" + spec.batchSize(),
                "linger.ms=" + spec.lingerMs()));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Reaper.track(p);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("producer perf test did not end within " + timeout
                        + ":\n" + LogTail.of(out));
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            Reaper.untrack(p);
        }
    }
}
