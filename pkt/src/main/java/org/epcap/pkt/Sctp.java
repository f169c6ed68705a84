package org.epcap.pkt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An SCTP packet (RFC 9260): the 12-byte common header and all its chunks. SCTP has no payload
 * outside its chunks (user data is in {@link SctpChunk.Data}), so decoding takes every byte up
 * to {@code limit}; the dispatcher passes the end of the IP payload there.
 *
 * <pre>{@code
 * Sctp s = Sctp.decode(ipPayload, 0, ipPayload.length);
 * for (SctpChunk c : s.chunks()) System.out.println(c.name());
 * Sctp filled = s.withChecksum(Checksums.crc32c(...));   // see Checksums
 * }</pre>
 *
 * @param sourcePort      0–65535
 * @param destinationPort 0–65535
 * @param verificationTag 0–2³²−1
 * @param checksum        the CRC32c as carried (all 32 bits; print it unsigned)
 * @param chunks          the chunks in order, their padding included
 */
public record Sctp(int sourcePort, int destinationPort, long verificationTag, int checksum,
        List<SctpChunk> chunks) implements Header, HasChecksum {

    static final String LAYER = "sctp";
    private static final int COMMON_LENGTH = 12;

    public Sctp {
        Wire.check("sourcePort", sourcePort, 0xffff);
        Wire.check("destinationPort", destinationPort, 0xffff);
        Wire.check("verificationTag", verificationTag, 0xffff_ffffL);
        chunks = List.copyOf(chunks);
    }

    /**
     * Decodes the common header and the chunks up to {@code limit}.
     *
     * @throws DecodeException when a chunk's length is below 4 (malformed) or runs past
     *                         {@code limit} (truncated)
     */
    public static Sctp decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, COMMON_LENGTH, limit);
        int end = Math.min(limit, packet.length);
        List<SctpChunk> chunks = SctpChunk.decodeAll(packet, offset + COMMON_LENGTH, end, offset);
        return new Sctp(Wire.u16(packet, offset), Wire.u16(packet, offset + 2),
                Wire.u32(packet, offset + 4) & 0xffff_ffffL, Wire.u32(packet, offset + 8), chunks);
    }

    @Override
    public Sctp withChecksum(int checksum) {
        return new Sctp(sourcePort, destinationPort, verificationTag, checksum, chunks);
    }

    /** The CRC32c over the whole packet (RFC 9260). */
    @Override
    public int checksumOver(byte[] packet, int offset, int length, Header network) {
        return Checksums.sctp(packet, offset, length);
    }

    @Override
    public Layer next() {
        return Layer.NONE;
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public int encodedLength() {
        int n = COMMON_LENGTH;
        for (SctpChunk c : chunks) {
            n += c.encodedLength();
        }
        return n;
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        Wire.put16(dst, offset, sourcePort);
        Wire.put16(dst, offset + 2, destinationPort);
        Wire.put32(dst, offset + 4, (int) verificationTag);
        Wire.put32(dst, offset + 8, checksum);
        int o = offset + COMMON_LENGTH;
        for (SctpChunk c : chunks) {
            o = c.encodeTo(dst, o);
        }
        return o;
    }

    /**
     * {@code source_port, destination_port, verification_tag, checksum} (unsigned), and
     * {@code chunks}: the chunk type names in order, e.g. {@code ["INIT"]}.
     */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source_port", sourcePort);
        m.put("destination_port", destinationPort);
        m.put("verification_tag", verificationTag);
        m.put("checksum", checksum & 0xffff_ffffL);
        List<String> names = new ArrayList<>(chunks.size());
        for (SctpChunk c : chunks) {
            names.add(c.name());
        }
        m.put("chunks", names);
        return m;
    }
}
