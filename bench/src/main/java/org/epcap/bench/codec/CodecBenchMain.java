package org.epcap.bench.codec;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link CodecBench} briefly (one fork, a few seconds per benchmark) and prints packets/s
 * for each decoder and workload and our ratio to pcap4j measured in the same run.
 *
 * <pre>{@code
 * bench/codec-bench.sh            # builds, then runs this
 * java -cp ... org.epcap.bench.codec.CodecBenchMain [seconds per measurement]
 * }</pre>
 */
public final class CodecBenchMain {
    private CodecBenchMain() {
    }

    public static void main(String[] args) throws RunnerException {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Options opts = new OptionsBuilder()
                .include(CodecBench.class.getName())
                .forks(1)
                .threads(1)
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(Math.max(1, seconds / 2)))
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(seconds))
                .jvmArgsAppend("-Xmx512m", "-Depcap.corpus=" + System.getProperty("epcap.corpus", ""))
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        Map<String, Map<String, Double>> byWorkload = new TreeMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            String workload = r.getParams().getParam("workload");
            byWorkload.computeIfAbsent(workload, k -> new TreeMap<>())
                    .put(method, r.getPrimaryResult().getScore());
        }
        System.out.println();
        System.out.println("codec decode throughput, one thread (packets/s):");
        for (Map.Entry<String, Map<String, Double>> w : byWorkload.entrySet()) {
            Map<String, Double> m = w.getValue();
            double peer = m.getOrDefault("pcap4j", Double.NaN);
            for (String method : new String[] {"fastDecoder", "recordDecode", "pcap4j"}) {
                double v = m.getOrDefault(method, Double.NaN);
                System.out.printf("  %-5s %-13s %,15.0f pkts/s  ratio to pcap4j %6.2f%n",
                        w.getKey(), method, v, v / peer);
            }
        }
        Map<String, Double> tcp4 = byWorkload.getOrDefault("tcp4", Map.of());
        System.out.printf("targets (tcp4): fast path >= 20 M/s: %s (%.1f M/s); record path >= 5 M/s: %s (%.1f M/s)%n",
                tcp4.getOrDefault("fastDecoder", 0.0) >= 20e6 ? "met" : "NOT met",
                tcp4.getOrDefault("fastDecoder", 0.0) / 1e6,
                tcp4.getOrDefault("recordDecode", 0.0) >= 5e6 ? "met" : "NOT met",
                tcp4.getOrDefault("recordDecode", 0.0) / 1e6);
    }
}
