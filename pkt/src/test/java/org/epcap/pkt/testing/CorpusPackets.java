package org.epcap.pkt.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;

/** Every packet of the corpus, read once per test run, tagged with where it came from. */
public final class CorpusPackets {
    private static volatile List<Packet> all;

    private CorpusPackets() {
    }

    /** One packet: its file (name below the corpus root), frame number from 1, and record. */
    public record Packet(String file, int frame, PcapRecord record) {
        public int dataLinkType() {
            return record.dataLinkType();
        }

        public byte[] data() {
            return record.data();
        }

        @Override
        public String toString() {
            return file + "#" + frame;
        }
    }

    /** The packets of one file, as far as it reads. */
    public static List<Packet> of(Path file) {
        List<Packet> out = new ArrayList<>();
        String name = Corpus.name(file);
        try (PcapReader r = PcapReader.open(file)) {
            PcapRecord rec;
            while ((rec = r.next()) != null) {
                out.add(new Packet(name, out.size() + 1, rec));
            }
        } catch (IOException e) {
            // A corrupt file: its packets up to the damage are still good test material.
        }
        return out;
    }

    /** Every packet of every corpus file. */
    public static List<Packet> all() {
        if (all == null) {
            List<Packet> out = new ArrayList<>();
            for (Path f : Corpus.files()) {
                out.addAll(of(f));
            }
            all = List.copyOf(out);
        }
        return all;
    }
}
