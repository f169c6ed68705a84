package org.epcap.pkt;

/**
 * A header with a checksum field that {@link Pkt#encode} fills: it writes the header with the
 * field zero ({@link #withChecksum}), the headers after it and the payload, then asks the header
 * for its checksum over those bytes ({@link #checksumOver}), innermost header first.
 *
 * <pre>{@code
 * byte[] segment = tcp.withChecksum(0).encode();     // with any data appended
 * Tcp filled = tcp.withChecksum(tcp.checksumOver(segment, 0, segment.length, ipv4));
 * }</pre>
 */
public interface HasChecksum {

    /** Whether the header carries the field at all; only GRE's is optional. */
    default boolean checksumPresent() {
        return true;
    }

    /** This header with its checksum field set to {@code checksum}. */
    Header withChecksum(int checksum);

    /**
     * The checksum this header should carry, computed over {@code packet[offset, offset+length)}:
     * the header as written with its checksum field zero, then everything after it up to the end
     * of the payload.
     *
     * @param network the nearest {@link Ipv4} or {@link Ipv6} header before this one, or null;
     *                checksums under an IP pseudo-header need it
     * <p>By default the one's complement sum over those bytes alone (ICMP, IGMP, GRE); headers
     * whose sum covers more (an IP pseudo-header, a header without its payload) override it.
     *
     * @throws IllegalArgumentException when the checksum needs an IP header and {@code network} is null
     */
    default int checksumOver(byte[] packet, int offset, int length, Header network) {
        return Checksums.internet(packet, offset, length);
    }
}
