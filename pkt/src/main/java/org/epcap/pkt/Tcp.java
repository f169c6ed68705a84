package org.epcap.pkt;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * A TCP header (RFC 9293), options included.
 *
 * <p>{@code flagBits} is the low 12 bits of the offset/flags word: the three reserved bits and
 * NS, CWR, ECE, URG, ACK, PSH, RST, SYN, FIN, kept whole so that encoding is exact. The data
 * offset is not a field: it is {@code 5 + options().length() / 4}, which is what decoding read.
 * {@link #options()} holds the raw option bytes (a view of the packet); {@link #decodedOptions()}
 * reads them into {@link TcpOption} values when asked, so decoding itself stays cheap.
 *
 * <pre>{@code
 * Tcp syn = Tcp.of(40000, 80, 1, 0, EnumSet.of(TcpFlag.SYN), 64240,
 *         List.of(new TcpOption.MaximumSegmentSize(1460)));
 * byte[] wire = syn.encode();                       // 24 bytes, checksum 0
 * Tcp again = Tcp.decode(wire, 0, wire.length);     // equals syn
 * again.fields();  // {source_port=40000, destination_port=80, flags=[syn], seq=1, ...}
 * }</pre>
 *
 * @param sourcePort            0–65535
 * @param destinationPort       0–65535
 * @param sequenceNumber        0–2³²−1
 * @param acknowledgementNumber 0–2³²−1
 * @param flagBits              0–0xfff: reserved bits and flags, see {@link TcpFlag}
 * @param window                0–65535
 * @param checksum              0–65535, as carried
 * @param urgentPointer         0–65535
 * @param options               raw option bytes, a multiple of 4, at most 40
 */
public record Tcp(int sourcePort, int destinationPort, long sequenceNumber,
        long acknowledgementNumber, int flagBits, int window, int checksum, int urgentPointer,
        Bytes options) implements Header, HasChecksum {

    static final String LAYER = "tcp";
    private static final int MIN_LENGTH = 20;

    public Tcp {
        Wire.check("sourcePort", sourcePort, 0xffff);
        Wire.check("destinationPort", destinationPort, 0xffff);
        Wire.check("sequenceNumber", sequenceNumber, 0xffff_ffffL);
        Wire.check("acknowledgementNumber", acknowledgementNumber, 0xffff_ffffL);
        Wire.check("flagBits", flagBits, 0xfff);
        Wire.check("window", window, 0xffff);
        Wire.check("checksum", checksum, 0xffff);
        Wire.check("urgentPointer", urgentPointer, 0xffff);
        Wire.notNull("options", options);
        if (options.length() > 40 || (options.length() & 3) != 0) {
            throw new IllegalArgumentException(
                    "options: a multiple of 4 up to 40 bytes, got " + options.length());
        }
    }

    /** A header with the given flags and options (padded to 4), checksum and urgent pointer 0. */
    public static Tcp of(int sourcePort, int destinationPort, long sequenceNumber,
            long acknowledgementNumber, EnumSet<TcpFlag> flags, int window,
            List<? extends TcpOption> options) {
        return new Tcp(sourcePort, destinationPort, sequenceNumber, acknowledgementNumber,
                TcpFlag.toBits(flags), window, 0, 0, TcpOption.encode(options));
    }

    /**
     * Decodes the TCP header at {@code offset}.
     *
     * @throws DecodeException when the data offset is below 5 (malformed) or the header it
     *                         announces does not fit before {@code limit} (truncated)
     */
    public static Tcp decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, MIN_LENGTH, limit);
        int word = Wire.u16(packet, offset + 12);
        int headerLength = (word >>> 12) << 2;
        if (headerLength < MIN_LENGTH) {
            throw DecodeException.malformed(LAYER, offset,
                    "data offset " + (word >>> 12) + " below 5");
        }
        Wire.need(LAYER, packet, offset, headerLength, limit);
        return new Tcp(Wire.u16(packet, offset), Wire.u16(packet, offset + 2),
                Wire.u32(packet, offset + 4) & 0xffff_ffffL,
                Wire.u32(packet, offset + 8) & 0xffff_ffffL,
                word & 0xfff, Wire.u16(packet, offset + 14), Wire.u16(packet, offset + 16),
                Wire.u16(packet, offset + 18),
                Bytes.view(packet, offset + MIN_LENGTH, headerLength - MIN_LENGTH));
    }

    /** The data offset field: the header length in 32-bit words, 5–15. */
    public int dataOffset() {
        return 5 + (options.length() >>> 2);
    }

    /** The flags that are set (the reserved bits are not flags; see {@link #flagBits()}). */
    public EnumSet<TcpFlag> flags() {
        return TcpFlag.fromBits(flagBits);
    }

    /** True when {@code flag} is set; no allocation. */
    public boolean has(TcpFlag flag) {
        return (flagBits & flag.bit()) != 0;
    }

    /** The three reserved bits between the data offset and NS. */
    public int reservedBits() {
        return flagBits >>> 9;
    }

    /** The options read from {@link #options()}; see {@link TcpOption} for malformed areas. */
    public List<TcpOption> decodedOptions() {
        return options.isEmpty() ? List.of() : TcpOption.decode(options);
    }

    /** This header with another checksum (for {@code Pkt.encode}). */
    @Override
    public Tcp withChecksum(int checksum) {
        return new Tcp(sourcePort, destinationPort, sequenceNumber, acknowledgementNumber,
                flagBits, window, checksum, urgentPointer, options);
    }

    /** Over the segment under the IP pseudo-header (RFC 9293). */
    @Override
    public int checksumOver(byte[] packet, int offset, int length, Header network) {
        return Checksums.transport(Checksums.requireNetwork(network, LAYER), IpProtocol.TCP, packet, offset, length);
    }

    /** TLS on the ports of TLS services ({@link Layer#ofTcpPorts}), else {@link Layer#PAYLOAD}. */
    @Override
    public Layer next() {
        return Layer.ofTcpPorts(sourcePort, destinationPort);
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public int encodedLength() {
        return MIN_LENGTH + options.length();
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        Wire.put16(dst, offset, sourcePort);
        Wire.put16(dst, offset + 2, destinationPort);
        Wire.put32(dst, offset + 4, (int) sequenceNumber);
        Wire.put32(dst, offset + 8, (int) acknowledgementNumber);
        Wire.put16(dst, offset + 12, (dataOffset() << 12) | flagBits);
        Wire.put16(dst, offset + 14, window);
        Wire.put16(dst, offset + 16, checksum);
        Wire.put16(dst, offset + 18, urgentPointer);
        return options.copyTo(dst, offset + MIN_LENGTH);
    }

    /**
     * {@code source_port, destination_port, flags} (labels in {@link TcpFlag} order),
     * {@code seq, ack, win, checksum, urg, off}, and {@code options}: tcpdump-like summaries
     * such as {@code "mss 1460"}, {@code "nop"}, {@code "TS val 1 ecr 0"}.
     */
    @Override
    public Map<String, Object> fields() {
        return FieldMap.of(this);
    }

    @Override
    public void forEachField(FieldVisitor v) {
        v.field("source_port", sourcePort);
        v.field("destination_port", destinationPort);
        v.field("flags", TcpFlag.labels(flagBits));
        v.field("seq", sequenceNumber);
        v.field("ack", acknowledgementNumber);
        v.field("win", window);
        v.field("checksum", checksum);
        v.field("urg", urgentPointer);
        v.field("off", dataOffset());
        List<String> summaries = new ArrayList<>();
        for (TcpOption o : decodedOptions()) {
            summaries.add(o.summary());
        }
        v.field("options", summaries);
    }
}
