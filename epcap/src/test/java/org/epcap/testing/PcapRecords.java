package org.epcap.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A classic pcap file's records as the format defines them (magic, byte order, sub-second unit,
 * 16-byte record headers): the expectation for what the port's frames carry, read without the
 * port or libpcap.
 */
public final class PcapRecords {
    /** One record; {@code subsecond} as stored, in the file's unit ({@code nano} says which). */
    public record Record(long seconds, long subsecond, int length, byte[] data) {
    }

    public final int linkType;
    public final int snaplen;
    public final boolean nano;
    public final List<Record> records;

    private PcapRecords(int linkType, int snaplen, boolean nano, List<Record> records) {
        this.linkType = linkType;
        this.snaplen = snaplen;
        this.nano = nano;
        this.records = records;
    }

    public static PcapRecords read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
        }
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) throw new IOException(file + ": not a classic pcap file");
        int snaplen = b.getInt(16);
        int linkType = b.getInt(20) & 0x0fffffff;
        List<Record> records = new ArrayList<>();
        int at = 24;
        while (at + 16 <= b.limit()) {
            long sec = b.getInt(at) & 0xffffffffL;
            long sub = b.getInt(at + 4) & 0xffffffffL;
            int caplen = b.getInt(at + 8);
            int len = b.getInt(at + 12);
            at += 16;
            records.add(new Record(sec, sub, len, Arrays.copyOfRange(b.array(), at, at + caplen)));
            at += caplen;
        }
        return new PcapRecords(linkType, snaplen, magic == 0xa1b23c4d, records);
    }

    /**
     * The record's time as seconds and nanoseconds within the second, as libpcap hands it on:
     * libpcap reads the sub-second field as a signed 32-bit number (sf-pcap.c's record header is
     * {@code bpf_int32}), and a field of a second or more is carried into the seconds.
     */
    public long[] secondsAndNanos(Record r) {
        long total = r.seconds() * 1_000_000_000L + (long) (int) r.subsecond() * (nano ? 1 : 1000);
        return new long[] {Math.floorDiv(total, 1_000_000_000L), Math.floorMod(total, 1_000_000_000L)};
    }
}
