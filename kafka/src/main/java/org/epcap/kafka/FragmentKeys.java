package org.epcap.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import org.epcap.flow.LinkLayer;
import org.epcap.pkt.FastDecoder;

/**
 * Keeps a fragmented datagram's packets with its flow. Only a datagram's first fragment carries
 * the ports, so the flow table names the later fragments by addresses and protocol alone; a
 * packet record keyed that way would land in another partition than the rest of its datagram.
 * Here the first fragment's Community ID is remembered by (addresses, protocol, identification)
 * and given to the later ones. Bounded: the oldest datagrams are forgotten first (a later
 * fragment of a forgotten or never-seen first one keeps the table's name, counted).
 *
 * <p>Not thread-safe: the thread that feeds the packets.
 */
final class FragmentKeys {
    static final int MAX_DATAGRAMS = 4096;
    private static final int FRAGMENT_HEADER = 44;
    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int DESTINATION = 60;

    private record Datagram(long srcHigh, long srcLow, long dstHigh, long dstLow, int protocol, long ident) {
    }

    private final FastDecoder decoder = new FastDecoder();
    private final Map<Datagram, String> firsts = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Datagram, String> eldest) {
            return size() > MAX_DATAGRAMS;
        }
    };
    private long unmatched;

    /**
     * The key for this packet: {@code tableId} (the flow table's Community ID for it), or for a
     * later fragment the ID its first fragment had.
     */
    String keyFor(int dataLinkType, byte[] buf, int off, int len, String tableId) {
        int layers = LinkLayer.decode(decoder, dataLinkType, buf, off, len);
        int ip = decoder.ipOffset();
        if ((layers & FastDecoder.IPV4) != 0) {
            int flags = u16(buf, ip + 6);
            boolean more = (flags & 0x2000) != 0;
            int offset = flags & 0x1fff;
            if (!more && offset == 0) return tableId;
            Datagram d = new Datagram(0, decoder.ipv4Source() & 0xffff_ffffL, 0,
                    decoder.ipv4Destination() & 0xffff_ffffL, buf[ip + 9] & 0xff, u16(buf, ip + 4));
            return remembered(d, offset == 0, more, tableId);
        }
        if ((layers & FastDecoder.IPV6) != 0) {
            int end = off + len;
            int next = buf[ip + 6] & 0xff;
            int q = ip + 40;
            for (int i = 0; i < 8 && q + 8 <= end; i++) {
                if (next == FRAGMENT_HEADER) {
                    int fo = u16(buf, q + 2);
                    long ident = u32(buf, q + 4);
                    Datagram d = new Datagram(decoder.ipv6SourceHigh(), decoder.ipv6SourceLow(),
                            decoder.ipv6DestinationHigh(), decoder.ipv6DestinationLow(), buf[q] & 0xff, ident);
                    return remembered(d, (fo & 0xfff8) == 0, (fo & 1) != 0, tableId);
                }
                if (next != HOP_BY_HOP && next != ROUTING && next != DESTINATION) break;
                next = buf[q] & 0xff;
                q += ((buf[q + 1] & 0xff) + 1) << 3;
            }
        }
        return tableId;
    }

    private String remembered(Datagram d, boolean first, boolean more, String tableId) {
        if (first) {
            if (tableId != null) firsts.put(d, tableId);
            return tableId;
        }
        String id = more ? firsts.get(d) : firsts.remove(d);
        if (id == null) {
            unmatched++;
            return tableId;
        }
        return id;
    }

    /** Later fragments whose first fragment was not seen (or forgotten): keyed by the table's name. */
    long unmatched() {
        return unmatched;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static long u32(byte[] b, int i) {
        return ((long) u16(b, i) << 16) | u16(b, i + 2);
    }
}
