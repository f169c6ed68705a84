package org.epcap.privilege;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.epcap.Epcap;
import org.epcap.Options;
import org.epcap.Packet;
import org.epcap.testing.Netns;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;

/**
 * Cluster ids (PACKET_FANOUT with flow hashing) on one veth, fed by bench/native/blast: two
 * captures with the same id split the burst (no packet twice, none missing, each flow on
 * one capture); a capture with another id sees all of it. And cpuAffinity pins the port.
 */
class FanoutTest {
    private static final int COUNT = 900; // under the kernel's default netdev_max_backlog (1000): veth delivery never drops
    private static final int FLOWS = 32;
    /** blast's frames: UDP from 169.254.1.1 to port 9, the sequence number after the header. */
    private static final String FILTER = "udp and src host 169.254.1.1 and dst port 9";
    private static final int SEQ_OFFSET = 14 + 20 + 8;
    private static final int SPORT_OFFSET = 14 + 20;

    @Test
    void sameClusterSplitsOtherClusterSeesAll() {
        Tools.assumeRoot();
        try (Netns net = Netns.create()) {
            Options.Builder b = Options.builder().progname(PortBuilds.port()).exec(net.execIn(net.b()))
                    .interfaceName(net.vethB()).filter(FILTER).buffer(16 << 20)
                    // A read timeout, not immediate mode: libpcap then uses TPACKET_V3 blocks;
                    // immediate mode's TPACKET_V2 ring holds only buffer/snaplen frames.
                    .timeout(Duration.ofMillis(10));
            try (Epcap one = Epcap.start(b.clusterId(7).build());
                 Epcap two = Epcap.start(b.clusterId(7).build());
                 Epcap all = Epcap.start(b.clusterId(8).build())) {
                net.runIn(net.a(), PortBuilds.blast().toString(), net.vethA(), Integer.toString(COUNT), "64",
                        Integer.toString(FLOWS));
                Map<Integer, Integer> flowOwner = new HashMap<>();
                BitSet seenOne = collect(one, 0, flowOwner);
                BitSet seenTwo = collect(two, 1, flowOwner);
                BitSet seenAll = collect(all, 2, new HashMap<>());

                BitSet both = (BitSet) seenOne.clone();
                both.and(seenTwo);
                assertTrue(both.isEmpty(), "packets seen by both captures of cluster 7: " + both.cardinality());
                BitSet union = (BitSet) seenOne.clone();
                union.or(seenTwo);
                assertEquals(COUNT, seenAll.cardinality(), "cluster 8 alone sees the whole burst");
                assertEquals(seenAll, union, "cluster 7 together sees exactly what was sent");
                assertTrue(seenOne.cardinality() > 0 && seenTwo.cardinality() > 0,
                        "both share the work: " + seenOne.cardinality() + " + " + seenTwo.cardinality());
                assertEquals(FLOWS, flowOwner.size(), "every flow seen");
                assertEquals(0, one.stats().dropped() + two.stats().dropped(), "kernel drops");
            }
        }
    }

    @Test
    void cpuAffinityPinsThePort() throws Exception {
        Tools.assumeRoot();
        Options o = Options.builder().progname(PortBuilds.port()).interfaceName("lo").filter("udp port 9")
                .cpuAffinity("0").build();
        try (Epcap cap = Epcap.start(o)) {
            String status = String.join("\n", java.nio.file.Files.readAllLines(
                    java.nio.file.Path.of("/proc/" + cap.pid() + "/status")));
            assertTrue(status.contains("Cpus_allowed_list:\t0\n"), status);
        }
    }

    /**
     * Sequence numbers a capture got (each at most once); records which capture each flow
     * (UDP source port) went to, failing when a flow shows up on two.
     */
    private static BitSet collect(Epcap cap, int who, Map<Integer, Integer> flowOwner) {
        BitSet seen = new BitSet(COUNT);
        Set<Integer> dup = new HashSet<>();
        List<Integer> wrongFlow = new ArrayList<>();
        for (Packet p; (p = cap.poll(Duration.ofSeconds(2))) != null; ) {
            byte[] d = p.data();
            int seq = ((d[SEQ_OFFSET] & 0xff) << 24) | ((d[SEQ_OFFSET + 1] & 0xff) << 16)
                    | ((d[SEQ_OFFSET + 2] & 0xff) << 8) | (d[SEQ_OFFSET + 3] & 0xff);
            int sport = ((d[SPORT_OFFSET] & 0xff) << 8) | (d[SPORT_OFFSET + 1] & 0xff);
            if (seen.get(seq)) dup.add(seq);
            seen.set(seq);
            Integer owner = flowOwner.putIfAbsent(sport, who);
            if (owner != null && owner != who) wrongFlow.add(sport);
        }
        assertTrue(dup.isEmpty(), "seen twice by one capture: " + dup.size());
        assertTrue(wrongFlow.isEmpty(), "flows split across captures: " + wrongFlow);
        return seen;
    }
}
