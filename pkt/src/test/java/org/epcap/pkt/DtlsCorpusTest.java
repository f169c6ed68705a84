package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;
import org.epcap.pkt.testing.Corpus;
import org.epcap.pkt.testing.DtlsTshark;
import org.junit.jupiter.api.Test;

/**
 * DTLS is taken by content (no port is assigned to it): over the whole corpus, every datagram the
 * walk decodes as DTLS must be DTLS to tshark too, told to decode its ports as DTLS, with the same
 * dtls.* fields ({@link DtlsTshark}). (The corpus held no DTLS when this was written, which tshark
 * agrees with: then the check is that nothing is taken for DTLS.)
 */
class DtlsCorpusTest {
    @Test
    void whatTheWalkTakesForDtlsInTheCorpusTsharkDoesToo() throws IOException {
        Map<Path, TreeSet<Integer>> ports = new TreeMap<>();
        for (Path file : Corpus.files()) {
            try (PcapReader r = PcapReader.open(file)) {
                for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                    Decoded d;
                    try {
                        d = Pkt.decode(rec.dataLinkType(), rec.data());
                    } catch (UnsupportedDataLinkException e) {
                        break;
                    }
                    if (d.header(Dtls.class) != null) {
                        Udp u = d.header(Udp.class);
                        ports.computeIfAbsent(file, k -> new TreeSet<>()).add(u.destinationPort());
                        ports.get(file).add(u.sourcePort());
                    }
                }
            } catch (IOException | RuntimeException unreadable) {
                // a file the reader rejects is CorpusDecodeTest's
            }
        }
        List<String> disagreements = new ArrayList<>();
        for (Map.Entry<Path, TreeSet<Integer>> e : ports.entrySet()) {
            DtlsTshark.Report r = DtlsTshark.compare(e.getKey(), new ArrayList<>(e.getValue()));
            disagreements.addAll(r.disagreements());
        }
        assertEquals("", String.join("\n", disagreements.subList(0, Math.min(30, disagreements.size()))));
        System.out.println("DTLS in the corpus (file: ports): " + ports);
    }
}
