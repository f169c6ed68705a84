package org.epcap.pkt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The reader's iteration, stream and close contracts, on files our writers make. */
class PcapReaderApiTest {

    private static byte[] threePackets(boolean ng) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PacketWriter w = ng ? new PcapNgWriter(bytes, 65535)
                : new PcapWriter(bytes, 1, 65535, TimestampPrecision.NANO)) {
            for (int i = 0; i < 3; i++) {
                byte[] d = new byte[60 + i];
                w.write(1, 1_600_000_000_000_000_000L + i, d.length, d, 0, d.length);
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void iteratesStreamsAndEndsWithNull() throws IOException {
        for (boolean ng : new boolean[] {false, true}) {
            try (PcapReader r = PcapReader.of(new ByteArrayInputStream(threePackets(ng)))) {
                assertEquals(ng ? PcapReader.Format.PCAPNG : PcapReader.Format.PCAP, r.format());
                List<Integer> lengths = new ArrayList<>();
                for (PcapRecord rec : r) {
                    lengths.add(rec.caplen());
                }
                assertEquals(List.of(60, 61, 62), lengths);
                assertNull(r.next());
                assertNull(r.next());
            }
            try (Stream<PcapRecord> s = PcapReader.of(new ByteArrayInputStream(threePackets(ng))).stream()) {
                assertEquals(List.of(1_600_000_000_000_000_000L, 1_600_000_000_000_000_001L, 1_600_000_000_000_000_002L),
                        s.map(PcapRecord::timeNanos).toList());
            }
        }
    }

    @Test
    void closingTheStreamClosesTheFile() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(threePackets(false)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try (Stream<PcapRecord> s = PcapReader.of(in).stream()) {
            assertEquals(1, s.limit(1).count());
        }
        assertTrue(closed[0]);
    }

    @Test
    void iterationWrapsFormatErrors() throws IOException {
        byte[] good = threePackets(false);
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 5);
        try (PcapReader r = PcapReader.of(new ByteArrayInputStream(cut))) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> r.forEach(x -> { }));
            assertTrue(e.getCause() instanceof PcapFormatException, e.getCause().toString());
            assertEquals(24 + 16 + 60 + 16 + 61, ((PcapFormatException) e.getCause()).offset());
        }
    }
}
