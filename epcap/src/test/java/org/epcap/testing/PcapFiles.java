package org.epcap.testing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes and reads classic pcap files for tests (the format is four fixed fields; nothing to get wrong). */
public final class PcapFiles {
    private PcapFiles() {
    }

    /** One record of a pcap file. */
    public record Record(long sec, long subsec, int length, byte[] data) {
    }

    /**
     * Writes {@code count} Ethernet frames of {@code size} bytes (nanosecond pcap, magic
     * a1b23c4d), frame i at time 1,000,000 + i ms with its number i as 4 big-endian bytes at
     * offset 14 (after an Ethernet header with the local experimental type 0x88b5).
     */
    public static void writeNumbered(Path file, int count, int size) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
            out.write(h.array());
            byte[] frame = new byte[size];
            frame[12] = (byte) 0x88;
            frame[13] = (byte) 0xb5;
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                long ms = 1_000_000L + i;
                r.clear();
                r.putInt((int) (ms / 1000)).putInt((int) (ms % 1000 * 1_000_000)).putInt(size).putInt(size);
                out.write(r.array());
                ByteBuffer.wrap(frame, 14, 4).putInt(i);
                out.write(frame);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a classic pcap file (either byte order, micro- or nanosecond magic). */
    public static List<Record> read(Path file) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
            b.order(ByteOrder.LITTLE_ENDIAN);
            int magic = b.getInt(0);
            if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) b.order(ByteOrder.BIG_ENDIAN);
            b.position(24);
            List<Record> out = new ArrayList<>();
            while (b.remaining() >= 16) {
                long sec = b.getInt() & 0xffffffffL;
                long sub = b.getInt() & 0xffffffffL;
                int caplen = b.getInt();
                int len = b.getInt();
                byte[] data = new byte[caplen];
                b.get(data);
                out.add(new Record(sec, sub, len, data));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
