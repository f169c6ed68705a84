package org.epcap.flow.defrag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.epcap.flow.Tools;
import org.epcap.pkt.Decoded;
import org.epcap.pkt.Pkt;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;
import org.epcap.pkt.testing.ExternalTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fragment sets built by scapy ({@code defrag_cases.py}): the datagrams handed on must be, byte
 * for byte, the packets scapy fragmented (IPv6: without the fragment header), the codec must
 * decode them whole, and each adversarial set must give the outcome and the counters the policy
 * documents in {@link Defragmenter}.
 */
class DefragmenterScapyTest {
    private static final long S = 1_000_000_000L;
    private static Path dir;

    @BeforeAll
    static void buildCases() throws IOException {
        String python = Tools.require("python3");
        dir = Files.createDirectories(Path.of("target", "defrag-cases"));
        Path script = dir.resolve("defrag_cases.py");
        try (var in = DefragmenterScapyTest.class.getResourceAsStream("defrag_cases.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        ExternalTool.Result r = ExternalTool.run(List.of(python, script.toString(), dir.toString()), 120);
        assertEquals(0, r.exitCode(), "scapy (python3-scapy) failed: " + r.stderr());
    }

    /** What one case gave: the datagrams handed on and the counters. */
    private record Outcome(List<byte[]> out, DefragStats stats, Defragmenter defrag) {
    }

    private static Outcome run(String name, DefragConfig config) throws IOException {
        List<byte[]> out = new ArrayList<>();
        Defragmenter d = new Defragmenter(config, (dlt, t, data, off, len) -> {
            assertEquals(1, dlt);
            byte[] copy = java.util.Arrays.copyOfRange(data, off, off + len);
            Decoded decoded = Pkt.decode(dlt, copy);
            assertTrue(decoded.complete(), name + ": the codec must decode the datagram whole: "
                    + decoded.error());
            out.add(copy);
        });
        try (PcapReader r = PcapReader.open(dir.resolve(name + ".pcap"))) {
            for (PcapRecord rec : r) {
                d.accept(rec.dataLinkType(), rec.timeNanos(), rec.data(), 0, rec.caplen());
                assertTrue(d.stats().heldBytes() + d.stats().spareBytes() <= config.maxBytesHeld());
            }
        }
        return new Outcome(out, d.stats(), d);
    }

    private static List<byte[]> whole(String name) throws IOException {
        List<byte[]> w = new ArrayList<>();
        try (PcapReader r = PcapReader.open(dir.resolve(name + ".whole.pcap"))) {
            for (PcapRecord rec : r) {
                w.add(rec.data());
            }
        }
        return w;
    }

    private static Outcome reassembles(String name) throws IOException {
        Outcome o = run(name, DefragConfig.defaults());
        List<byte[]> expected = whole(name);
        assertEquals(expected.size(), o.out().size(), name + ": datagrams handed on");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), o.out().get(i), name + ": datagram " + i + " is scapy's original");
        }
        assertEquals(0, o.stats().heldBytes(), name + ": nothing left held");
        return o;
    }

    @Test
    void inOrderReverseAndShuffledFragmentsGiveTheOriginal() throws IOException {
        assertEquals(1, reassembles("v4_in_order").stats().reassembled());
        assertEquals(3, reassembles("v4_reverse").stats().fragments(), "3000 bytes of UDP in fragments of 1000");
        reassembles("v4_ping_shuffled");
        reassembles("v6_in_order");
        reassembles("v6_shuffled");
        assertEquals(2, reassembles("interleaved").stats().reassembled());
    }

    @Test
    void identicalDuplicatesAreDroppedAndCounted() throws IOException {
        Outcome o = reassembles("v4_duplicates");
        assertEquals(2, o.stats().duplicates());
        assertEquals(1, o.stats().reassembled());
    }

    @Test
    void anOverlapWithOtherBytesDiscardsTheDatagram() throws IOException {
        Outcome o = run("v4_overlap_conflicting", DefragConfig.defaults());
        assertEquals(0, o.out().size());
        assertEquals(1, o.stats().overlaps());
        assertEquals(1, o.stats().lateFragments(), "the fragment after the overlap is dropped too");
    }

    @Test
    void anOverlapWithTheSameBytesButAnotherExtentDiscardsItToo() throws IOException {
        Outcome o = run("v4_overlap_consistent", DefragConfig.defaults());
        assertEquals(0, o.out().size());
        assertEquals(1, o.stats().overlaps());
    }

    @Test
    void ipv6OverlapFollowsRfc5722() throws IOException {
        Outcome o = run("v6_overlap", DefragConfig.defaults());
        assertEquals(0, o.out().size());
        assertEquals(1, o.stats().overlaps());
        assertEquals(1, o.stats().lateFragments());
        // The tombstone holds no data, and goes with the hold time.
        o.defrag().advanceTo(1_700_000_000L * S + 31 * S);
        assertEquals(0, o.defrag().stats().heldDatagrams());
        assertEquals(0, o.defrag().stats().timedOut(), "a discarded datagram is not counted again");
    }

    @Test
    void anIncompleteDatagramIsDroppedAfterTheHoldTimeInPacketTime() throws IOException {
        Outcome o = run("v4_never_completed", DefragConfig.defaults().withMaxHold(Duration.ofSeconds(30)));
        assertEquals(0, o.out().size());
        assertEquals(1, o.stats().heldDatagrams());
        assertTrue(o.stats().heldBytes() > 2000);
        o.defrag().advanceTo(1_700_000_000L * S + 30 * S - 1);
        assertEquals(0, o.defrag().stats().timedOut());
        o.defrag().advanceTo(1_700_000_000L * S + 30 * S);
        assertEquals(1, o.defrag().stats().timedOut());
        assertEquals(0, o.defrag().stats().heldBytes());
    }

    @Test
    void tooManyFragmentsDiscardTheDatagram() throws IOException {
        Outcome o = run("v4_too_many", DefragConfig.defaults().withMaxFragmentsPerDatagram(64));
        assertEquals(0, o.out().size());
        assertEquals(100, o.stats().fragments());
        assertEquals(1, o.stats().tooManyFragments());
        assertEquals(100 - 65, o.stats().lateFragments());
        // With room for all 100, the same fragments reassemble.
        Outcome ok = run("v4_too_many", DefragConfig.defaults().withMaxFragmentsPerDatagram(100));
        assertEquals(1, ok.out().size());
    }

    @Test
    void aDatagramPastItsMaximumIsDiscarded() throws IOException {
        Outcome o = run("v4_too_large", DefragConfig.defaults());
        assertEquals(0, o.out().size());
        assertEquals(1, o.stats().tooLarge());
        Outcome small = run("v4_in_order", DefragConfig.defaults().withMaxDatagramSize(1500));
        assertEquals(0, small.out().size());
        assertEquals(1, small.stats().tooLarge());
    }

    @Test
    void fragmentsThatDisagreeOnTheEndDiscardTheDatagram() throws IOException {
        Outcome o = run("v4_conflicting_ends", DefragConfig.defaults());
        assertEquals(0, o.out().size());
        assertEquals(1, o.stats().conflictingEnds());
    }

    @Test
    void anAtomicFragmentPassesAsItIs() throws IOException {
        Outcome o = reassembles("v6_atomic");
        assertEquals(1, o.stats().atomicFragments());
        assertEquals(0, o.stats().fragments());
    }
}
