package org.epcap.flow.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;
import org.epcap.pkt.testing.Corpus;
import org.epcap.pkt.testing.ExternalTool;
import org.junit.jupiter.api.Test;

/**
 * Every TCP stream of the corpus that tshark follows, reassembled here, equals what tshark's
 * "Follow TCP Stream" ({@code -z follow,tcp,raw,N}) prints for it: per file, the bytes each
 * endpoint sent, over all the streams between the same two endpoints in order (port reuse splits
 * streams alike on both sides, but a RST then more segments does not). Directions that tshark
 * does not follow at all (it finds no TCP where the codec does: an IPv6 jumbogram) are listed,
 * not compared. All the corpus files with TCP are merged into one ({@code mergecap -a}) so that
 * tshark runs once.
 *
 * <p>Where tshark's follow and this reassembler differ by design, the handler here writes what
 * tshark writes: tshark inserts the text {@code [N bytes missing in capture file]} and a NUL where
 * the receiver acknowledged bytes it never saw ({@link GapReason#CAPTURE_LOSS}), skips bytes cut
 * by the snapshot length ({@link GapReason#TRUNCATED}), and never prints data held behind a gap
 * that nothing filled or acknowledged (here: what follows a {@link GapReason#END} gap at the end).
 * Timeouts are set beyond any file's span, since tshark has none.
 */
class TsharkFollowOracleTest {

    /** The bytes one endpoint sent to another, over every connection between them, in order. */
    private static final class Directions implements StreamHandler {
        final Map<String, ByteArrayOutputStream> sent = new LinkedHashMap<>();
        final Map<String, Boolean> stopped = new LinkedHashMap<>();
        final Set<ConnectionKey> keys = new HashSet<>();

        private static String name(TcpConnection c, Side side) {
            String client = TsharkFollow.canonical(c.client());
            String server = TsharkFollow.canonical(c.server());
            return side == Side.CLIENT ? client + " > " + server : server + " > " + client;
        }

        @Override
        public void onData(TcpConnection c, Side side, byte[] data, int offset, int length) {
            String n = name(c, side);
            if (!stopped.getOrDefault(n, false)) {
                sent.computeIfAbsent(n, k -> new ByteArrayOutputStream()).write(data, offset, length);
            }
        }

        @Override
        public void onGap(TcpConnection c, Side side, long length, GapReason reason) {
            String n = name(c, side);
            switch (reason) {
                case CAPTURE_LOSS -> sent.computeIfAbsent(n, k -> new ByteArrayOutputStream())
                        .writeBytes(("[" + length + " bytes missing in capture file]\0")
                                .getBytes(StandardCharsets.US_ASCII));
                case TRUNCATED -> {
                }
                default -> stopped.put(n, true);
            }
        }

        @Override
        public void onStart(TcpConnection c) {
            keys.add(c.key());
            // A new connection between the same endpoints (port reuse) goes on comparing.
            stopped.remove(name(c, Side.CLIENT));
            stopped.remove(name(c, Side.SERVER));
        }
    }

    @Test
    void reassembledStreamsEqualTsharkFollow() throws Exception {
        TsharkFollow.require("tshark");
        String mergecap = TsharkFollow.require("mergecap");
        List<Path> merge = new ArrayList<>();
        List<Path> alone = new ArrayList<>();
        Set<ConnectionKey> mergedKeys = new HashSet<>();
        for (Path file : Corpus.files()) {
            Directions d = new Directions();
            TcpReassembler r = new TcpReassembler(CONFIG, d);
            reassemble(file, r);
            if (r.stats().segments() == 0) {
                continue;
            }
            // Files that share a connection with an earlier one (a mutated copy of a capture)
            // would continue its stream in a merged file: they are followed on their own.
            if (d.keys.stream().anyMatch(mergedKeys::contains)) {
                alone.add(file);
            } else {
                mergedKeys.addAll(d.keys);
                merge.add(file);
            }
        }
        // The others in one file, so that tshark starts once (its start-up is most of the time):
        // both sides read the same packets in the same order, so the comparison stays exact.
        Path merged = Path.of("target", "follow-oracle.pcapng").toAbsolutePath();
        Files.createDirectories(merged.getParent());
        List<String> cmd = new ArrayList<>(List.of(mergecap, "-a", "-F", "pcapng", "-w", merged.toString()));
        merge.forEach(f -> cmd.add(f.toString()));
        ExternalTool.Result m = ExternalTool.run(cmd, 120);
        assertEquals(0, m.exitCode(), "mergecap: " + m.stderr());

        Outcome total = new Outcome();
        compare(merged, "merged", total);
        for (Path f : alone) {
            compare(f, Corpus.name(f), total);
        }
        System.out.printf("tshark follow oracle: %d corpus files with TCP (%d merged, %d alone), %d streams,"
                + " %d directions, %d bytes compared, %d differ%n", merge.size() + alone.size(), merge.size(),
                alone.size(), total.streams, total.directions, total.bytes, total.failures.size());
        System.out.println("directions tshark does not follow (not compared): " + total.onlyOurs);
        assertTrue(merge.size() + alone.size() > 50, "the corpus has TCP in more than 50 files");
        assertTrue(total.streams > 100, "tshark follows more than 100 streams; got " + total.streams);
        assertTrue(total.failures.isEmpty(), total.failures.size() + " directions differ from tshark:\n"
                + String.join("\n", total.failures));
    }

