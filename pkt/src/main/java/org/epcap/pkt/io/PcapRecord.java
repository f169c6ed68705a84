package org.epcap.pkt.io;

import java.time.Instant;

/**
 * One packet read from a capture file, with its own copy of the bytes. The facts have the names
 * {@code org.epcap.Packet} gives them (docs/codec.md, "The packet's facts").
 *
 * <p>{@code dataLinkType} is the link-layer type as a {@code DLT_*} number, as libpcap's
 * {@code pcap_datalink} gives it for the file: the file's {@code LINKTYPE_*} number (of the pcap
 * header or the pcapng interface, upper flag bits removed) translated by
 * {@link org.epcap.pkt.DataLinkType#fromLinkType}. The timestamp is {@code epochSecond} plus
 * {@code nanos} (0–999 999 999), whatever the file's own resolution. {@code data} holds the
 * captured bytes, so its length is {@link #caplen()}; {@code length} is the packet's length on
 * the wire. {@link PcapReader#nextView()} gives the same facts without the copy.
 *
 * <pre>{@code
 * PcapRecord r = reader.next();
 * Decoded d = Pkt.decode(r.dataLinkType(), r.data());
 * System.out.println(r.timestamp() + " " + r.caplen() + "/" + r.length());
 * }</pre>
 *
 * @param dataLinkType the link-layer type (DLT_) of {@code data}
 * @param epochSecond  whole seconds since 1970-01-01T00:00:00Z
 * @param nanos        nanoseconds within that second, 0–999 999 999
 * @param length       the length of the packet on the wire, which may exceed {@link #caplen()}
 * @param data         the captured bytes; owned by the record (the reader does not reuse it)
 * @param interfaceId  the pcapng interface index within its section, 0 for classic pcap
 */
public record PcapRecord(int dataLinkType, long epochSecond, int nanos, long length,
                         byte[] data, int interfaceId) {

    public PcapRecord {
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("nanos out of range: " + nanos);
        }
        if (length < 0) {
            throw new IllegalArgumentException("negative length: " + length);
        }
        if (data == null) {
            throw new IllegalArgumentException("data is null");
        }
    }

    /** The number of bytes captured: {@code data().length}. */
    public int caplen() {
        return data.length;
    }

    /**
     * The timestamp in nanoseconds since the epoch, saturated at {@link Long#MAX_VALUE} past the
     * year 2262.
     */
    public long timeNanos() {
        return TimeNanos.of(epochSecond, nanos);
    }

    /** The timestamp as an {@link Instant}. */
    public Instant timestamp() {
        return Instant.ofEpochSecond(epochSecond, nanos);
    }
}
