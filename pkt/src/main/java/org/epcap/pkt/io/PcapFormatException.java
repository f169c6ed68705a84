package org.epcap.pkt.io;

import java.io.IOException;

/**
 * A pcap or pcapng file is corrupt, truncated or of a kind this reader does not support. Names the
 * byte offset in the file where the problem was found.
 *
 * <p>{@link PcapReader} throws nothing else for bad file contents: an I/O failure of the
 * underlying stream is a plain {@link IOException}, everything wrong with the bytes is this.
 *
 * <pre>{@code
 * try (PcapReader r = PcapReader.open(path)) {
 *     for (PcapRecord rec : r) handle(rec);
 * } catch (PcapFormatException e) {
 *     System.err.println("bad capture at byte " + e.offset() + ": " + e.getMessage());
 * }
 * }</pre>
 */
public class PcapFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    /**
     * @param offset where in the file the bad structure starts
     * @param reason what is wrong with it
     */
    public PcapFormatException(long offset, String reason) {
        super("at offset " + offset + ": " + reason);
        this.offset = offset;
    }

    /** The byte offset in the file of the header or block that is wrong. */
    public long offset() {
        return offset;
    }
}
