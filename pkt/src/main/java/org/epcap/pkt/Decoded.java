package org.epcap.pkt;

import java.util.List;

/**
 * The result of decoding one packet: the headers in order, the payload after the last one, the
 * bytes after the payload that belong to no header (Ethernet padding, a frame check sequence:
 * {@link #trailer}), where decoding stopped and why.
 *
 * <pre>{@code
 * Decoded d = Pkt.decode(DataLinkType.EN10MB, frame);
 * Tcp tcp = d.header(Tcp.class);              // null when there is none
 * if (d.error() != null) System.err.println("stopped: " + d.error().getMessage());
 * byte[] same = d.encode();                   // equals frame, byte for byte
 * }</pre>
 *
 * @param headers   the headers decoded, outermost first (unmodifiable)
 * @param payload   the bytes after the last header up to the end its lengths give (a view)
 * @param trailer   the bytes after that up to the end of the capture (a view; usually empty)
 * @param offset    where the payload starts in the array: where decoding stopped
 * @param error     why decoding stopped early, or null when it went as far as it knows
 * @param truncated true when the capture holds fewer bytes than the headers announce (snaplen)
 */
public record Decoded(List<Header> headers, Bytes payload, Bytes trailer, int offset, DecodeException error,
        boolean truncated) {

    /** The first header of the given type, or null. */
    public <T extends Header> T header(Class<T> type) {
        for (int i = 0, n = headers.size(); i < n; i++) {
            Header h = headers.get(i);
            if (type.isInstance(h)) {
                return type.cast(h);
            }
        }
        return null;
    }

    /** The last header, or null when none decoded. */
    public Header last() {
        return headers.isEmpty() ? null : headers.get(headers.size() - 1);
    }

    /** True when no error stopped decoding and nothing was cut short. */
    public boolean complete() {
        return error == null && !truncated;
    }

    /** Headers, payload and trailer back to bytes: the packet that was decoded. */
    public byte[] encode() {
        return Pkt.encode(headers, payload, trailer, false);
    }
}
