package org.epcap.flow.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.epcap.pkt.testing.CorpusPackets;
import org.epcap.pkt.testing.PacketMutator;
import org.junit.jupiter.api.Test;

/**
 * Captured frames are hostile: every corpus packet, and seeded mutations of them (bit flips, lying
 * lengths, truncations), go through {@link TcpReassembler#acceptFrame} with random link types
 * and times. Nothing may throw, every frame is counted once, and held memory stays within small
 * budgets whatever arrives.
 */
class HostileFramesTest {
    @Test
    void mutatedCorpusFramesNeverThrowAndStayWithinTheBudgets() {
        long perConnection = 8 * 1024;
        long total = 64 * 1024;
        Tally t = new Tally();
        TcpReassembler r = new TcpReassembler(ReassemblyConfig.defaults().withMaxConnections(64)
                .withBufferBytes(perConnection, total), t);
        List<CorpusPackets.Packet> all = CorpusPackets.all();
        PacketMutator mutator = new PacketMutator(42);
        Random rnd = new Random(7);
        int[] linkTypes = {1, 12, 228, 229, 0, 113, 276, 101, 9};
        long frames = 0;
        for (int round = 0; round < 4; round++) {
            for (CorpusPackets.Packet p : all) {
                byte[] frame = round == 0 ? p.data() : mutator.mutate(p.data());
                int dlt = round < 2 ? p.dataLinkType() : linkTypes[rnd.nextInt(linkTypes.length)];
                long time = rnd.nextInt(4) == 0 ? rnd.nextLong() : p.record().timeNanos();
                r.acceptFrame(dlt, time, frame, 0, frame.length);
                frames++;
                assertTrue(r.stats().heldBytes() + r.stats().spareBytes() <= total, r.stats().toString());
            }
        }
        r.flush();
        ReassemblyStats st = r.stats();
        assertEquals(frames, st.frames());
        assertEquals(frames, st.framesNotTcp() + st.fragments() + st.segments(), "every frame counted once");
        assertTrue(st.segments() > 1000, "mutations keep many frames TCP: " + st.segments());
        assertTrue(st.heldBytesPeak() <= total, "peak " + st.heldBytesPeak());
        assertTrue(st.connectionsPeak() <= 64);
        assertEquals(0, st.heldBytes());
        assertEquals(st.bytesDelivered(), t.dataBytes);
    }
}
