package org.epcap.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.epcap.CaptureEnd;
import org.epcap.Epcap;
import org.epcap.Options;
import org.epcap.Packet;
import org.epcap.PacketHandler;
import org.epcap.RawPacketHandler;

/**
 * Reads a pcap file through the port program with the ordinary {@link Packet} API and prints
 * one line: {@code mode M packets N bytes B seconds S pps P rss_mib R}. port-bench.sh runs it beside
 * libpcap's own loop on the same file and prints the ratio.
 *
 * <p>Modes: {@code push} (a {@link PacketHandler} on the reader thread), {@code pull}
 * ({@link Epcap#next()} on the calling thread), and {@code raw} (a {@link RawPacketHandler}: no
 * Packet, no copy; the limit of the pipe and the reader, not the ordinary API).
 */
public final class PortFileBench {
    private PortFileBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !List.of("push", "pull", "raw").contains(args[0])) {
            System.err.println("usage: PortFileBench push|pull|raw FILE");
            System.exit(2);
        }
        Path file = Path.of(args[1]);
        Options options = Options.builder().file(file).build();
        // One warm-up pass so the JIT has compiled the reader before the timed pass.
        run(args[0], options);
        long[] r = run(args[0], options);
        double seconds = r[2] / 1e9;
        System.out.printf("mode %s packets %d bytes %d seconds %.3f pps %.0f rss_mib %.1f%n",
                args[0], r[0], r[1], seconds, r[0] / seconds, peakRssMib());
    }

    private static long[] run(String mode, Options options) throws Exception {
        AtomicLong packets = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long t0 = System.nanoTime();
        if (mode.equals("push")) {
            PacketHandler counter = new PacketHandler() {
                long n;
                long b;

                @Override
                public void onPacket(Packet p) {
                    n++;
                    b += p.caplen();
                }

                @Override
                public void onEnd(CaptureEnd end) {
                    packets.set(n);
                    bytes.set(b);
                }
            };
            try (Epcap e = Epcap.start(options, counter)) {
                e.awaitEnd(Duration.ofMinutes(5)).orElseThrow();
            }
        } else if (mode.equals("raw")) {
            RawPacketHandler counter = new RawPacketHandler() {
                long n;
                long b;

                @Override
                public void onPacket(int dlt, byte[] buf, int off, int caplen, long sec, int nsec, int len) {
                    n++;
                    b += caplen;
                }

                @Override
                public void onEnd(CaptureEnd end) {
                    packets.set(n);
                    bytes.set(b);
                }
            };
            try (Epcap e = Epcap.start(options, counter)) {
                e.awaitEnd(Duration.ofMinutes(5)).orElseThrow();
            }
        } else {
            long n = 0;
            long b = 0;
            try (Epcap e = Epcap.start(options)) {
                for (Packet p; (p = e.next()) != null; ) {
                    n++;
                    b += p.caplen();
                }
            }
            packets.set(n);
            bytes.set(b);
        }
        return new long[] {packets.get(), bytes.get(), System.nanoTime() - t0};
    }

    /** The JVM's peak resident set (VmHWM), in MiB. */
    static double peakRssMib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
