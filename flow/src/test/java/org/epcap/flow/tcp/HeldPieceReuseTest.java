package org.epcap.flow.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.epcap.pkt.testing.Allocations;
import org.junit.jupiter.api.Test;

/**
 * Out-of-order pieces are held in spare buffers that delivered pieces gave back: a stream that
 * keeps arriving with each pair of segments swapped allocates no buffer per held piece, and the
 * spares stay within the budget and weigh in the stats.
 */
class HeldPieceReuseTest {
    @Test
    void swappedSegmentsAreHeldWithoutAllocatingABufferEach() {
        Tally t = new Tally();
        TcpReassembler r = new TcpReassembler(ReassemblyConfig.defaults(), t);
        Segments s = new Segments(r);
        s.handshake();
        int seg = 1460;
        byte[] data = Segments.pattern(2 * seg, 5);
        int pairs = 20_000;
        // Each step sends the second segment of a pair first (held), then the first (in place,
        // and the held one delivered after it): one held piece per step.
        long allocated = Allocations.over(2_000, pairs, i -> step(s, data, seg, t));
        // A 1,472-byte buffer per held piece would be 29 MB; the HeldSegment record and its
        // index entries are what is left.
        assertTrue(allocated < 64L * pairs, allocated + " bytes allocated for " + pairs + " held pieces");
        ReassemblyStats st = r.stats();
        assertEquals(0, st.heldBytes());
        assertEquals(0, st.gaps());
        assertEquals(1472, st.spareBytes(), "one buffer, given back and taken again");
    }

    private long offset;

    private long step(Segments s, byte[] data, int seg, Tally t) {
        s.client(Segments.ACK, offset + seg, data, seg, seg);
        s.client(Segments.ACK, offset, data, 0, seg);
        offset += 2L * seg;
        return t.dataBytes;
    }
}
