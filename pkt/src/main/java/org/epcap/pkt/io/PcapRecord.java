package org.epcap.pkt.io;

import java.time.Instant;

/**
 * One packet read from a capture file.
 *
 * <p>{@code dataLinkType} is the link-layer type as the file names it (the LINKTYPE_ number of
 * the pcap header or the pcapng interface, upper flag bits removed). The timestamp is
 * {@code seconds} since the epoch plus {@code nanos} (0–999 999 999), whatever the file's own
 * resolution. {@code data} holds the captured bytes, so its length is the captured length;
 * {@code originalLength} is the packet's length on the wire.
 *
 * <pre>{@code
 * PcapRecord r = reader.next();
 * Decoded d = Pkt.decode(r.dataLinkType(), r.data());
 * System.out.println(r.timestamp() + " " + r.capturedLength() + "/" + r.originalLength());
 * }</pre>
 *
 * @param dataLinkType   the link-layer type of {@code data}
 * @param seconds        whole seconds since 1970-01-01T00:00:00Z
 * @param nanos          nanoseconds within that second, 0–999 999 999
 * @param originalLength the length of the packet on the wire, which may exceed the captured length
 * @param data           the captured bytes; owned by the record (the reader does not reuse it)
 * @param interfaceId    the pcapng interface index within its section, 0 for classic pcap
 */
public record PcapRecord(int dataLinkType, long seconds, int nanos, long originalLength,
                         byte[] data, int interfaceId) {

    public PcapRecord {
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("nanos out of range: " + nanos);
        }
        if (originalLength < 0) {
            throw new IllegalArgumentException("negative original length: " + originalLength);
        }
        if (data == null) {
            throw new IllegalArgumentException("data is null");
        }
    }

    /** The number of bytes captured: {@code data().length}. */
    public int capturedLength() {
        return data.length;
    }

    /**
     * The timestamp in nanoseconds since the epoch, saturated at {@link Long#MAX_VALUE} past the
     * year 2262.
     */
    public long epochNanos() {
        long scaled = seconds * 1_000_000_000L;
        if (seconds != 0 && (scaled / 1_000_000_000L != seconds || scaled + nanos < scaled)) {
            return seconds > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return scaled + nanos;
    }

    /** The timestamp as an {@link Instant}. */
    public Instant timestamp() {
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
