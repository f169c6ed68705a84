package org.epcap.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.epcap.Epcap;
import org.epcap.Options;
import org.epcap.Packet;

/**
 * N live captures of one interface (with a shared cluster id when N &gt; 1), each pulled on
 * its own thread, until {@code COUNT} packets arrived in total or none came for {@code IDLE}
 * seconds. Prints {@code ready} once all are open, then one line: captures, packets, seconds
 * (first to last packet, any capture), pps, and the kernel's drops summed over the captures.
 *
 * <pre>
 * FanoutBench INTERFACE N COUNT IDLE_SECONDS BUFFER_BYTES
 * </pre>
 */
public final class FanoutBench {
    private static final int CLUSTER = 42;

    private FanoutBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: FanoutBench INTERFACE N COUNT IDLE_SECONDS BUFFER_BYTES");
            System.exit(2);
        }
        int n = Integer.parseInt(args[1]);
        long limit = Long.parseLong(args[2]);
        Duration idle = Duration.ofSeconds(Long.parseLong(args[3]));
        Options.Builder b = Options.builder().interfaceName(args[0]).buffer(Integer.parseInt(args[4]))
                .timeout(Duration.ofMillis(10));
        if (n > 1) b.clusterId(CLUSTER);
        Options options = b.build();

        AtomicLong total = new AtomicLong();
        AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        AtomicLong last = new AtomicLong();
        List<Epcap> caps = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) caps.add(Epcap.start(options));
            System.out.println("ready");
            System.out.flush();
            for (Epcap cap : caps) {
                Thread t = new Thread(() -> {
                    long mine = 0;
                    for (Packet p; total.get() < limit && (p = cap.poll(idle)) != null; ) {
                        long now = System.nanoTime();
                        if (mine++ == 0) first.accumulateAndGet(now, Math::min);
                        last.accumulateAndGet(now, Math::max);
                        total.incrementAndGet();
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) t.join();
            long dropped = 0;
            for (Epcap cap : caps) dropped += cap.stats().dropped();
            double seconds = Math.max(1e-9, (last.get() - first.get()) / 1e9);
            System.out.printf("captures %d packets %d seconds %.3f pps %.0f dropped %d%n", n, total.get(), seconds,
                    total.get() / seconds, dropped);
        } finally {
            caps.forEach(Epcap::close);
        }
    }
}
