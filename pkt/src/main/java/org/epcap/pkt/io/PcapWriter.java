package org.epcap.pkt.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.epcap.pkt.DataLinkType;

/**
 * Writes a classic pcap file (little-endian, version 2.4) that tcpdump, Wireshark and libpcap
 * read. One link type per file, as the format has it; the header stores the LINKTYPE_ of the
 * DLT_ given (libpcap's {@code dlt_to_linktype}). The file header is written at once, so even
 * a capture of no packets is a valid file.
 *
 * <pre>{@code
 * try (PcapWriter w = PcapWriter.create(Path.of("out.pcap"), 1, 262144, TimestampPrecision.NANO)) {
 *     for (PcapRecord r : reader) w.write(r);
 * }
 * }</pre>
 */
public final class PcapWriter implements PacketWriter {
    private final ByteSink out;
    private final int dataLinkType;
    private final int linkType;
    private final int snaplen;
    private final TimestampPrecision precision;

    /**
     * @param out          where the file goes; closed by {@link #close()}
     * @param dataLinkType the DLT_ number of every packet (1 for Ethernet); the header holds its
     *                     LINKTYPE_ ({@link DataLinkType#toLinkType})
     * @param snaplen      the most bytes kept of each packet, 1 or more
     * @param precision    microsecond or nanosecond timestamps
     * @throws IllegalArgumentException when the DLT has no LINKTYPE_ (libpcap cannot save it
     *                                  either) or the snaplen is not positive
     */
    public PcapWriter(OutputStream out, int dataLinkType, int snaplen, TimestampPrecision precision)
            throws IOException {
        int linkType = PacketWriter.linkTypeOf(dataLinkType);
        if (snaplen <= 0) {
            throw new IllegalArgumentException("snaplen must be positive: " + snaplen);
        }
        this.out = new ByteSink(out);
        this.dataLinkType = dataLinkType;
        this.linkType = linkType;
        this.snaplen = snaplen;
        this.precision = precision;
        this.out.u32(precision == TimestampPrecision.NANO
                ? ClassicPcapSource.MAGIC_NANO : ClassicPcapSource.MAGIC_MICRO);
        this.out.u16(2);
        this.out.u16(4);
        this.out.u32(0); // thiszone: timestamps are UTC
        this.out.u32(0); // sigfigs
        this.out.u32(snaplen);
        this.out.u32(linkType);
    }

    /** Creates (or truncates) {@code file}; see {@link #PcapWriter(OutputStream, int, int, TimestampPrecision)}. */
    public static PcapWriter create(Path file, int dataLinkType, int snaplen, TimestampPrecision precision)
            throws IOException {
        OutputStream s = Files.newOutputStream(file);
        try {
            return new PcapWriter(s, dataLinkType, snaplen, precision);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** An Ethernet file with the largest snaplen and microsecond timestamps. */
    public static PcapWriter create(Path file) throws IOException {
        return create(file, 1, Limits.MAX_SNAPLEN, TimestampPrecision.MICRO);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException also when {@code dataLinkType} is not stored as this file's
     *                                  link type; with microsecond precision the nanoseconds are
     *                                  truncated to microseconds
     */
    @Override
    public void write(int dataLinkType, long epochSecond, int nanos, long length,
                      byte[] data, int offset, int caplen) throws IOException {
        out.ensureOpen();
        PacketWriter.check(epochSecond, nanos, length, data, offset, caplen);
        if (dataLinkType != this.dataLinkType && DataLinkType.toLinkType(dataLinkType) != linkType) {
            throw new IllegalArgumentException("link type DLT " + dataLinkType
                    + " in a pcap file of link type DLT " + this.dataLinkType);
        }
        int kept = Math.min(caplen, snaplen);
        out.u32(epochSecond);
        out.u32(precision == TimestampPrecision.NANO ? nanos : nanos / 1000);
        out.u32(kept);
        out.u32(length);
        out.bytes(data, offset, kept);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
