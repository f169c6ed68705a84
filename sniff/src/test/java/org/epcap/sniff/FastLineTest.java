package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.time.ZoneOffset;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;
import org.junit.jupiter.api.Test;

/**
 * The fast path of the one-line output writes what the full path writes, packet for packet,
 * on every third corpus file, hostile ones included (the full path is the one compared with
 * tcpdump).
 */
class FastLineTest {

    @Test
    void fastPathLinesAreTheFullPathsLines() throws IOException {
        int fastOnes = 0;
        List<Path> files;
        try (Stream<Path> s = Files.list(org.epcap.pkt.testing.Corpus.root().resolve("tcpdump"))) {
            files = s.sorted().toList();
        }
        for (int n = 0; n < files.size(); n += 3) {
            Path file = files.get(n);
            String name = file.getFileName().toString();
            for (boolean quiet : new boolean[] {false, true}) {
                LineStyle style = new LineStyle(TimeStamps.Style.EPOCH, false, false, quiet, PacketDump.NONE, false, ZoneOffset.UTC);
                Output nowhere = new Output(java.io.OutputStream.nullOutputStream(), Output.Flush.FULL);
                LineReporter withFast = new LineReporter(nowhere, style);
                LineReporter full = new LineReporter(nowhere, style).fullPathOnly();
                try (PcapReader r = PcapReader.open(file)) {
                    int i = 0;
                    for (PcapRecord rec; (rec = next(r)) != null; ) {
                        i++;
                        StringBuilder a = new StringBuilder();
                        StringBuilder b = new StringBuilder();
                        byte[] data = rec.data();
                        withFast.format(a, rec.dataLinkType(), data, 0, data.length, rec.epochSecond(), rec.nanos(), (int) rec.length());
                        full.format(b, rec.dataLinkType(), data, 0, data.length, rec.epochSecond(), rec.nanos(), (int) rec.length());
                        assertEquals(b.toString(), a.toString(), name + " packet " + i);
                        if (new FastLine(null).append(new StringBuilder(), rec.dataLinkType(), data, 0, data.length, quiet)) {
                            fastOnes++;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // a file the reader refuses from its start: nothing to compare
                }
            }
        }
        assertTrue(fastOnes > 100, "the fast path took only " + fastOnes + " packets");
    }

    // The next record, or null at the end or where a hostile file stops making sense.
    private static PcapRecord next(PcapReader r) {
        try {
            return r.next();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
