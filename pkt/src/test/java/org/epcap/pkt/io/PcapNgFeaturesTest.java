package org.epcap.pkt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.epcap.pkt.testing.ExternalTool;
import org.epcap.pkt.testing.Tshark;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * pcapng features the corpus hardly exercises, in files built byte by byte and read by tshark as
 * the oracle: timestamp resolutions (10^-k and 2^-k), if_tsoffset, big-endian sections, several
 * sections with different byte orders, simple and obsolete packet blocks, unknown blocks.
 */
class PcapNgFeaturesTest {
    @TempDir
    Path dir;

    private static Bad shb(boolean big) {
        return new Bad().bigEndian(big).u32(0x0a0d0d0a).u32(28).u32(0x1a2b3c4d).u16(1).u16(0)
                .u32(-1).u32(-1).u32(28);
    }

    /** An interface of link type 1 with an if_tsresol byte (or none when negative). */
    private static Bad idb(Bad b, int tsresol, long tsoffset) {
        int len = 20 + (tsresol >= 0 ? 8 : 0) + (tsoffset != 0 ? 12 : 0);
        b.u32(1).u32(len).u16(1).u16(0).u32(0);
        if (tsresol >= 0) {
            b.u16(9).u16(1).u8(tsresol).zeros(3);
        }
        if (tsoffset != 0) {
            b.u16(14).u16(8).u32(tsoffset & 0xffffffffL).u32(tsoffset >>> 32);
        }
        return b.u32(len);
    }

    /** An enhanced packet block of {@code caplen} bytes at {@code units} of the interface's resolution. */
    private static Bad epb(Bad b, int ifid, long units, int caplen, int origlen) {
        int padded = (caplen + 3) & ~3;
        return b.u32(6).u32(32 + padded).u32(ifid).u32(units >>> 32).u32(units & 0xffffffffL)
                .u32(caplen).u32(origlen).zeros(padded).u32(32 + padded);
    }

    static Stream<Arguments> files() {
        long t = 1_700_000_000L;
        return Stream.of(
                Arguments.of("default microseconds", epb(idb(shb(false), -1, 0), 0, t * 1_000_000 + 123_456, 60, 60).bytes()),
                Arguments.of("nanoseconds", epb(idb(shb(false), 9, 0), 0, t * 1_000_000_000L + 987_654_321, 60, 80).bytes()),
                Arguments.of("milliseconds", epb(idb(shb(false), 3, 0), 0, t * 1000 + 999, 10, 10).bytes()),
                Arguments.of("picoseconds", epb(idb(shb(false), 12, 0), 0, 1_234_567_890_123_456_789L, 10, 10).bytes()),
                Arguments.of("2^-20 seconds", epb(idb(shb(false), 0x80 | 20, 0), 0, (t << 20) | 0x7ffff, 10, 10).bytes()),
                Arguments.of("2^-30 seconds", epb(idb(shb(false), 0x80 | 30, 0), 0, (t << 30) | 12345, 10, 10).bytes()),
                Arguments.of("if_tsoffset", epb(idb(shb(false), 9, 3600), 0, 5_000_000_000L, 10, 10).bytes()),
                Arguments.of("big-endian section", epb(idb(shb(true), 9, 0), 0, t * 1_000_000_000L + 5, 61, 61).bytes()),
                Arguments.of("two sections, two byte orders",
                        epb(idb(shb(false), 6, 0), 0, t * 1_000_000L, 20, 20)
                                .then(epb(epb(idb(idb(shb(true), 9, 0), 3, 0), 1, t * 1000 + 7, 30, 30), 0, t * 1_000_000_000L + 1, 40, 40))
                                .bytes()),
                Arguments.of("simple packet block", idb(shb(false), -1, 0).u32(3).u32(16 + 12).u32(10).zeros(12).u32(28).bytes()),
                Arguments.of("obsolete packet block", idb(shb(false), 9, 0)
                        .u32(2).u32(32 + 12).u16(0).u16(0).u32(0).u32(1_000_000_007L).u32(10).u32(99).zeros(12).u32(44).bytes()),
                Arguments.of("name resolution and statistics blocks skipped", epb(idb(shb(false), -1, 0)
                        .u32(4).u32(16).u32(0).u32(16)
                        .u32(5).u32(24).u32(0).u32(0).u32(0).u32(24), 0, t * 1_000_000L, 10, 10).bytes()));
    }

    /** Cases where tshark's time is wrong, and why; tcpdump (libpcap) is the oracle there. */
    private static final Map<String, String> TSHARK_TIME_WRONG = Map.of(
            "picoseconds", "tshark multiplies the fraction by 10^9 in 64 bits before dividing, which"
                    + " overflows for 10^-12 units; libpcap divides and gets .890123456");

    private static List<String> tcpdumpTimes(Path file) {
        return ExternalTool.run(List.of(ExternalTool.require("tcpdump"), "-r", file.toString(), "-tt",
                "--nano", "-nn"), 60).stdout().lines().map(l -> l.split(" ")[0]).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void readsLikeTshark(String what, byte[] content) throws IOException {
        Path file = dir.resolve("f.pcapng");
        Files.write(file, content);
        Tshark.Run tshark = Tshark.fresh(file);
        assertTrue(tshark.clean(), what + ": the oracle must read this file: " + tshark.stderr());
        Records ours = Records.read(file);
        assertNull(ours.error(), () -> what + ": " + ours.error());
        assertEquals(tshark.frames().size(), ours.records().size(), what);
        assertTrue(ours.records().size() > 0, what);
        for (int i = 0; i < ours.records().size(); i++) {
            PcapRecord r = ours.records().get(i);
            Map<String, String> t = tshark.frames().get(i);
            assertEquals(t.get("frame.cap_len"), String.valueOf(r.caplen()), what + " #" + (i + 1));
            assertEquals(t.get("frame.len"), String.valueOf(r.length()), what + " #" + (i + 1));
            String time = t.get("frame.time_epoch");
            if (time.isEmpty()) {
                time = "0.000000000"; // a simple packet block has no timestamp
            }
            if (TSHARK_TIME_WRONG.containsKey(what)) {
                // The reason is in the list; libpcap is the oracle for this one.
                assertTrue(!Records.oracleNanos(time).equals(Records.nanos(r)), what + ": tshark agrees now");
                time = tcpdumpTimes(file).get(i);
            }
            assertEquals(Records.oracleNanos(time), Records.nanos(r),
                    what + " #" + (i + 1) + ": " + time + " vs " + Records.time(r));
        }
    }
}
