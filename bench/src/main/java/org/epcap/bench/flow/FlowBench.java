package org.epcap.bench.flow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.epcap.flow.FlowConfig;
import org.epcap.flow.FlowTable;
import org.epcap.flow.PacketSink;
import org.epcap.flow.defrag.DefragConfig;
import org.epcap.flow.defrag.Defragmenter;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;
import org.epcap.pkt.io.RecordView;

/**
 * The flow module over a capture file, as flow-bench.sh compares it with gopacket: {@code flows}
 * feeds every packet to a {@link FlowTable} (Community ID order keys, per-direction counters,
 * timeouts, bounded), {@code defrag} to a {@link Defragmenter} whose sink counts what it hands on
 * (gpbench's {@code defrag} counts the same: every IPv4 packet or datagram ip4defrag returns).
 * Prints one line: {@code mode M packets N seconds S pps P passes K frames F flows|datagrams_out X
 * rss_mib R}.
 *
 * <p>Usage: {@code FlowBench flows|defrag FILE WARMUP_SECONDS SECONDS [mem]}: untimed whole
 * passes for the JIT, then timed whole passes for at least SECONDS (each with a new table, so
 * every pass does the same work); only the packet loop is timed. With {@code mem} the frames are
 * loaded into memory first (one array each, like flowtrack's {@code -mem}), so that reading the
 * file is not timed.
 */
public final class FlowBench {
    /** The frames in memory ({@code mem}), or null to read the file on each pass. */
    private static List<PcapRecord> frames;

    private FlowBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4 || args.length > 5 || !List.of("flows", "defrag").contains(args[0])
                || (args.length == 5 && !args[4].equals("mem"))) {
            System.err.println("usage: FlowBench flows|defrag FILE WARMUP_SECONDS SECONDS [mem]");
            System.exit(2);
        }
        String mode = args[0];
        Path file = Path.of(args[1]);
        double warmUp = Double.parseDouble(args[2]);
        double seconds = Double.parseDouble(args[3]);
        if (args.length == 5) {
            try (PcapReader r = PcapReader.open(file)) {
                frames = r.stream().toList();
            }
        }
        long warmEnd = System.nanoTime() + (long) (warmUp * 1e9);
        while (System.nanoTime() < warmEnd) {
            pass(mode, file);
        }
        long packets = 0;
        long nanos = 0;
        int passes = 0;
        long[] last = null;
        while (passes == 0 || nanos < seconds * 1e9) {
            last = pass(mode, file);
            packets += last[0];
            nanos += last[1];
            passes++;
        }
        System.out.printf("mode %s%s packets %d seconds %.3f pps %.0f passes %d frames %d %s %d rss_mib %.1f%n",
                frames != null ? "mem-" : "", mode, packets, nanos / 1e9, packets / (nanos / 1e9), passes, last[0],
                mode.equals("flows") ? "flows" : "datagrams_out", last[2], peakRssMib());
    }

    /** One pass: {packets, nanoseconds, flows created or packets handed on}. */
    private static long[] pass(String mode, Path file) throws IOException {
        long packets = 0;
        long start;
        long end;
        long[] out = {0};
        FlowTable table = mode.equals("flows")
                ? new FlowTable(FlowConfig.defaults().withMaxFlows(1 << 18), r -> out[0]++) : null;
        Defragmenter defrag = mode.equals("defrag")
                ? new Defragmenter(DefragConfig.defaults(), (dlt, t, data, off, len) -> out[0]++) : null;
        PacketSink sink = table != null ? table : defrag;
        if (frames != null) {
            start = System.nanoTime();
            for (PcapRecord rec : frames) {
                packets++;
                sink.accept(rec.dataLinkType(), rec.timeNanos(), rec.data(), 0, rec.caplen());
            }
            end = System.nanoTime();
            return new long[] {packets, end - start, table != null ? table.stats().flowsCreated() : out[0]};
        }
        try (PcapReader r = PcapReader.open(file)) {
            start = System.nanoTime();
            if (table != null) {
                for (RecordView v; (v = r.nextView()) != null; ) {
                    packets++;
                    table.accept(v.dataLinkType(), v.timeNanos(), v.array(), v.offset(), v.caplen());
                }
            } else {
                for (RecordView v; (v = r.nextView()) != null; ) {
                    packets++;
                    defrag.accept(v.dataLinkType(), v.timeNanos(), v.array(), v.offset(), v.caplen());
                }
            }
            end = System.nanoTime();
        }
        long result = table != null ? table.stats().flowsCreated() : out[0];
        return new long[] {packets, end - start, result};
    }

    /** The process's peak resident set (VmHWM), in MiB. */
    private static double peakRssMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
