package org.epcap.flow.defrag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.epcap.flow.FlowConfig;
import org.epcap.flow.FlowTable;
import org.epcap.flow.Tools;
import org.epcap.pkt.DataLinkType;
import org.epcap.pkt.io.PcapWriter;
import org.epcap.pkt.io.TimestampPrecision;
import org.epcap.pkt.testing.Corpus;
import org.epcap.pkt.testing.CorpusPackets;
import org.epcap.pkt.testing.ExternalTool;
import org.junit.jupiter.api.Test;

/**
 * The defragmenter against tshark's IP reassembly on the corpus's Ethernet fragments (one file of
 * all the corpus's Ethernet packets, so tshark starts once): the frames where a datagram is
 * completed must be the same, with the same reassembled length, and the flow table behind the
 * defragmenter must give the whole datagram tshark's Community ID (ports and all, which the
 * fragments alone do not have). On the corpus they agree on all 51 datagrams; the fragments
 * neither reassembles (cut by the snap length, or impossible) are counted as truncated and
 * malformed.
 */
class DefragCorpusTsharkTest {

    @Test
    void reassemblesWhereTsharkDoesWithItsCommunityId() throws IOException {
        String tshark = Tools.require("tshark");
        List<CorpusPackets.Packet> packets = new ArrayList<>();
        for (Path f : Corpus.files()) {
            for (CorpusPackets.Packet p : CorpusPackets.of(f)) {
                var r = p.record();
                if (p.dataLinkType() == DataLinkType.EN10MB && r.epochSecond() >= 0 && r.epochSecond() <= 0xffff_ffffL
                        && r.caplen() <= 262_144) {
                    packets.add(p);
                }
            }
        }
        Path file = Files.createDirectories(Path.of("target", "defrag-corpus")).resolve("ethernet.pcap");
        try (PcapWriter w = PcapWriter.create(file, DataLinkType.EN10MB, 262_144, TimestampPrecision.NANO)) {
            for (CorpusPackets.Packet p : packets) {
                var r = p.record();
                w.write(1, r.epochSecond(), r.nanos(), Math.max(r.length(), r.caplen()), r.data(), 0, r.caplen());
            }
        }
        ExternalTool.Result run = ExternalTool.run(List.of(tshark, "-n", "-r", file.toString(),
                "-o", "ip.defragment:TRUE", "-o", "ipv6.defragment:TRUE", "--enable-protocol", "communityid",
                "-T", "fields", "-E", "separator=/t", "-e", "frame.number", "-e", "ip.reassembled.length",
                "-e", "ipv6.reassembled.length", "-e", "communityid"), 600);
        List<String[]> rows = run.stdout().lines().map(l -> l.split("\t", -1)).toList();
        assertEquals(packets.size(), rows.size(), run.stderr());

        FlowTable table = new FlowTable(FlowConfig.defaults(), r -> { });
        int[] handedOnLength = {-1};
        Defragmenter defrag = new Defragmenter(DefragConfig.defaults(), (dlt, t, data, off, len) -> {
            handedOnLength[0] = len;
            table.accept(dlt, t, data, off, len);
        });
        int both = 0;
        Map<String, Long> differences = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < packets.size(); i++) {
            CorpusPackets.Packet p = packets.get(i);
            long before = defrag.stats().reassembled();
            handedOnLength[0] = -1;
            defrag.accept(1, p.record().timeNanos(), p.data(), 0, p.record().caplen());
            boolean ours = defrag.stats().reassembled() > before;
            String[] row = rows.get(i);
            String length = !row[1].isEmpty() ? row[1] : row[2];
            boolean theirs = !length.isEmpty();
            if (ours && theirs) {
                both++;
                String id = row[3].split(",")[0];
                if (!id.equals(table.lastCommunityId())) {
                    wrong.add(p + ": Community ID ours " + table.lastCommunityId() + ", tshark " + id);
                }
            } else if (ours || theirs) {
                differences.merge((ours ? "only ours: " : "only tshark: ") + p.file(), 1L, Long::sum);
            }
        }
        System.out.println("reassembled by both: " + both + "; differences by file: " + differences
                + "; " + defrag.stats());
        assertTrue(both >= 20, "too few datagrams reassembled by both: " + both);
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        // On this corpus the two agree on every datagram: a difference is a change of policy or a bug.
        assertTrue(differences.isEmpty(), "frames where only one side completed a datagram: " + differences);
    }
}
