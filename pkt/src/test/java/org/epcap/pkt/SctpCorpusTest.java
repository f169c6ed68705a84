package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The real SCTP captures of the shared corpus (Ethernet/IPv4/SCTP, from the Erlang pkt
 * project): ports, verification tag, chunk types and key chunk fields agree with tshark, and each
 * SCTP packet encodes back to its bytes.
 */
class SctpCorpusTest {
    private static final Path CORPUS = Path.of("/work/shared/corpus/pkt");

    @TestFactory
    Stream<DynamicTest> sctpCapturesAgreeWithTshark() throws IOException {
        assertTrue(Files.isDirectory(CORPUS), "no corpus at " + CORPUS);
        assertTrue(Files.isExecutable(Path.of("/usr/bin/tshark")), "tshark is not installed");
        List<Path> files;
        try (Stream<Path> s = Files.list(CORPUS)) {
            files = s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        assertTrue(!files.isEmpty(), "no pcap files in " + CORPUS);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path file) throws Exception {
        List<byte[]> frames = readPcap(file);
        List<String[]> expected = tshark(file);
        assertEquals(expected.size(), frames.size(), "frames");
        for (int i = 0; i < frames.size(); i++) {
            byte[] f = frames.get(i);
            assertEquals(0x0800, Wire.u16(f, 12), "ether type");
            int ip = 14;
            int ihl = (f[ip] & 0xf) * 4;
            assertEquals(132, f[ip + 9] & 0xff, "IP protocol");
            int limit = Math.min(f.length, ip + Wire.u16(f, ip + 2));
            Sctp s = Sctp.decode(f, ip + ihl, limit);
            String[] t = expected.get(i);
            String where = file.getFileName() + " frame " + (i + 1);
            assertEquals(Integer.parseInt(t[0]), s.sourcePort(), where);
            assertEquals(Integer.parseInt(t[1]), s.destinationPort(), where);
            assertEquals(Long.decode(t[2]), s.verificationTag(), where);
            assertEquals(t[3], s.chunks().stream().map(c -> String.valueOf(c.type()))
                    .collect(Collectors.joining(",")), where);
            assertEquals(Long.decode(t[4]), s.checksum() & 0xffff_ffffL, where);
            for (SctpChunk c : s.chunks()) {
                assertFalse(c instanceof SctpChunk.Unknown, where + ": " + c);
            }
            if (!t[5].isEmpty()) {
                assertEquals(t[5], s.chunks().stream().filter(c -> c instanceof SctpChunk.Data)
                        .map(c -> String.valueOf(((SctpChunk.Data) c).transmissionSequenceNumber()))
                        .collect(Collectors.joining(",")), where);
            }
            if (!t[6].isEmpty()) {
                assertEquals(Long.parseLong(t[6]), ((SctpChunk.Sack) s.chunks().get(0)).cumulativeTsnAck(),
                        where);
            }
            if (!t[7].isEmpty()) {
                SctpChunk.InitFields init = s.chunks().get(0) instanceof SctpChunk.Init in ? in.fields()
                        : ((SctpChunk.InitAck) s.chunks().get(0)).fields();
                assertEquals(Long.decode(t[7]), init.initiateTag(), where);
            }
            assertArrayEquals(Arrays.copyOfRange(f, ip + ihl, limit), s.encode(), where);
        }
    }

    private static List<String[]> tshark(Path file) throws Exception {
        Process p = new ProcessBuilder("tshark", "-r", file.toString(), "-T", "fields",
                "-e", "sctp.srcport", "-e", "sctp.dstport", "-e", "sctp.verification_tag",
                "-e", "sctp.chunk_type", "-e", "sctp.checksum", "-e", "sctp.data_tsn_raw",
                "-e", "sctp.sack_cumulative_tsn_ack_raw", "-e", "sctp.init_initiate_tag",
                "-E", "aggregator=,")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tshark did not finish");
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                rows.add(Arrays.copyOf(line.split("\t", -1), 8));
            }
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                row[i] = row[i] == null ? "" : row[i];
            }
        }
        return rows;
    }

    /** The frames of a classic pcap file (either byte order); enough for these captures. */
    static List<byte[]> readPcap(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
        }
        assertEquals(1, b.getInt(20), "link type: Ethernet");
        List<byte[]> frames = new ArrayList<>();
        int o = 24;
        while (o + 16 <= b.limit()) {
            int caplen = b.getInt(o + 8);
            byte[] frame = new byte[caplen];
            b.get(o + 16, frame);
            frames.add(frame);
            o += 16 + caplen;
        }
        return frames;
    }
}
