package org.epcap;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/**
 * One captured packet: the seed's {@code {packet, DataLinkType, Time, Length, Data}}.
 * Immutable: {@link #data()} returns a copy; {@link #buffer()} is a read-only view without
 * one, as is {@link #copyTo} into a buffer of the caller's.
 *
 * <pre>{@code
 * Packet p = cap.next();
 * System.out.printf("%s %d/%d bytes%n", p.timestamp(), p.caplen(), p.length());
 * }</pre>
 *
 * <p>Threads: immutable; safe to share between threads.
 */
public final class Packet {
    private final int dataLinkType;
    private final long seconds;
    private final int nanos;
    private final int length;
    private final byte[] data;

    /** Takes ownership of {@code data}: the caller must not change it afterwards. */
    Packet(int dataLinkType, long seconds, int nanos, int length, byte[] data) {
        this.dataLinkType = dataLinkType;
        this.seconds = seconds;
        this.nanos = nanos;
        this.length = length;
        this.data = data;
    }

    /** A packet built by hand (tests, replays); {@code data} is copied. */
    public static Packet of(int dataLinkType, Instant timestamp, int length, byte[] data) {
        return new Packet(dataLinkType, timestamp.getEpochSecond(), timestamp.getNano(), length, data.clone());
    }

    /** The link type (DLT_*) the data starts with, e.g. 1 for Ethernet. */
    public int dataLinkType() {
        return dataLinkType;
    }

    /** When it was captured, to the nanosecond when the capture had nanosecond precision. */
    public Instant timestamp() {
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** Seconds since the epoch of {@link #timestamp()}. */
    public long epochSecond() {
        return seconds;
    }

    /** Nanoseconds within the second of {@link #timestamp()}. */
    public int nanos() {
        return nanos;
    }

    /** The timestamp in microseconds since the epoch (the seed's {@code microsecond} unit). */
    public long timeMicros() {
        return seconds * 1_000_000L + nanos / 1000;
    }

    /** The packet's length on the wire; {@link #caplen()} may be less (snaplen). */
    public int length() {
        return length;
    }

    /** How many bytes were captured. */
    public int caplen() {
        return data.length;
    }

    /** A copy of the captured bytes. */
    public byte[] data() {
        return data.clone();
    }

    /**
     * The captured bytes as a read-only view, without a copy: position 0, limit
     * {@link #caplen()}, big-endian (network order). A fresh view each call, so its position
     * is the caller's own.
     *
     * <pre>{@code
     * ByteBuffer b = p.buffer();
     * int etherType = b.getShort(12) & 0xffff;
     * }</pre>
     */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer();
    }

    /** The captured bytes themselves, for the library's own zero-copy paths. */
    byte[] array() {
        return data;
    }

    /** The captured byte at {@code index}. */
    public byte byteAt(int index) {
        return data[index];
    }

    /** Copies the captured bytes into {@code dst} at {@code off}; returns {@link #caplen()}. */
    public int copyTo(byte[] dst, int off) {
        System.arraycopy(data, 0, dst, off, data.length);
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Packet)) return false;
        Packet p = (Packet) o;
        return dataLinkType == p.dataLinkType && seconds == p.seconds && nanos == p.nanos
                && length == p.length && Arrays.equals(data, p.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data) * 31 + Long.hashCode(seconds * 1_000_000_000L + nanos);
    }

    @Override
    public String toString() {
        return "Packet[dlt=" + dataLinkType + ", time=" + timestamp() + ", length=" + length
                + ", caplen=" + data.length + "]";
    }
}
