package org.epcap.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.epcap.flow.defrag.DefragConfig;
import org.epcap.flow.defrag.DefragStats;
import org.epcap.flow.defrag.Defragmenter;
import org.epcap.pkt.DataLinkType;
import org.junit.jupiter.api.Test;

/**
 * Adversarial volume: a million SYNs that never complete a handshake, and endless fragments that
 * never complete a datagram. State stays within the configured bounds all along, and every drop
 * is counted.
 */
class BoundsTest {
    private static final long T0 = 1_700_000_000_000_000_000L;

    @Test
    void aMillionSynsStayWithinTheFlowBound() {
        FlowTable t = new FlowTable(FlowConfig.defaults().withMaxFlows(10_000), r -> { });
        long memory = t.memoryBytes();
        byte[] syn = Frames.tcp4("10.0.0.1", 1, "169.254.0.1", 80, Frames.SYN, 0);
        for (int i = 0; i < 1_000_000; i++) {
            // A new source address and port each time: a new flow each time.
            syn[26] = (byte) (10 + (i >>> 24));
            syn[27] = (byte) (i >>> 16);
            syn[28] = (byte) (i >>> 8);
            syn[29] = (byte) i;
            syn[34] = (byte) (i >>> 8);
            syn[35] = (byte) i;
            t.accept(DataLinkType.EN10MB, T0 + i * 1000L, syn, 0, syn.length);
        }
        FlowStats s = t.stats();
        assertEquals(10_000, s.liveFlows());
        assertEquals(10_000, s.peakFlows());
        assertEquals(1_000_000, s.flowsCreated());
        assertEquals(990_000, s.ended(EndReason.EVICTED));
        // The arrays start small and grow with the flows up to the bound, never past it: 10 000
        // flows of 128 bytes of arrays and an index of 2^15 ints (at most half full).
        assertTrue(memory < s.memoryBytes(), "the arrays started smaller than the bound");
        assertEquals(10_000L * 128 + (1 << 15) * 4L, s.memoryBytes(), "the table's memory stops at the bound");
    }

    @Test
    void endlessFragmentsStayWithinTheByteBudget() {
        long budget = 1 << 20;
        long[] handedOn = {0};
        Defragmenter d = new Defragmenter(DefragConfig.defaults().withMaxBytesHeld(budget).withMaxDatagrams(100_000)
                .withMaxHold(Duration.ofSeconds(30)), (dlt, time, data, off, len) -> handedOn[0]++);
        byte[] l4 = new byte[1400];
        byte[] frag = Frames.ipv4("169.254.0.2", "169.254.0.1", 17, l4);
        frag[20] = 0x20; // MF, offset 0: a first fragment whose rest never comes
        long peak = 0;
        for (int i = 0; i < 200_000; i++) {
            frag[18] = (byte) (i >>> 8);
            frag[19] = (byte) i;
            frag[26] = (byte) (i >>> 16);
            d.accept(DataLinkType.EN10MB, T0 + i * 10_000L, frag, 0, frag.length);
            peak = Math.max(peak, d.stats().heldBytes() + d.stats().spareBytes());
        }
        DefragStats s = d.stats();
        assertTrue(peak <= budget, "held " + peak + " of " + budget);
        assertTrue(s.peakBytes() <= budget);
        assertEquals(200_000, s.fragments());
        assertEquals(0, handedOn[0]);
        // Every fragment either is held now or went with a counted eviction or timeout.
        assertEquals(200_000, s.heldDatagrams() + s.evicted() + s.timedOut());
        assertTrue(s.evicted() > 190_000, "the byte budget was what bounded: " + s);
    }

    @Test
    void aTinyBudgetHoldsEvenForBookkeeping() {
        // 1000 bytes: less than one fragment's buffer. Nothing can be held, and nothing may
        // exceed the bound, not even a discarded datagram's bookkeeping.
        DefragConfig tiny = DefragConfig.defaults().withMaxBytesHeld(1000);
        Defragmenter d = new Defragmenter(tiny, (a, b, c, e, f) -> { });
        byte[] frag = Frames.ipv4("169.254.0.2", "169.254.0.1", 17, new byte[600]);
        frag[20] = 0x20;
        for (int i = 0; i < 100; i++) {
            frag[19] = (byte) i;
            d.accept(DataLinkType.EN10MB, T0 + i, frag, 0, frag.length);
            assertTrue(d.stats().heldBytes() + d.stats().spareBytes() <= 1000, d.stats().toString());
        }
        assertEquals(100, d.stats().evicted());
    }

    @Test
    void theDatagramCountIsBoundedToo() {
        Defragmenter d = new Defragmenter(DefragConfig.defaults().withMaxDatagrams(50), (a, b, c, e, f) -> { });
        byte[] frag = Frames.ipv4("169.254.0.2", "169.254.0.1", 17, new byte[16]);
        frag[20] = 0x20;
        for (int i = 0; i < 1000; i++) {
            frag[19] = (byte) i;
            frag[18] = (byte) (i >>> 8);
            d.accept(DataLinkType.EN10MB, T0, frag, 0, frag.length);
            assertTrue(d.stats().heldDatagrams() <= 50);
        }
        assertEquals(950, d.stats().evicted());
    }
}
