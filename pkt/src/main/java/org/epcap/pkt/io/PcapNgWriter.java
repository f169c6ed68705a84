package org.epcap.pkt.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a pcapng file: one little-endian section, one interface per link type seen (its
 * LINKTYPE_, {@link org.epcap.pkt.DataLinkType#toLinkType}, described
 * when its first packet arrives, with nanosecond timestamps, {@code if_tsresol} = 9) and an
 * enhanced packet block per packet. Packets of different link types may share the file; Wireshark
 * reads such files, libpcap (and so tcpdump) only those with a single link type.
 *
 * <pre>{@code
 * try (PcapNgWriter w = PcapNgWriter.create(Path.of("out.pcapng"))) {
 *     w.write(1, timeNanos, frame.length, frame, 0, frame.length);
 * }
 * }</pre>
 */
public final class PcapNgWriter implements PacketWriter {
    private static final int IDB_LENGTH = 32;
    private static final int EPB_FIXED = 32;

    private final ByteSink out;
    private final int snaplen;
    private final Map<Integer, Integer> interfaceOfLinkType = new HashMap<>();

    /**
     * @param out     where the file goes; closed by {@link #close()}
     * @param snaplen the most bytes kept of each packet, 1 or more
     */
    public PcapNgWriter(OutputStream out, int snaplen) throws IOException {
        if (snaplen <= 0) {
            throw new IllegalArgumentException("snaplen must be positive: " + snaplen);
        }
        this.out = new ByteSink(out);
        this.snaplen = snaplen;
        this.out.u32(PcapNgSource.SHB);
        this.out.u32(28);
        this.out.u32(0x1a2b3c4d);
        this.out.u16(1);
        this.out.u16(0);
        this.out.u32(0xffff_ffffL); // section length: not given
        this.out.u32(0xffff_ffffL);
        this.out.u32(28);
    }

    /** Creates (or truncates) {@code file}; see {@link #PcapNgWriter(OutputStream, int)}. */
    public static PcapNgWriter create(Path file, int snaplen) throws IOException {
        OutputStream s = Files.newOutputStream(file);
        try {
            return new PcapNgWriter(s, snaplen);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** A file with the largest snaplen. */
    public static PcapNgWriter create(Path file) throws IOException {
        return create(file, Limits.MAX_SNAPLEN);
    }

    @Override
    public void write(int dataLinkType, long epochSecond, int nanos, long length,
                      byte[] data, int offset, int caplen) throws IOException {
        out.ensureOpen();
        PacketWriter.check(epochSecond, nanos, length, data, offset, caplen);
        int linkType = PacketWriter.linkTypeOf(dataLinkType);
        Integer id = interfaceOfLinkType.get(linkType);
        if (id == null) {
            id = interfaceOfLinkType.size();
            describeInterface(linkType);
            interfaceOfLinkType.put(linkType, id);
        }
        int kept = Math.min(caplen, snaplen);
        long units = epochSecond * 1_000_000_000L + nanos;
        int total = EPB_FIXED + ((kept + 3) & ~3);
        out.u32(6);
        out.u32(total);
        out.u32(id);
        out.u32(units >>> 32);
        out.u32(units);
        out.u32(kept);
        out.u32(length);
        out.bytes(data, offset, kept);
        out.pad(kept);
        out.u32(total);
    }

    private void describeInterface(int linkType) throws IOException {
        out.u32(1);
        out.u32(IDB_LENGTH);
        out.u16(linkType);
        out.u16(0);
        out.u32(snaplen);
        out.u16(9); // if_tsresol
        out.u16(1);
        out.u32(9); // 10^-9, then three bytes of padding
        out.u32(0); // opt_endofopt
        out.u32(IDB_LENGTH);
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
