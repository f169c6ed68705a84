package org.epcap.pkt.io;

import java.time.Instant;
import java.util.Arrays;

/**
 * The record {@link PcapReader#nextView()} just read, shown in place in the reader's buffer:
 * no copy, no allocation. The facts have the names of {@link PcapRecord} and
 * {@code org.epcap.Packet}.
 *
 * <p><b>A view is valid only until the reader's next {@code nextView()}, {@code next()} or
 * {@code close()}</b>: the reader then reuses this object and overwrites the bytes under
 * {@link #array()}. Do not keep it, and do not keep {@link #array()}; take {@link #toRecord()}
 * or {@link #data()} (copies) for a packet that must outlive the step. Do not write into
 * {@link #array()} either: the reader may still need bytes around the packet.
 *
 * <pre>{@code
 * try (PcapReader reader = PcapReader.open(Path.of("trace.pcap"))) {
 *     for (RecordView v; (v = reader.nextView()) != null; ) {
 *         Decoded d = Pkt.decode(v.dataLinkType(), v.data());       // a copy, kept safely
 *         fastDecoder.decode(v.array(), v.offset(), v.caplen());    // or in place, now
 *     }
 * }
 * }</pre>
 */
public final class RecordView {
    private int dataLinkType;
    private long epochSecond;
    private int nanos;
    private long length;
    private byte[] array;
    private int offset;
    private int caplen;
    private int interfaceId;

    RecordView() {
    }

    void set(int dataLinkType, long epochSecond, int nanos, long length, byte[] array, int offset,
             int caplen, int interfaceId) {
        this.dataLinkType = dataLinkType;
        this.epochSecond = epochSecond;
        this.nanos = nanos;
        this.length = length;
        this.array = array;
        this.offset = offset;
        this.caplen = caplen;
        this.interfaceId = interfaceId;
    }

    /** The link-layer type (DLT_) of the captured bytes. */
    public int dataLinkType() {
        return dataLinkType;
    }

    /** Whole seconds since 1970-01-01T00:00:00Z. */
    public long epochSecond() {
        return epochSecond;
    }

    /** Nanoseconds within {@link #epochSecond()}, 0–999 999 999. */
    public int nanos() {
        return nanos;
    }

    /** The timestamp as an {@link Instant}. */
    public Instant timestamp() {
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** The timestamp in nanoseconds since the epoch, saturated past the year 2262. */
    public long timeNanos() {
        return TimeNanos.of(epochSecond, nanos);
    }

    /** The packet's length on the wire, which may exceed {@link #caplen()}. */
    public long length() {
        return length;
    }

    /** The number of bytes captured. */
    public int caplen() {
        return caplen;
    }

    /** The pcapng interface index within its section, 0 for classic pcap. */
    public int interfaceId() {
        return interfaceId;
    }

    /**
     * The reader's buffer: the captured bytes are {@code array()[offset() .. offset() + caplen())}.
     * Overwritten by the reader's next step; read only.
     */
    public byte[] array() {
        return array;
    }

    /** Where the captured bytes start in {@link #array()}. */
    public int offset() {
        return offset;
    }

    /** The captured byte at {@code index}, 0 to {@code caplen() - 1}. */
    public byte byteAt(int index) {
        if (index < 0 || index >= caplen) {
            throw new IndexOutOfBoundsException("index " + index + " of " + caplen + " bytes");
        }
        return array[offset + index];
    }

    /** Copies the captured bytes into {@code dst} at {@code off}; returns {@link #caplen()}. */
    public int copyTo(byte[] dst, int off) {
        System.arraycopy(array, offset, dst, off, caplen);
        return caplen;
    }

    /** A copy of the captured bytes. */
    public byte[] data() {
        return Arrays.copyOfRange(array, offset, offset + caplen);
    }

    /** A record of its own holding a copy of the bytes, valid after the reader moves on. */
    public PcapRecord toRecord() {
        return new PcapRecord(dataLinkType, epochSecond, nanos, length, data(), interfaceId);
    }

    @Override
    public String toString() {
        return "RecordView[dlt=" + dataLinkType + ", time=" + timestamp() + ", length=" + length
                + ", caplen=" + caplen + "]";
    }
}
