package org.epcap.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.epcap.flow.tcp.GapReason;
import org.epcap.flow.tcp.ReassemblyConfig;
import org.epcap.flow.tcp.ReassemblyStats;
import org.epcap.flow.tcp.Side;
import org.epcap.flow.tcp.StreamHandler;
import org.epcap.flow.tcp.TcpConnection;
import org.epcap.flow.tcp.TcpReassembler;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.RecordView;

/**
 * TCP reassembly of a capture file with {@link TcpReassembler}, as gopacket's gpbench does it in
 * its {@code reasm} mode, and prints one line:
 * {@code mode reasm packets N seconds S pps P passes K reassembled_bytes B gaps G gap_bytes GB
 * held_peak_bytes H connections C rss_mib R heap_peak_mib U heap_max_mib M}. reasm-bench.sh runs it beside gpbench on the same
 * file and prints the ratio.
 *
 * <p>Usage: {@code ReassemblyBench FILE WARMUP_CPU_SECONDS SECONDS [PER_CONNECTION_BYTES [TOTAL_BYTES]]}:
 * whole passes, each reading the file anew with {@link PcapReader#nextView()} (records in place,
 * like gpbench's zero-copy read) into a new reassembler and flushing it at the end (gpbench's
 * {@code FlushAll}); untimed passes until this thread has used WARMUP_CPU_SECONDS of CPU (the
 * JIT's warm-up; CPU time, not wall time, so that a loaded machine does not cut it short), then
 * timed passes for at least SECONDS of wall time. {@code cpu_pps} is packets per second of this
 * thread's CPU time over the timed passes. The handler counts the bytes delivered (gpbench's
 * {@code reassembled_bytes}), one pass's worth. Without budgets they are large enough never to
 * force a gap (gpbench unbounded); TOTAL_BYTES defaults to PER_CONNECTION_BYTES (as gpbench's
 * {@code -reasm-max-pages} sets both).
 */
public final class ReassemblyBench {
    private ReassemblyBench() {
    }

    /** Counts what a pass delivers. */
    private static final class Count implements StreamHandler {
        long bytes;
        long gaps;
        long gapBytes;

        @Override
        public void onData(TcpConnection c, Side side, byte[] data, int offset, int length) {
            bytes += length;
        }

        @Override
        public void onGap(TcpConnection c, Side side, long length, GapReason reason) {
            gaps++;
            gapBytes += length;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length > 5) {
            System.err.println("usage: ReassemblyBench FILE WARMUP_CPU_SECONDS SECONDS [PER_CONNECTION_BYTES [TOTAL_BYTES]]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        double warmUp = Double.parseDouble(args[1]);
        double seconds = Double.parseDouble(args[2]);
        ReassemblyConfig config = ReassemblyConfig.defaults().withBufferBytes(1L << 40, 1L << 40);
        if (args.length >= 4) {
            long perConnection = Long.parseLong(args[3]);
            config = config.withBufferBytes(perConnection, args.length == 5 ? Long.parseLong(args[4]) : perConnection);
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long warmStart = mx.getCurrentThreadCpuTime();
        while (mx.getCurrentThreadCpuTime() - warmStart < (long) (warmUp * 1e9)) {
            pass(file, config, new Count(), new long[2]);
        }
        long packets = 0;
        long nanos = 0;
        int passes = 0;
        long cpu0 = mx.getCurrentThreadCpuTime();
        Count last = null;
        ReassemblyStats stats = null;
        while (passes == 0 || nanos < seconds * 1e9) {
            last = new Count();
            long[] pn = new long[2];
            stats = pass(file, config, last, pn);
            packets += pn[0];
            nanos += pn[1];
            passes++;
        }
        double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf("mode reasm packets %d seconds %.3f pps %.0f cpu_seconds %.3f cpu_pps %.0f passes %d"
                + " reassembled_bytes %d gaps %d gap_bytes %d held_peak_bytes %d connections %d overlap_bytes %d"
                + " rss_mib %.1f heap_peak_mib %.1f heap_max_mib %.1f%n",
                packets, nanos / 1e9, packets / (nanos / 1e9), cpu, packets / cpu, passes, last.bytes, last.gaps, last.gapBytes,
                stats.heldBytesPeak(), stats.connectionsOpened(), stats.overlapBytes(), peakRssMib(), heapPeakMib(),
                Runtime.getRuntime().maxMemory() / 1048576.0);
    }

    /** One pass: fills {packets, nanoseconds}; only the read-and-reassemble loop and the flush are timed. */
    private static ReassemblyStats pass(Path file, ReassemblyConfig config, Count count, long[] out)
            throws IOException {
        TcpReassembler r = new TcpReassembler(config, count);
        long packets = 0;
        long start;
        try (PcapReader in = PcapReader.open(file)) {
            start = System.nanoTime();
            for (RecordView v; (v = in.nextView()) != null; ) {
                r.acceptFrame(v.dataLinkType(), v.timeNanos(), v.array(), v.offset(), v.caplen());
                packets++;
            }
            r.flush();
        }
        out[0] = packets;
        out[1] = System.nanoTime() - start;
        return r.stats();
    }

    /**
     * The heap's peak use, in MiB: the sum of each heap pool's peak (the pools peak at different
     * times, so this is at most that much), garbage not yet collected included: with a young
     * generation that fills before each collection it comes near the maximum heap.
     */
    private static double heapPeakMib() {
        long bytes = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / 1048576.0;
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
