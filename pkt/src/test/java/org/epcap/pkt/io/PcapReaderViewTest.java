package org.epcap.pkt.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.epcap.pkt.testing.Tshark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PcapReader#nextView()}: views over the reader's buffer show exactly the packets that
 * were written, across buffer refills and for packets larger than the buffer, from a file (read
 * through memory-mapped windows, also small ones) and from a stream; tshark counts the same
 * packets in the file.
 */
class PcapReaderViewTest {
    @TempDir
    Path dir;

    /** One packet as it was written: the input the views are checked against. */
    private record Sent(long epochSecond, int nanos, long length, byte[] data) {
    }

    /**
     * Seeded packets whose sizes make records straddle every buffer boundary: mostly up to
     * 2000 bytes, some up to 65535, and a few at libpcap's largest snaplen, whose records (with
     * their headers) are larger than the reader's 256 KiB buffer.
     */
    private static List<Sent> packets(long seed) {
        Random r = new Random(seed);
        List<Sent> out = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            int caplen = i % 400 == 5 ? Limits.MAX_SNAPLEN - r.nextInt(8)
                    : i % 20 == 3 ? r.nextInt(65_536) : r.nextInt(2001);
            byte[] data = new byte[caplen];
            r.nextBytes(data);
            out.add(new Sent(1_600_000_000L + i, r.nextInt(1_000_000) * 1000, caplen + r.nextInt(3), data));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"pcap", "pcapng"})
    void viewsShowEveryPacketAcrossRefills(String format) throws IOException {
        assertTrue(Limits.MAX_SNAPLEN - 8 + 16 > FileInput.BUFFER, "the largest packets must not fit the buffer");
        List<Sent> sent = packets(format.length());
        Path file = dir.resolve("views." + format);
        try (PacketWriter w = format.equals("pcap") ? PcapWriter.create(file)
                : PcapNgWriter.create(file)) {
            for (Sent s : sent) {
                w.write(1, s.epochSecond(), s.nanos(), s.length(), s.data(), 0, s.data().length);
            }
        }
        assertEquals(sent.size(), Tshark.fresh(file).frames().size(), "tshark's count");
        byte[] content = Files.readAllBytes(file);
        // The file as PcapReader.open maps it, as a stream, and mapped in small odd windows so
        // that records straddle many of them.
        for (PcapReader reader : List.of(PcapReader.open(file), PcapReader.of(new ByteArrayInputStream(content)),
                PcapReader.of(new MappedFileStream(file, 3 * 4096 + 13)))) {
            try (PcapReader r = reader) {
                RecordView first = null;
                for (int i = 0; i < sent.size(); i++) {
                    RecordView v = r.nextView();
                    if (first == null) {
                        first = v;
                    }
                    assertSame(first, v, "one view object, reused");
                    Sent s = sent.get(i);
                    String where = format + " #" + i;
                    assertEquals(1, v.dataLinkType(), where);
                    assertEquals(s.epochSecond(), v.epochSecond(), where);
                    assertEquals(s.nanos(), v.nanos(), where);
                    assertEquals(s.length(), v.length(), where);
                    assertEquals(s.data().length, v.caplen(), where);
                    assertTrue(Arrays.equals(s.data(), 0, s.data().length,
                            v.array(), v.offset(), v.offset() + v.caplen()), where + ": the bytes in place");
                    assertArrayEquals(s.data(), v.data(), where);
                    if (v.caplen() > 0) {
                        assertEquals(s.data()[v.caplen() - 1], v.byteAt(v.caplen() - 1), where);
                    }
                    assertThrows(IndexOutOfBoundsException.class, () -> v.byteAt(v.caplen()));
                }
                assertNull(r.nextView());
                assertNull(r.next());
            }
        }
    }

    @Test
    void mappedWindowsGiveTheFileByteForByte() throws IOException {
        byte[] content = new byte[200_003];
        new Random(11).nextBytes(content);
        Path file = dir.resolve("bytes");
        Files.write(file, content);
        for (long window : new long[] {1, 4096, 4097, 65_536, MappedFileStream.WINDOW}) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            Random sizes = new Random(window);
            try (MappedFileStream in = new MappedFileStream(file, window)) {
                assertEquals(content.length, in.size());
                byte[] b = new byte[70_000];
                for (int n; (n = in.read(b, 5, 1 + sizes.nextInt(b.length - 5))) > 0; ) {
                    got.write(b, 5, n);
                }
                assertEquals(-1, in.read());
            }
            assertArrayEquals(content, got.toByteArray(), "window " + window);
        }
        Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);
        try (MappedFileStream in = new MappedFileStream(empty)) {
            assertEquals(-1, in.read(new byte[10], 0, 10));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pcap", "pcapng"})
    void aCopyOutlivesTheViewAndViewsMixWithRecords(String format) throws IOException {
        List<Sent> sent = packets(7);
        Path file = dir.resolve("mixed." + format);
        try (PacketWriter w = format.equals("pcap") ? PcapWriter.create(file)
                : PcapNgWriter.create(file)) {
            for (Sent s : sent) {
                w.write(1, s.epochSecond(), s.nanos(), s.length(), s.data(), 0, s.data().length);
            }
        }
        List<PcapRecord> kept = new ArrayList<>();
        try (PcapReader r = PcapReader.open(file)) {
            for (int i = 0; i < sent.size(); i++) {
                // Alternate: a record, then a view copied with toRecord(), read on before checking.
                kept.add(i % 2 == 0 ? r.next() : r.nextView().toRecord());
            }
            assertNull(r.nextView());
        }
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i).data(), kept.get(i).data(), format + " #" + i);
            assertEquals(sent.get(i).length(), kept.get(i).length(), format + " #" + i);
            assertEquals(sent.get(i).epochSecond(), kept.get(i).epochSecond(), format + " #" + i);
        }
    }
}
