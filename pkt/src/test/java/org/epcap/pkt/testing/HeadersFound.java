package org.epcap.pkt.testing;

import java.util.ArrayList;
import java.util.List;
import org.epcap.pkt.Decoded;
import org.epcap.pkt.Header;
import org.epcap.pkt.Pkt;

/** The headers of one kind that the record path finds in a frame, as test material. */
public final class HeadersFound {
    private HeadersFound() {
    }

    /** Every {@code type} header {@link Pkt#decode} finds in {@code frame}; none for a link type it has no decoder for. */
    public static <T extends Header> List<T> in(Class<T> type, int dataLinkType, byte[] frame) {
        Decoded d;
        try {
            d = Pkt.decode(dataLinkType, frame);
        } catch (RuntimeException e) {
            return List.of(); // an unsupported link type: CorpusDecodeTest's matter
        }
        List<T> out = new ArrayList<>();
        for (Header h : d.headers()) {
            if (type.isInstance(h)) {
                out.add(type.cast(h));
            }
        }
        return out;
    }
}
