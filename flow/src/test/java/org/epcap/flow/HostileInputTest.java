package org.epcap.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.epcap.flow.defrag.DefragConfig;
import org.epcap.flow.defrag.Defragmenter;
import org.epcap.pkt.DataLinkType;
import org.epcap.pkt.testing.CorpusPackets;
import org.epcap.pkt.testing.PacketMutator;
import org.junit.jupiter.api.Test;

/**
 * Hostile bytes: every corpus packet, and mutations of each (bit flips, cuts, lies in length
 * fields), through the defragmenter into the flow table under tight bounds. Nothing may throw, and
 * the bounds hold throughout. Packets are tagged with random link types too, to give each reader
 * bytes it was not made for.
 */
class HostileInputTest {
    private static final List<Integer> LINK_TYPES = List.of(DataLinkType.EN10MB, DataLinkType.RAW,
            DataLinkType.NULL, DataLinkType.LOOP, DataLinkType.LINUX_SLL, DataLinkType.LINUX_SLL2,
            DataLinkType.IPV4, DataLinkType.IPV6, 147);

    @Test
    void mutatedCorpusPacketsNeverThrowAndStayWithinBounds() {
        FlowTable table = new FlowTable(FlowConfig.defaults().withMaxFlows(256).withIdleTimeout(Duration.ofSeconds(5)),
                r -> { });
        DefragConfig dc = DefragConfig.defaults().withMaxBytesHeld(256 << 10).withMaxDatagrams(64);
        Defragmenter defrag = new Defragmenter(dc, table);
        PacketMutator m = new PacketMutator(13);
        long t = 1_700_000_000_000_000_000L;
        long fed = 0;
        for (CorpusPackets.Packet p : CorpusPackets.all()) {
            byte[] data = p.data();
            defrag.accept(p.dataLinkType(), p.record().timeNanos(), data, 0, data.length);
            for (int i = 0; i < 8; i++) {
                byte[] bad = m.mutate(data);
                int dlt = i < 4 ? p.dataLinkType() : LINK_TYPES.get(m.nextInt(LINK_TYPES.size()));
                t += m.nextInt(1_000_000_000);
                defrag.accept(dlt, t, bad, 0, bad.length);
                fed++;
            }
            assertTrue(table.stats().liveFlows() <= 256);
            assertTrue(defrag.stats().heldBytes() + defrag.stats().spareBytes() <= dc.maxBytesHeld());
        }
        table.flush();
        assertTrue(fed > 50_000, "fed " + fed);
        assertEquals(0, table.stats().liveFlows());
    }
}
