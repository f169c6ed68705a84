package org.epcap.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.epcap.CaptureEnd;
import org.epcap.Epcap;
import org.epcap.Options;
import org.epcap.Packet;
import org.epcap.PacketHandler;
import org.epcap.RawPacketHandler;

/**
 * Reads a pcap file through the port program with the ordinary {@link Packet} API and prints
 * one line per timed pass:
 * {@code mode M packets N bytes B seconds S pps P rss_mib R startup_ms X}. port-bench.sh runs it
 * beside libpcap's own loop on the same file and prints the ratio.
 *
 * <p>Usage: {@code PortFileBench push|pull|raw FILE [ROUNDS]}: {@value #WARM_UP_PASSES} untimed
 * warm-up passes, then ROUNDS (default 1) timed passes.
 *
 * <p>Modes: {@code push} (a {@link PacketHandler} on the reader thread), {@code pull}
 * ({@link Epcap#next()} on the calling thread), and {@code raw} (a {@link RawPacketHandler}: no
 * Packet, no copy; the limit of the pipe and the reader, not the ordinary API).
 *
 * <p>What is timed: {@code seconds} and {@code pps} run from the return of {@link Epcap#start}
 * (the port has sent READY, so it has opened the file) to the end of the capture. That is what
 * the C loop (bench/native/pcapcount.c) times: only pcap_dispatch, after pcap_open_offline. The
 * process spawn, the JVM side of the handshake and the file open would otherwise be charged to
 * the packet rate, and on a noisy VM they vary more than the rate itself; {@code startup_ms}
 * shows them separately so nothing is hidden. The end is where the library reports it (the
 * handler's onEnd, or next() returning null), after the port has been reaped, so the port's exit
 * is inside the timed span while the C loop's pcap_close is not; close() is not timed, as
 * pcap_close is not.
 */
public final class PortFileBench {
    /**
     * One pass was not enough for pull: the JIT compiles the {@code next()} loop below while it
     * runs (on-stack replacement), throws that code away when the loop first exits, and the
     * following pass then began in the interpreter and spent a fifth of a 2 M-packet file there
     * (seen with -XX:+PrintCompilation). By the third pass the compiled loop has seen its exit.
     */
    private static final int WARM_UP_PASSES = 3;

    private PortFileBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3 || !List.of("push", "pull", "raw").contains(args[0])) {
            usage();
        }
        int rounds = 1;
        if (args.length == 3) {
            try {
                rounds = Integer.parseInt(args[2]);
            } catch (NumberFormatException e) {
                usage();
            }
            if (rounds < 1) usage();
        }
        Path file = Path.of(args[1]);
        Options options = Options.builder().file(file).build();
        for (int i = 0; i < WARM_UP_PASSES; i++) run(args[0], options);
        for (int i = 0; i < rounds; i++) {
            Result r = run(args[0], options);
            double seconds = r.captureNanos / 1e9;
            System.out.printf("mode %s packets %d bytes %d seconds %.3f pps %.0f rss_mib %.1f startup_ms %.1f%n",
                    args[0], r.packets, r.bytes, seconds, r.packets / seconds, peakRssMib(), r.startupNanos / 1e6);
        }
    }

    private static void usage() {
        System.err.println("usage: PortFileBench push|pull|raw FILE [ROUNDS]");
        System.exit(2);
    }

    private record Result(long packets, long bytes, long startupNanos, long captureNanos) {
    }

    /**
     * Counts packets and bytes as a {@link PacketHandler} (push) or a {@link RawPacketHandler}
     * (raw). The end is stamped in onEnd on the reader thread rather than after awaitEnd, so the
     * main thread's wake-up latency (large and erratic on a busy 2-core VM) is not counted.
     */
    private static final class Counter implements PacketHandler, RawPacketHandler {
        long packets;
        long bytes;
        volatile long endedAt;

        @Override
        public void onPacket(Packet p) {
            packets++;
            bytes += p.caplen();
        }

        @Override
        public void onPacket(int dlt, byte[] buf, int off, int caplen, long sec, int nsec, int len) {
            packets++;
            bytes += caplen;
        }

        @Override
        public void onEnd(CaptureEnd end) {
            endedAt = System.nanoTime();
        }
    }

    private static Result run(String mode, Options options) throws Exception {
        long t0 = System.nanoTime();
        long started;
        CaptureEnd end;
        if (!mode.equals("pull")) {
            Counter counter = new Counter();
            // The reader thread dispatches as soon as READY is in, so some packets may be
            // counted before start() returns and `started` is taken. They stay in the count:
            // excluding them would need a clock read per packet in the handler, which costs
            // more than the overlap (the main thread's wake-up after READY) distorts.
            try (Epcap e = mode.equals("push") ? Epcap.start(options, (PacketHandler) counter)
                    : Epcap.start(options, (RawPacketHandler) counter)) {
                started = System.nanoTime();
                end = e.awaitEnd(Duration.ofMinutes(5)).orElseThrow();
            }
            // awaitEnd returned after onEnd: the counts are visible here.
            checkEnd(end);
            return new Result(counter.packets, counter.bytes, started - t0, counter.endedAt - started);
        }
        Counter counter = new Counter();
        long endedAt;
        try (Epcap e = Epcap.start(options)) {
            started = System.nanoTime();
            drain(e, counter);
            endedAt = System.nanoTime();
            end = e.end().orElseThrow();
        }
        checkEnd(end);
        return new Result(counter.packets, counter.bytes, started - t0, endedAt - started);
    }

    /** Pull's loop, alone in its method so that its compiled code has nothing else to go stale on. */
    private static void drain(Epcap e, Counter counter) {
        for (Packet p; (p = e.next()) != null; ) counter.onPacket(p);
    }

    /** A capture cut short (port died, error) would print a plausible but wrong rate. */
    private static void checkEnd(CaptureEnd end) {
        if (end.reason() != CaptureEnd.Reason.END_OF_FILE) {
            throw new IllegalStateException("capture ended with " + end.reason()
                    + end.cause().map(c -> ": " + c.getMessage()).orElse(""));
        }
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
