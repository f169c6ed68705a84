package org.epcap.pkt.io;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import org.epcap.pkt.DataLinkType;

/**
 * Something that saves packets: a classic pcap file ({@link PcapWriter}) or a pcapng file
 * ({@link PcapNgWriter}). Output is buffered; {@link #flush()} pushes it to the file and
 * {@link #close()} flushes and closes.
 *
 * <pre>{@code
 * try (PacketWriter w = PcapNgWriter.create(Path.of("out.pcapng"))) {
 *     w.write(1, System.currentTimeMillis() * 1_000_000L, frame.length, frame, 0, frame.length);
 * }
 * }</pre>
 */
public interface PacketWriter extends Closeable, Flushable {

    /**
     * Writes one packet.
     *
     * @param dataLinkType the DLT_ number of {@code data} (1 for Ethernet); the file stores its
     *                     LINKTYPE_ ({@link DataLinkType#toLinkType})
     * @param epochSecond  seconds since the epoch, 0 or more
     * @param nanos        nanoseconds within that second, 0–999 999 999
     * @param length       the packet's length on the wire (0 to 2<sup>32</sup>-1)
     * @param data         holds the captured bytes
     * @param offset       where they start in {@code data}
     * @param caplen       how many were captured; a writer with a snaplen keeps at most that many
     * @throws IllegalArgumentException when a value does not fit the file format, or the writer
     *                                  cannot hold that link type
     */
    void write(int dataLinkType, long epochSecond, int nanos, long length,
               byte[] data, int offset, int caplen) throws IOException;

    /** Writes one packet stamped {@code timeNanos} nanoseconds after the epoch. */
    default void write(int dataLinkType, long timeNanos, long length,
                       byte[] data, int offset, int caplen) throws IOException {
        write(dataLinkType, Math.floorDiv(timeNanos, 1_000_000_000L),
                (int) Math.floorMod(timeNanos, 1_000_000_000L), length, data, offset, caplen);
    }

    /** Writes a record as read by {@link PcapReader}. */
    default void write(PcapRecord r) throws IOException {
        write(r.dataLinkType(), r.epochSecond(), r.nanos(), r.length(), r.data(), 0, r.caplen());
    }

    /** Writes the record a view shows, straight from the reader's buffer. */
    default void write(RecordView v) throws IOException {
        write(v.dataLinkType(), v.epochSecond(), v.nanos(), v.length(), v.array(), v.offset(),
                v.caplen());
    }

    /**
     * The LINKTYPE_ a file stores for {@code dataLinkType}.
     *
     * @throws IllegalArgumentException when there is none
     */
    static int linkTypeOf(int dataLinkType) {
        int linkType = DataLinkType.toLinkType(dataLinkType);
        if (linkType < 0) {
            throw new IllegalArgumentException("DLT " + dataLinkType
                    + " has no LINKTYPE_ value: capture files cannot hold it");
        }
        return linkType;
    }

    /** Checks the arguments every writer shares. */
    static void check(long epochSecond, int nanos, long length, byte[] data, int offset,
                      int caplen) {
        if (epochSecond < 0 || epochSecond > 0xffff_ffffL) {
            throw new IllegalArgumentException("seconds out of range 0..2^32-1: " + epochSecond);
        }
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("nanos out of range 0..999999999: " + nanos);
        }
        if (length < 0 || length > 0xffff_ffffL) {
            throw new IllegalArgumentException("length on the wire out of range: " + length);
        }
        if (offset < 0 || caplen < 0 || offset > data.length - caplen) {
            throw new IndexOutOfBoundsException(
                    "range [" + offset + ", +" + caplen + ") of " + data.length + " bytes");
        }
    }
}
