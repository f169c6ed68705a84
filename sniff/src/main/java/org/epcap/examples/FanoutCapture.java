package org.epcap.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.epcap.Epcap;
import org.epcap.Options;
import org.epcap.Packet;

/**
 * Fan-out across cores: N captures of one interface with the same cluster id, each on its
 * own thread. The kernel (PACKET_FANOUT with flow hashing) gives every flow to exactly one of
 * them, so together they see each packet once. Prints what each capture got.
 *
 * <pre>
 * java -cp ... org.epcap.examples.FanoutCapture eth0 4 [SECONDS [CLUSTER_ID]]
 * capture 0: 251034 packets, 17 flows
 * capture 1: 249710 packets, 15 flows
 * ...
 * </pre>
 *
 * A flow here is an IPv4 5-tuple (addresses, protocol, ports); other packets count as one
 * flow per EtherType.
 */
public final class FanoutCapture {
    private FanoutCapture() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: FanoutCapture INTERFACE N [SECONDS [CLUSTER_ID]]");
            System.exit(2);
        }
        String iface = args[0];
        int n = Integer.parseInt(args[1]);
        Duration run = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 10);
        int cluster = args.length > 3 ? Integer.parseInt(args[3]) : 1;

        Options options = Options.builder().interfaceName(iface).clusterId(cluster)
                // TPACKET_V3 blocks with a short read timeout hold far more packets than
                // immediate mode's one-frame-per-snaplen ring.
                .timeout(Duration.ofMillis(10)).build();
        List<Epcap> captures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long[] packets = new long[n];
        List<Set<Long>> flows = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Epcap cap = Epcap.start(options);
                captures.add(cap);
                Set<Long> seen = new HashSet<>();
                flows.add(seen);
                int me = i;
                Thread t = new Thread(() -> {
                    for (Packet p; (p = cap.next()) != null; ) {
                        packets[me]++;
                        seen.add(flowKey(p.data()));
                    }
                }, "fanout-" + i);
                t.start();
                threads.add(t);
            }
            System.err.println(n + " captures on " + iface + " in cluster " + cluster + " for " + run.toSeconds()
                    + " s");
            Thread.sleep(run.toMillis());
        } finally {
            captures.forEach(Epcap::close);
            for (Thread t : threads) t.join();
        }
        long total = 0;
        for (int i = 0; i < n; i++) {
            System.out.printf("capture %d: %d packets, %d flows%n", i, packets[i], flows.get(i).size());
            total += packets[i];
        }
        System.out.printf("total: %d packets%n", total);
    }

    /** A 64-bit key of the IPv4 5-tuple of an Ethernet frame, or of its EtherType. */
    static long flowKey(byte[] d) {
        if (d.length < 14) return -1;
        int type = u16(d, 12);
        if (type != 0x0800 || d.length < 14 + 20) return type;
        int ihl = (d[14] & 0x0f) * 4;
        long key = ((long) u16(d, 26) << 48) ^ ((long) u16(d, 28) << 32) ^ ((long) u16(d, 30) << 16) ^ u16(d, 32);
        key = key * 31 + (d[23] & 0xff);
        int l4 = 14 + ihl;
        if ((d[23] == 6 || d[23] == 17) && d.length >= l4 + 4) key = key * 31 + (((long) u16(d, l4) << 16) | u16(d, l4 + 2));
        return key;
    }

    private static int u16(byte[] d, int i) {
        return ((d[i] & 0xff) << 8) | (d[i + 1] & 0xff);
    }
}
