package org.epcap.pkt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.epcap.pkt.testing.Corpus;
import org.epcap.pkt.testing.ExternalTool;
import org.epcap.pkt.testing.Tshark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Corrupt and truncated files: each is shown to tshark first (the oracle must reject it too),
 * then we must throw {@link PcapFormatException} naming an offset, after giving the same good
 * packets tshark printed. Then a seeded mutation of corpus files at the file level: nothing but
 * {@link PcapFormatException} may come out of the reader.
 */
class PcapReaderMalformedTest {
    @TempDir
    Path dir;

    static Stream<Arguments> badFiles() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("empty file", new byte[0]);
        m.put("three bytes", new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2});
        m.put("unknown magic", new Bad().u32(0x12345678).zeros(20).bytes());
        m.put("pcap header cut short", Arrays.copyOf(Bad.pcap().bytes(), 20));
        m.put("pcap major version 1", new Bad().u32(0xa1b2c3d4L).u16(1).u16(0).zeros(16).bytes());
        m.put("record header cut short", Bad.pcap().record(10, 10, 10).u32(1).u32(2).bytes());
        m.put("record data cut short", Bad.pcap().record(10, 10, 10).record(100, 100, 50).bytes());
        m.put("caplen 2^31", Bad.pcap().record(0x8000_0000L, 60, 60).bytes());
        m.put("caplen 400000", Bad.pcap().record(400_000, 400_000, 400_000).bytes());
        m.put("pcapng bad byte-order magic", new Bad().u32(0x0a0d0d0a).u32(28).u32(0x11223344).zeros(16).bytes());
        m.put("pcapng version 2.0",
                new Bad().u32(0x0a0d0d0a).u32(28).u32(0x1a2b3c4d).u16(2).u16(0).u32(-1).u32(-1).u32(28).bytes());
        m.put("pcapng section header shorter than 28",
                new Bad().u32(0x0a0d0d0a).u32(24).u32(0x1a2b3c4d).u16(1).u16(0).u32(-1).u32(24).bytes());
        m.put("pcapng block length not a multiple of 4", Bad.shb().idb().u32(6).u32(33).zeros(25).bytes());
        m.put("pcapng block length below 12", Bad.shb().idb().u32(6).u32(8).bytes());
        m.put("pcapng block cut short", Arrays.copyOf(Bad.shb().idb().epb(0, 60).bytes(), 28 + 20 + 50));
        m.put("pcapng packet for an undescribed interface", Bad.shb().idb().epb(0, 10).epb(3, 10).bytes());
        m.put("pcapng packet before any interface", Bad.shb().epb(0, 10).bytes());
        m.put("pcapng captured length past its block",
                Bad.shb().idb().u32(6).u32(44).u32(0).u32(0).u32(0).u32(200).u32(200).zeros(12).u32(44).bytes());
        m.put("pcapng if_tsresol 10^-127",
                Bad.shb().u32(1).u32(28).u16(1).u16(0).u32(0).u16(9).u16(1).u8(0x7f).zeros(3).u32(28)
                        .epb(0, 4).bytes());
        return m.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void tsharkAndWeBothRejectIt(String what, byte[] content) throws IOException {
        Path file = dir.resolve("bad.pcap");
        Files.write(file, content);
        Tshark.Run tshark = Tshark.fresh(file);
        ExternalTool.Result libpcap = tcpdump(file);
        assertTrue(!tshark.clean() || libpcap.exitCode() != 0,
                what + ": both oracles read this file, so it is not a bad file");
        Records ours = Records.read(file);
        assertNotNull(ours.error(), what + ": we read it without complaint");
        assertTrue(ours.error().offset() >= 0 && ours.error().offset() <= content.length, what);
        // tshark guesses its way past some damage; libpcap stops at it, as we do.
        assertEquals(packetLines(libpcap), ours.records().size(), what + ": good packets before the damage");
        // The same bytes from a stream, where the size is not known in advance.
        PcapFormatException fromStream = null;
        try (PcapReader r = PcapReader.of(new ByteArrayInputStream(content))) {
            while (r.next() != null) {
                // read on
            }
        } catch (PcapFormatException e) {
            fromStream = e;
        }
        assertNotNull(fromStream, what + ": read from a stream without complaint");
        // The same file through views: the same good packets, then the same error.
        int views = 0;
        PcapFormatException fromViews = null;
        try (PcapReader r = PcapReader.open(file)) {
            while (r.nextView() != null) {
                views++;
            }
        } catch (PcapFormatException e) {
            fromViews = e;
        }
        assertNotNull(fromViews, what + ": read through views without complaint");
        assertEquals(ours.error().offset(), fromViews.offset(), what + ": where the views stopped");
        assertEquals(ours.records().size(), views, what + ": good views before the damage");
    }

    /** tcpdump (libpcap) reading a file, one line per packet. */
    private static ExternalTool.Result tcpdump(Path file) {
        return ExternalTool.run(List.of(ExternalTool.require("tcpdump"), "-r", file.toString(), "-tt", "-nn", "-q"),
                60);
    }

    private static long packetLines(ExternalTool.Result r) {
        return r.stdout().lines().filter(l -> l.matches("^\\d+\\.\\d+ .*")).count();
    }

    @Test
    void aCaplenWithinTheMarginIsReadThoughLibpcapRefusesIt() throws IOException {
        // Listed difference: libpcap and tshark stop at 262144 bytes; we allow a margin (to 327680)
        // for writers that add pseudo-headers. Both tools reject it; we read the packet.
        Path file = dir.resolve("big.pcap");
        Files.write(file, Bad.pcap().record(300_000, 300_000, 300_000).bytes());
        assertFalse(Tshark.fresh(file).clean());
        assertTrue(tcpdump(file).exitCode() != 0);
        Records ours = Records.read(file);
        assertEquals(null, ours.error());
        assertEquals(300_000, ours.records().get(0).caplen());
        try (PcapReader r = PcapReader.open(file)) {
            assertEquals(300_000, r.nextView().caplen(), "a view larger than the reader's buffer");
            assertNull(r.nextView());
        }
    }

    @Test
    void aLyingLengthAfterGoodRecordsStopsTheViewsCleanly() throws IOException {
        // Good records fill more than the reader's buffer, so the lie is met after a refill.
        Bad b = Bad.pcap();
        int good = 2 * FileInput.BUFFER / 1016 + 3;
        for (int i = 0; i < good; i++) {
            b.record(1000, 1000, 1000);
        }
        byte[] content = b.record(200_000, 200_000, 10).bytes();
        Path file = dir.resolve("lie.pcap");
        Files.write(file, content);
        assertEquals(good, packetLines(tcpdump(file)), "libpcap's good packets");
        for (boolean fromStream : new boolean[] {false, true}) {
            int views = 0;
            PcapFormatException error = null;
            try (PcapReader r = fromStream ? PcapReader.of(new ByteArrayInputStream(content)) : PcapReader.open(file)) {
                for (RecordView v; (v = r.nextView()) != null; ) {
                    assertEquals(1000, v.caplen());
                    views++;
                }
            } catch (PcapFormatException e) {
                error = e;
            }
            assertNotNull(error, "stream " + fromStream);
            assertEquals(24 + good * 1016L, error.offset(), "stream " + fromStream);
            assertEquals(good, views, "stream " + fromStream);
        }
    }

    /**
     * Corpus files with their headers and record headers damaged: bit flips, overwritten length
     * fields, truncations. Only {@link PcapFormatException} may come out, and reading ends.
     */
    @Test
    void mutatedFilesGiveOnlyFormatErrors() {
        long seed = Long.getLong("epcap.fuzz.seed", 0xf11e5L);
        System.out.println("mutatedFilesGiveOnlyFormatErrors: seed " + seed);
        Random random = new Random(seed);
        List<Path> files = Corpus.files();
        int formatErrors = 0;
        for (int i = 0; i < 4000; i++) {
            Path f = files.get(random.nextInt(files.size()));
            byte[] b;
            try {
                b = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            if (b.length > 200_000) {
                continue;
            }
            int mutations = 1 + random.nextInt(4);
            for (int k = 0; k < mutations && b.length > 0; k++) {
                // Most damage near the start, where the file and block headers are.
                int at = random.nextInt(Math.min(b.length, random.nextBoolean() ? 64 : b.length));
                switch (random.nextInt(4)) {
                    case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                    case 1 -> b[at] = (byte) random.nextInt(256);
                    case 2 -> {
                        if (at + 4 <= b.length) {
                            int v = random.nextInt();
                            b[at] = (byte) v;
                            b[at + 1] = (byte) (v >> 8);
                            b[at + 2] = (byte) (v >> 16);
                            b[at + 3] = (byte) (v >> 24);
                        }
                    }
                    default -> b = Arrays.copyOf(b, random.nextInt(b.length));
                }
            }
            boolean views = random.nextBoolean();
            try (PcapReader r = PcapReader.of(new ByteArrayInputStream(b))) {
                int n = 0;
                while ((views ? r.nextView() : r.next()) != null) {
                    n++;
                    assertTrue(n <= b.length / 12 + 1, "more records than the bytes can hold");
                }
            } catch (PcapFormatException e) {
                formatErrors++;
            } catch (Throwable t) {
                throw new AssertionError("mutation " + i + " of " + f + " (seed " + seed + ") threw " + t
                        + "\nfile head: " + HexFormat.of().formatHex(b, 0, Math.min(b.length, 256)), t);
            }
        }
        assertTrue(formatErrors > 100, "the mutations should break many files: " + formatErrors);
    }
}