    /**
     * Captures over BSD loopback and with TLS on top of TCP (the JA4 specification's, in pkt's
     * test resources): the link types the flow table reads quickly and a codec that decodes past
     * TCP must not hide a segment from the reassembler.
     */
    @Test
    void loopbackAndCookedCapturesWithTlsEqualTsharkFollow(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        TsharkFollow.require("tshark");
        Outcome total = new Outcome();
        for (String name : List.of("tls-alpn-h2.pcap", "tls12.pcap", "tls-sni.pcapng", "latest.pcapng")) {
            Path file = dir.resolve(name);
            try (var in = TsharkFollowOracleTest.class.getResourceAsStream("/ja4/" + name)) {
                assertTrue(in != null, "pkt's test resources hold /ja4/" + name);
                Files.copy(in, file);
            }
            compare(file, name, total);
        }
        assertTrue(total.bytes > 1000, "the captures carry TCP data: " + total.bytes + " bytes");
        assertTrue(total.failures.isEmpty(), String.join("\n", total.failures));
    }

    /** What the comparisons found, summed. */
    private static final class Outcome {
        int streams;
        int directions;
        long bytes;
        final List<String> failures = new ArrayList<>();
        final List<String> onlyOurs = new ArrayList<>();
    }

    private static void compare(Path file, String name, Outcome out) {
        Directions ours = new Directions();
        TcpReassembler r = new TcpReassembler(CONFIG, ours);
        reassemble(file, r);
        r.flush();
        Map<Integer, TsharkFollow.Stream> theirs = TsharkFollow.follow(file, (int) r.stats().connectionsOpened() + 8);
        if (name.equals("merged")) {
            System.out.println("ours on the merged file: " + r.stats());
        }
        Map<String, ByteArrayOutputStream> expected = new LinkedHashMap<>();
        for (TsharkFollow.Stream s : theirs.values()) {
            String n0 = TsharkFollow.canonical(s.node0());
            String n1 = TsharkFollow.canonical(s.node1());
            expected.computeIfAbsent(n0 + " > " + n1, k -> new ByteArrayOutputStream()).writeBytes(s.fromNode0());
            expected.computeIfAbsent(n1 + " > " + n0, k -> new ByteArrayOutputStream()).writeBytes(s.fromNode1());
        }
        out.streams += theirs.size();
        out.directions += expected.size();
        for (String n : ours.sent.keySet()) {
            if (!expected.containsKey(n)) {
                out.onlyOurs.add(name + " " + n + " (" + ours.sent.get(n).size() + " bytes)");
            }
        }
        for (String n : expected.keySet()) {
            byte[] want = bytes(expected.get(n));
            byte[] got = bytes(ours.sent.get(n));
            out.bytes += want.length;
            if (!Arrays.equals(want, got)) {
                out.failures.add(name + " " + n + ": tshark " + want.length + " bytes, ours " + got.length
                        + ", first difference at " + Arrays.mismatch(want, got));
            }
        }
    }

    private static final ReassemblyConfig CONFIG = ReassemblyConfig.defaults()
            .withIdleTimeout(Duration.ofDays(365 * 200)).withGapTimeout(Duration.ofDays(365 * 200));

    private static void reassemble(Path file, TcpReassembler r) {
        try (PcapReader in = PcapReader.open(file)) {
            for (PcapRecord p; (p = next(in)) != null; ) {
                r.acceptFrame(p.dataLinkType(), p.timeNanos(), p.data(), 0, p.data().length);
            }
        } catch (IOException | RuntimeException e) {
            // A damaged file: its packets up to the damage count.
        }
    }

    private static PcapRecord next(PcapReader in) throws IOException {
        try {
            return in.next();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static byte[] bytes(ByteArrayOutputStream b) {
        return b == null ? new byte[0] : b.toByteArray();
    }
}
