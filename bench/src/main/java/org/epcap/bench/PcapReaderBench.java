package org.epcap.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;
import org.epcap.pkt.io.RecordView;

/**
 * Reads a capture file with the pure-Java {@link PcapReader}, as gopacket's gpbench reads one in
 * its {@code count_zc} and {@code count} modes, and prints one line:
 * {@code mode M packets N bytes B seconds S pps P passes K frames F rss_mib R}.
 * pcap-reader-bench.sh runs it beside gpbench on the same files and prints the ratio.
 *
 * <p>Usage: {@code PcapReaderBench view|record FILE WARMUP_SECONDS SECONDS}: whole passes over
 * the file (each opens it anew, as gpbench's do) for WARMUP_SECONDS untimed, then for at least
 * SECONDS timed; the counters are totals over the timed passes, as gpbench's are.
 *
 * <p>Modes: {@code view} ({@link PcapReader#nextView()}: the record in place in the reader's
 * buffer, like gopacket's {@code ZeroCopyReadPacketData}) and {@code record}
 * ({@link PcapReader#next()}: a {@link PcapRecord} with its own copy, like
 * {@code ReadPacketData}). Both touch what gpbench touches: the captured length of each packet.
 */
public final class PcapReaderBench {
    private PcapReaderBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !List.of("view", "record").contains(args[0])) {
            usage();
        }
        boolean views = args[0].equals("view");
        Path file = Path.of(args[1]);
        double warmUp = 0;
        double seconds = 0;
        try {
            warmUp = Double.parseDouble(args[2]);
            seconds = Double.parseDouble(args[3]);
        } catch (NumberFormatException e) {
            usage();
        }
        long warmEnd = System.nanoTime() + (long) (warmUp * 1e9);
        while (System.nanoTime() < warmEnd) {
            pass(file, views);
        }
        long packets = 0;
        long bytes = 0;
        long nanos = 0;
        int passes = 0;
        long frames = 0;
        while (passes == 0 || nanos < seconds * 1e9) {
            long[] counts = pass(file, views);
            nanos += counts[2];
            packets += counts[0];
            bytes += counts[1];
            frames = counts[0];
            passes++;
        }
        System.out.printf("mode %s packets %d bytes %d seconds %.3f pps %.0f passes %d frames %d rss_mib %.1f%n",
                args[0], packets, bytes, nanos / 1e9, packets / (nanos / 1e9), passes, frames,
                peakRssMib());
    }

    /**
     * One pass over the file: {packets, bytes captured, nanoseconds}. Only the read loop is
     * timed, not the open (which reads the file header) and close, as gpbench times its passes.
     */
    private static long[] pass(Path file, boolean views) throws IOException {
        long packets = 0;
        long bytes = 0;
        long start;
        long end;
        try (PcapReader r = PcapReader.open(file)) {
            start = System.nanoTime();
            if (views) {
                for (RecordView v; (v = r.nextView()) != null; ) {
                    packets++;
                    bytes += v.caplen();
                }
            } else {
                for (PcapRecord rec; (rec = r.next()) != null; ) {
                    packets++;
                    bytes += rec.caplen();
                }
            }
            end = System.nanoTime();
        }
        return new long[] {packets, bytes, end - start};
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

    private static void usage() {
        System.err.println("usage: PcapReaderBench view|record FILE WARMUP_SECONDS SECONDS");
        System.exit(2);
    }
}
