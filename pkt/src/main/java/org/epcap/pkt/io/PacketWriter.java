package org.epcap.pkt.io;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;

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
     * @param dataLinkType   the LINKTYPE_ number of {@code data} (1 for Ethernet)
     * @param seconds        seconds since the epoch, 0 or more
     * @param nanos          nanoseconds within that second, 0–999 999 999
     * @param originalLength the packet's length on the wire (0 to 2<sup>32</sup>-1)
     * @param data           holds the captured bytes
     * @param offset         where they start in {@code data}
     * @param length         how many were captured; a writer with a snaplen keeps at most that many
     * @throws IllegalArgumentException when a value does not fit the file format, or the writer
     *                                  cannot hold that link type
     */
    void write(int dataLinkType, long seconds, int nanos, long originalLength,
               byte[] data, int offset, int length) throws IOException;

    /** Writes one packet stamped {@code epochNanos} nanoseconds after the epoch. */
    default void write(int dataLinkType, long epochNanos, long originalLength,
                       byte[] data, int offset, int length) throws IOException {
        write(dataLinkType, Math.floorDiv(epochNanos, 1_000_000_000L),
                (int) Math.floorMod(epochNanos, 1_000_000_000L), originalLength, data, offset, length);
    }

    /** Writes a record as read by {@link PcapReader}. */
    default void write(PcapRecord r) throws IOException {
        write(r.dataLinkType(), r.seconds(), r.nanos(), r.originalLength(), r.data(), 0,
                r.data().length);
    }

    /** Checks the arguments every writer shares. */
    static void check(long seconds, int nanos, long originalLength, byte[] data, int offset,
                      int length) {
        if (seconds < 0 || seconds > 0xffff_ffffL) {
            throw new IllegalArgumentException("seconds out of range 0..2^32-1: " + seconds);
        }
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("nanos out of range 0..999999999: " + nanos);
        }
        if (originalLength < 0 || originalLength > 0xffff_ffffL) {
            throw new IllegalArgumentException("original length out of range: " + originalLength);
        }
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IndexOutOfBoundsException(
                    "range [" + offset + ", +" + length + ") of " + data.length + " bytes");
        }
    }
}
