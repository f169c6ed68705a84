package org.epcap.bench;

import java.time.Duration;
import org.epcap.Epcap;
import org.epcap.Options;
import org.epcap.Packet;
import org.epcap.Stats;
import org.epcap.Timeout;

/**
 * Captures live through the port program until {@code COUNT} packets arrived or none came for
 * {@code IDLE} seconds, and prints one line: packets, seconds, pps, and the kernel's received and
 * dropped counts from {@link Epcap#stats()}. Prints {@code ready} once the capture is open, so
 * that port-bench.sh starts the sender only then.
 */
public final class PortLiveBench {
    private PortLiveBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4 || args.length > 6) {
            System.err.println("usage: PortLiveBench INTERFACE COUNT IDLE_SECONDS BUFFER_BYTES [SNAPLEN [TIMEOUT_MS]]");
            System.exit(2);
        }
        long limit = Long.parseLong(args[1]);
        Duration idle = Duration.ofSeconds(Long.parseLong(args[2]));
        int timeoutMs = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        Options options = Options.builder()
                .interfaceName(args[0])
                .buffer(Integer.parseInt(args[3]))
                .snaplen(args.length > 4 ? Integer.parseInt(args[4]) : Options.MAX_SNAPLEN)
                .timeout(timeoutMs > 0 ? Timeout.of(Duration.ofMillis(timeoutMs)) : Timeout.IMMEDIATE)
                .build();
        try (Epcap e = Epcap.start(options)) {
            System.out.println("ready");
            System.out.flush();
            long n = 0;
            long first = 0;
            long last = 0;
            for (Packet p; n < limit && (p = e.poll(idle)) != null; ) {
                if (n++ == 0) {
                    first = System.nanoTime();
                }
                last = System.nanoTime();
            }
            Stats s = e.stats();
            double seconds = Math.max(last - first, 1) / 1e9;
            System.out.printf("packets %d seconds %.3f pps %.0f received %d dropped %d rss_mib %.1f%n",
                    n, seconds, n / seconds, s.received(), s.dropped(), PortFileBench.peakRssMib());
        }
    }
}
