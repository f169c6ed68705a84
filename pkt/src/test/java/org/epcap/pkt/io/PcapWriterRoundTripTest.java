package org.epcap.pkt.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.epcap.pkt.DataLinkType;
import org.epcap.pkt.testing.Corpus;
import org.epcap.pkt.testing.ExternalTool;
import org.epcap.pkt.testing.Tshark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The writers: what they write reads back the same with our reader, and tshark and tcpdump read
 * the same packets from a file we rewrote as from the original.
 */
class PcapWriterRoundTripTest {
    @TempDir
    Path dir;

    private enum Kind { PCAP_MICRO, PCAP_NANO, PCAPNG }

    private static PacketWriter writer(Kind kind, Path file, int linkType, int snaplen) throws IOException {
        return switch (kind) {
            case PCAP_MICRO -> PcapWriter.create(file, linkType, snaplen, TimestampPrecision.MICRO);
            case PCAP_NANO -> PcapWriter.create(file, linkType, snaplen, TimestampPrecision.NANO);
            case PCAPNG -> PcapNgWriter.create(file, snaplen);
        };
    }

    /** Seeded records: random lengths (0 to 1600 and a few at 65535), times across the 32-bit range. */
    private static List<PcapRecord> generated(long seed, int linkType, int n) {
        Random r = new Random(seed);
        List<PcapRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int caplen = i % 50 == 7 ? 65535 : r.nextInt(1601);
            byte[] data = new byte[caplen];
            r.nextBytes(data);
            long orig = caplen + (r.nextBoolean() ? 0 : r.nextInt(10_000));
            long sec = i == 0 ? 0 : i == 1 ? 0xffff_ffffL : r.nextLong(0x1_0000_0000L);
            out.add(new PcapRecord(linkType, sec, r.nextInt(1_000_000_000), orig, data, 0));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"PCAP_MICRO", "PCAP_NANO", "PCAPNG"})
    void writeThenReadGivesTheSameRecords(String kindName) throws IOException {
        Kind kind = Kind.valueOf(kindName);
        List<PcapRecord> in = generated(42, 1, 300);
        Path file = dir.resolve("rt." + kind);
        try (PacketWriter w = writer(kind, file, 1, 262144)) {
            for (PcapRecord r : in) {
                w.write(r);
            }
        }
        Records back = Records.read(file);
        assertNull(back.error());
        assertEquals(in.size(), back.records().size());
        for (int i = 0; i < in.size(); i++) {
            PcapRecord a = in.get(i);
            PcapRecord b = back.records().get(i);
            assertEquals(1, b.dataLinkType());
            assertEquals(a.epochSecond(), b.epochSecond(), "record " + i);
            assertEquals(kind == Kind.PCAP_MICRO ? a.nanos() / 1000 * 1000 : a.nanos(), b.nanos(), "record " + i);
            assertEquals(a.length(), b.length());
            assertArrayEquals(a.data(), b.data());
        }
    }

    @Test
    void snaplenTruncatesAndKeepsTheOriginalLength() throws IOException {
        Path file = dir.resolve("snap.pcapng");
        byte[] data = new byte[200];
        try (PacketWriter w = PcapNgWriter.create(file, 64)) {
            w.write(1, 1_700_000_000_123_456_789L, 200, data, 0, 200);
        }
        PcapRecord r = Records.read(file).records().get(0);
        assertEquals(64, r.caplen());
        assertEquals(200, r.length());
        assertEquals(1_700_000_000_123_456_789L, r.timeNanos());
    }

    @Test
    void pcapngHoldsSeveralLinkTypesAndTsharkReadsThem() throws IOException {
        Path file = dir.resolve("multi.pcapng");
        List<PcapRecord> in = new ArrayList<>();
        in.addAll(generated(1, 1, 5));
        in.addAll(generated(2, DataLinkType.RAW, 5));
        in.addAll(generated(3, 113, 5));
        try (PacketWriter w = PcapNgWriter.create(file)) {
            for (int i = 0; i < 5; i++) {
                w.write(in.get(i));
                w.write(in.get(5 + i));
                w.write(in.get(10 + i));
            }
        }
        List<PcapRecord> back = Records.read(file).records();
        assertEquals(15, back.size());
        assertEquals(List.of(1, DataLinkType.RAW, 113), back.subList(0, 3).stream().map(PcapRecord::dataLinkType).toList());
        Tshark.Run t = Tshark.fresh(file);
        assertTrue(t.clean(), t.stderr());
        assertEquals(15, t.frames().size());
        for (int i = 0; i < 15; i++) {
            assertEquals(String.valueOf(back.get(i).caplen()), t.frames().get(i).get("frame.cap_len"));
            assertEquals(String.valueOf(back.get(i).length()), t.frames().get(i).get("frame.len"));
            assertEquals(Records.time(back.get(i)), t.frames().get(i).get("frame.time_epoch"));
        }
    }

    @Test
    void badArgumentsAreRefusedWithTheirName() throws IOException {
        PcapWriter w = new PcapWriter(new ByteArrayOutputStream(), 1, 65535, TimestampPrecision.NANO);
        byte[] d = new byte[10];
        assertTrue(assertThrows(IllegalArgumentException.class, () -> w.write(113, 0, 0, 10, d, 0, 10))
                .getMessage().contains("link type"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> w.write(1, -1, 0, 10, d, 0, 10))
                .getMessage().contains("seconds"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> w.write(1, 0, 1_000_000_000, 10, d, 0, 10))
                .getMessage().contains("nanos"));
        assertThrows(IndexOutOfBoundsException.class, () -> w.write(1, 0, 0, 10, d, 5, 10));
        assertThrows(IllegalArgumentException.class, () -> new PcapWriter(new ByteArrayOutputStream(), 1, 0,
                TimestampPrecision.MICRO));
        w.close();
        assertThrows(IOException.class, () -> w.write(1, 0, 0, 10, d, 0, 10));
    }

    /**
     * Corpus files rewritten by each writer: tshark must show the same lengths and times in the
     * copy as in the original (nanosecond writers), and tcpdump the same timestamps.
     */
    @ParameterizedTest
    @ValueSource(strings = {"PCAP_MICRO", "PCAP_NANO", "PCAPNG"})
    void oraclesReadOurFilesLikeTheOriginals(String kindName) throws IOException {
        Kind kind = Kind.valueOf(kindName);
        String tcpdump = ExternalTool.require("tcpdump");
        int files = 0;
        for (Path original : Corpus.files()) {
            if (files == 25) {
                break; // enough variety; each file costs two tshark runs
            }
            String name = original.getFileName().toString();
            if (!(name.startsWith("tcp") || name.startsWith("udp") || name.startsWith("sctp")
                    || name.startsWith("ipv6") || name.startsWith("icmp") || name.startsWith("vrrp"))) {
                continue;
            }
            byte[] head = Files.readAllBytes(original);
            if (!name.endsWith(".pcap") || head.length < 24) {
                continue; // classic originals: their snaplen is at a fixed place
            }
            boolean little = (head[0] & 0xff) == 0xd4 || (head[0] & 0xff) == 0x4d;
            long snaplen = java.nio.ByteBuffer.wrap(head, 16, 4)
                    .order(little ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN)
                    .getInt() & 0xffffffffL;
            Records in = Records.read(original);
            // libpcap cuts a record longer than the file's snaplen and tshark does not: such files
            // cannot be compared by both.
            if (in.error() != null || in.records().stream().anyMatch(r -> r.caplen() > snaplen) || in.records().isEmpty()
                    || in.records().stream().anyMatch(r -> r.dataLinkType() != in.records().get(0).dataLinkType()
                    || r.epochSecond() > 0xffff_ffffL)) {
                continue;
            }
            int linkType = in.records().get(0).dataLinkType();
            Path copy = dir.resolve(name + "." + kind);
            try (PacketWriter w = writer(kind, copy, linkType, 262144)) {
                for (PcapRecord r : in.records()) {
                    w.write(r);
                }
            }
            files++;
            Tshark.Run a = Tshark.of(original);
            Tshark.Run b = Tshark.fresh(copy);
            assertTrue(b.clean(), copy + ": " + b.stderr());
            assertEquals(a.frames().size(), b.frames().size(), name);
            for (int i = 0; i < a.frames().size(); i++) {
                Map<String, String> fa = a.frames().get(i);
                Map<String, String> fb = b.frames().get(i);
                String where = name + "#" + (i + 1) + " as " + kind;
                assertEquals(fa.get("frame.cap_len"), fb.get("frame.cap_len"), where);
                assertEquals(fa.get("frame.len"), fb.get("frame.len"), where);
                PcapRecord r = in.records().get(i);
                String expected = kind == Kind.PCAP_MICRO
                        ? r.epochSecond() + "." + String.format("%06d", r.nanos() / 1000) + "000"
                        : fa.get("frame.time_epoch");
                assertEquals(expected, fb.get("frame.time_epoch"), where);
                assertEquals(fa.get("frame.protocols"), fb.get("frame.protocols"), where);
            }
            ExternalTool.Result ta = ExternalTool.run(List.of(tcpdump, "-r", original.toString(), "-tt", "-nn",
                    "--nano", "-q"), 60);
            ExternalTool.Result tb = ExternalTool.run(List.of(tcpdump, "-r", copy.toString(), "-tt", "-nn",
                    "--nano", "-q"), 60);
            assertEquals(0, tb.exitCode(), copy + ": " + tb.stderr());
            if (kind != Kind.PCAP_MICRO) {
                assertEquals(ta.stdout(), tb.stdout(), name + " as " + kind + ": tcpdump output differs");
            } else {
                assertEquals(ta.stdout().lines().count(), tb.stdout().lines().count(), name);
            }
            Files.delete(copy);
        }
        assertTrue(files >= 20, "expected at least 20 corpus files to rewrite, found " + files);
    }

    /**
     * libpcap as the writer's oracle: {@code tcpdump -r ORIGINAL -w COPY} and our writer given the
     * same records, snaplen and link type must produce the same bytes, micro and nano.
     */
    @ParameterizedTest
    @ValueSource(strings = {"PCAP_MICRO", "PCAP_NANO"})
    void writesTheBytesLibpcapWrites(String kindName) throws IOException {
        Kind kind = Kind.valueOf(kindName);
        String tcpdump = ExternalTool.require("tcpdump");
        int files = 0;
        for (Path original : Corpus.files()) {
            String name = original.getFileName().toString();
            byte[] head = Files.readAllBytes(original);
            if (files == 20 || !name.endsWith(".pcap")
                    || head.length < 24 || (head[0] & 0xff) != 0xd4 || head[22] != 0 || head[23] != 0) {
                // little-endian classic files, as libpcap writes on this machine, without flag bits
                // above the link type (which libpcap copies and our records do not carry)
                continue;
            }
            long snaplen = java.nio.ByteBuffer.wrap(head, 16, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt()
                    & 0xffffffffL;
            Records in = Records.read(original);
            if (in.error() != null || in.records().isEmpty() || snaplen == 0 || snaplen > 262144
                    || in.records().stream().anyMatch(r -> r.caplen() > snaplen)) {
                continue;
            }
            Path theirs = dir.resolve(name + ".libpcap");
            Path ours = dir.resolve(name + ".ours");
            List<String> cmd = new ArrayList<>(List.of(tcpdump, "-r", original.toString(), "-w", theirs.toString()));
            if (kind == Kind.PCAP_NANO) {
                cmd.add("--time-stamp-precision=nano");
            }
            ExternalTool.Result r = ExternalTool.run(cmd, 60);
            assertEquals(0, r.exitCode(), r.stderr());
            try (PacketWriter w = writer(kind, ours, in.records().get(0).dataLinkType(), (int) snaplen)) {
                for (PcapRecord rec : in.records()) {
                    w.write(rec);
                }
            }
            assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours), name + " as " + kind);
            files++;
        }
        assertTrue(files >= 10, "expected at least 10 files to compare, found " + files);
    }
}
