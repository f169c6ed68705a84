package org.epcap.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.epcap.CaptureEnd;
import org.epcap.Epcap;
import org.epcap.Options;
import org.epcap.RawPacketHandler;
import org.epcap.flow.tcp.GapReason;
import org.epcap.flow.tcp.ReassemblyConfig;
import org.epcap.flow.tcp.Side;
import org.epcap.flow.tcp.StreamHandler;
import org.epcap.flow.tcp.TcpConnection;
import org.epcap.flow.tcp.TcpReassembler;

/**
 * The whole path from a file through the port program to reassembled TCP streams, against the
 * plain capture rate of the same file through the same port (a raw handler that only counts),
 * in one JVM: rounds alternate the two, each round's ratio reassembled/plain is taken, and the
 * median printed with both rates. The reassembled bytes are printed, to be checked against the
 * generator's count.
 *
 * <pre>{@code
 * bench/port-reasm-bench.sh [FLOWS]
 * java -cp ... org.epcap.bench.PortReassemblyBench FILE [ROUNDS]
 * }</pre>
 */
public final class PortReassemblyBench {
    private PortReassemblyBench() {
    }

    /** Counts packets, and, when it has a reassembler, hands each packet to it. */
    private static final class Raw implements RawPacketHandler, StreamHandler {
        final TcpReassembler reassembler;
        long packets;
        long bytes;
        long gaps;
        volatile long endedAt;

        Raw(boolean reassemble) {
            reassembler = reassemble
                    ? new TcpReassembler(ReassemblyConfig.defaults().withBufferBytes(1L << 40, 1L << 40), this) : null;
        }

        @Override
        public void onPacket(int dlt, byte[] buf, int off, int caplen, long sec, int nsec, int length) {
            packets++;
            if (reassembler != null) reassembler.acceptFrame(dlt, sec * 1_000_000_000L + nsec, buf, off, caplen);
        }

        @Override
        public void onEnd(CaptureEnd end) {
            if (reassembler != null) reassembler.flush();
            endedAt = System.nanoTime();
        }

        @Override
        public void onData(TcpConnection c, Side side, byte[] data, int offset, int length) {
            bytes += length;
        }

        @Override
        public void onGap(TcpConnection c, Side side, long length, GapReason reason) {
            gaps++;
        }
    }

    /** Packets per second from READY to the end (the flush included), and the handler. */
    private static Raw run(Options options, boolean reassemble, double[] pps) throws Exception {
        Raw h = new Raw(reassemble);
        long started;
        try (Epcap e = Epcap.start(options, (RawPacketHandler) h)) {
            started = System.nanoTime();
            CaptureEnd end = e.awaitEnd(Duration.ofMinutes(5)).orElseThrow();
            if (end.reason() != CaptureEnd.Reason.END_OF_FILE) throw new IllegalStateException("ended: " + end);
        }
        pps[0] = h.packets * 1e9 / (h.endedAt - started);
        return h;
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: PortReassemblyBench FILE [ROUNDS]");
            System.exit(2);
        }
        Options options = Options.builder().file(Path.of(args[0])).build();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        double[] pps = new double[1];
        for (int i = 0; i < 3; i++) { // the JIT's warm-up, both paths
            run(options, false, pps);
            run(options, true, pps);
        }
        List<Double> plain = new ArrayList<>();
        List<Double> reasm = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        Raw last = null;
        for (int r = 0; r < rounds; r++) {
            double p;
            double q;
            if (r % 2 == 0) {
                run(options, false, pps);
                p = pps[0];
                last = run(options, true, pps);
                q = pps[0];
            } else {
                last = run(options, true, pps);
                q = pps[0];
                run(options, false, pps);
                p = pps[0];
            }
            plain.add(p);
            reasm.add(q);
            ratios.add(q / p);
            System.out.printf("round %d plain_pps %.0f reasm_pps %.0f ratio %.3f%n", r, p, q, q / p);
        }
        System.out.printf("packets %d reassembled_bytes %d gaps %d%n", last.packets, last.bytes, last.gaps);
        System.out.printf("file -> port -> reassembled streams: median %.0f pps against plain capture %.0f pps;"
                + " median ratio %.3f over %d rounds (target >= 0.5)%n", median(reasm), median(plain), median(ratios), rounds);
    }
}
