package org.epcap.pkt;

/**
 * A packet could not be decoded: it is shorter than a header needs, or a header's fields
 * contradict each other. Names the protocol and the byte offset where decoding stopped.
 *
 * <p>The codec throws nothing else on bad input: any other exception from decoding is a bug.
 */
public class DecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String protocol;
    private final int offset;
    private final boolean truncated;

    /**
     * @param protocol  the layer name of the header being decoded (as {@link Header#layer()})
     * @param offset    the offset in the packet where that header starts
     * @param truncated true when the bytes simply ran out (a snaplen-truncated capture)
     * @param reason    what was wrong
     */
    public DecodeException(String protocol, int offset, boolean truncated, String reason) {
        super(protocol + " at offset " + offset + ": " + reason);
        this.protocol = protocol;
        this.offset = offset;
        this.truncated = truncated;
    }

    /** The bytes ran out: {@code need} bytes wanted at {@code offset}, {@code have} present. */
    public static DecodeException truncated(String protocol, int offset, int need, int have) {
        return new DecodeException(protocol, offset, true,
                "truncated: needs " + need + " bytes, " + have + " present");
    }

    /** A field has a value the protocol forbids. */
    public static DecodeException malformed(String protocol, int offset, String reason) {
        return new DecodeException(protocol, offset, false, reason);
    }

    /** The layer name of the header that failed. */
    public String protocol() {
        return protocol;
    }

    /** Where in the packet that header starts. */
    public int offset() {
        return offset;
    }

    /** True when the packet was cut short (snaplen), not malformed. */
    public boolean truncated() {
        return truncated;
    }
}
