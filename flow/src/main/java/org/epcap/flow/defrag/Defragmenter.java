package org.epcap.flow.defrag;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import org.epcap.flow.LinkLayer;
import org.epcap.flow.PacketSink;
import org.epcap.pkt.Checksums;
import org.epcap.pkt.FastDecoder;

/**
 * IPv4 and IPv6 reassembly as a stage in front of any {@link PacketSink}: packets that are not
 * fragments go through untouched (same bytes, no copy), fragments are held, and each datagram
 * whose fragments are all there goes on as one frame, as if it had been captured whole: the
 * first fragment's link-layer bytes and IP header, the lengths fixed, the fragmentation fields
 * cleared (IPv4: MF and offset 0, header checksum recomputed; IPv6: the fragment header removed
 * and its next header put in its place), and the payload in order. The codec decodes it like any
 * packet; its time is that of the fragment that completed it.
 *
 * <pre>{@code
 * FlowTable flows = new FlowTable(FlowConfig.defaults(), handler);
 * Defragmenter defrag = new Defragmenter(DefragConfig.defaults(), flows);
 * defrag.accept(view.dataLinkType(), view.timeNanos(), view.array(), view.offset(), view.caplen());
 * System.out.println(defrag.stats());   // overlaps, timeouts, evictions, ...
 * }</pre>
 *
 * <p><b>Overlap policy.</b> A fragment identical to a held one (same offset, length and bytes) is
 * a retransmission: dropped and counted as a duplicate. Any other overlap discards the whole
 * datagram, for IPv6 as RFC 5722 requires and for IPv4 as Linux does since 2018 (overlaps are
 * how IDS evasion and FragmentSmack-style attacks work); the fragments of it that arrive later are
 * dropped too (counted as late) until the datagram's hold time ends. Fragments that disagree on
 * where the datagram ends discard it the same way.
 *
 * <p><b>Bounded.</b> Fragments per datagram, datagram size, bytes held by all incomplete
 * datagrams, their number, and the time each is held are all bounded ({@link DefragConfig}); a
 * bound that is hit drops and counts ({@link DefragStats}). To make room, spare buffers go first
 * (finished datagrams' buffers are kept for the next ones, within the same byte bound), then the
 * oldest datagram. Time is packet time. Fragments the capture cut short (snap length) cannot be reassembled
 * and are counted as truncated. Not thread-safe: one thread feeds it.
 */
public final class Defragmenter implements PacketSink {
    private static final int IPV4_MF = 0x2000;
    private static final int IPV4_OFFSET = 0x1fff;
    private static final int HOPOPTS = 0;
    private static final int ROUTING = 43;
    private static final int FRAGMENT = 44;
    private static final int DSTOPTS = 60;

    private final DefragConfig config;
    private final PacketSink downstream;
    private final long maxHoldNanos;
    private final FastDecoder decoder = new FastDecoder();
    private final BufferPool pool = new BufferPool();
    /** Insertion order is arrival order of each datagram's first fragment: the oldest is first. */
    private final LinkedHashMap<DatagramKey, Datagram> pending = new LinkedHashMap<>();
    private long now = Long.MIN_VALUE;
    private long heldBytes;
    private long peakBytes;

    private long fragments;
    private long reassembled;
    private long atomic;
    private long duplicates;
    private long overlaps;
    private long conflictingEnds;
    private long tooManyFragments;
    private long tooLarge;
    private long lateFragments;
    private long timedOut;
    private long evicted;
    private long truncated;
    private long malformed;

    /** A defragmenter bounded by {@code config} handing packets and whole datagrams to {@code downstream}. */
    public Defragmenter(DefragConfig config, PacketSink downstream) {
        this.config = config;
        this.downstream = downstream;
        this.maxHoldNanos = config.maxHold().toNanos();
    }

    @Override
    public void accept(int dataLinkType, long timeNanos, byte[] data, int offset, int length) {
        advanceTo(timeNanos);
        int layers = LinkLayer.decode(decoder, dataLinkType, data, offset, length);
        int ip = decoder.ipOffset();
        int end = offset + length;
        if ((layers & FastDecoder.IPV4) != 0) {
            int word = u16(data, ip + 6);
            if ((word & (IPV4_MF | IPV4_OFFSET)) != 0) {
                ipv4Fragment(dataLinkType, timeNanos, data, offset, end, ip, word);
                return;
            }
        } else if ((layers & FastDecoder.IPV6) != 0) {
            int fragmentHeader = findIpv6FragmentHeader(data, ip, end);
            if (fragmentHeader >= 0) {
                int word = u16(data, fragmentHeader + 2);
                if ((word & 0xfff9) == 0) {
                    atomic++; // offset 0, no M flag: a whole packet (RFC 6946)
                } else {
                    ipv6Fragment(dataLinkType, timeNanos, data, offset, end, ip, fragmentHeader, word);
                    return;
                }
            }
        }
        downstream.accept(dataLinkType, timeNanos, data, offset, length);
    }

    /**
     * Moves the clock to {@code timeNanos} (if later) and drops the datagrams held longer than the
     * hold time. Call it in quiet periods of a live capture.
     */
    public void advanceTo(long timeNanos) {
        if (timeNanos > now) {
            now = timeNanos;
        }
        Iterator<Datagram> it = pending.values().iterator();
        while (it.hasNext()) {
            Datagram g = it.next();
            if (now - g.firstNanos < maxHoldNanos) {
                break;
            }
            if (!g.discarded) {
                timedOut++;
            }
            heldBytes -= g.release(pool) + Datagram.OVERHEAD;
            it.remove();
        }
    }

    /** The counters now. */
    public DefragStats stats() {
        return new DefragStats(fragments, reassembled, atomic, duplicates, overlaps, conflictingEnds,
                tooManyFragments, tooLarge, lateFragments, timedOut, evicted, truncated, malformed, heldBytes,
                pool.bytes(), pending.size(), peakBytes);
    }

    private void ipv4Fragment(int dlt, long time, byte[] data, int offset, int end, int ip, int word) {
        fragments++;
        int hl = (data[ip] & 0x0f) << 2;
        int total = u16(data, ip + 2);
        if (total < hl) {
            malformed++;
            return;
        }
        if (ip + total > end) {
            truncated++;
            return;
        }
        boolean more = (word & IPV4_MF) != 0;
        int at = (word & IPV4_OFFSET) << 3;
        int length = total - hl;
        DatagramKey key = new DatagramKey(4, 0, u32(data, ip + 12), 0, u32(data, ip + 16), data[ip + 9] & 0xff,
                u16(data, ip + 4));
        int limit = Math.min(65_535, config.maxDatagramSize()) - hl;
        Datagram g = fragment(key, time, at, length, more, data, ip + hl, limit);
        if (g == null) {
            return;
        }
        if (at == 0) {
            keepHeaders(g, dlt, data, offset, ip, Arrays.copyOfRange(data, ip, ip + hl), 0, 0);
        }
        if (g.complete()) {
            pending.remove(key);
            heldBytes -= g.bytes;
            int[] span = g.frame();
            byte[] frame = g.buffer;
            int p = span[0] + g.linkPrefix.length;
            int whole = g.header.length + g.totalLength;
            frame[p + 2] = (byte) (whole >>> 8);
            frame[p + 3] = (byte) whole;
            frame[p + 6] &= (byte) 0xc0; // keep DF and the reserved bit; MF and the offset go
            frame[p + 7] = 0;
            frame[p + 10] = 0;
            frame[p + 11] = 0;
            int sum = Checksums.ipv4Header(frame, p);
            frame[p + 10] = (byte) (sum >>> 8);
            frame[p + 11] = (byte) sum;
            deliver(g, time, frame, span);
        }
    }

    private void ipv6Fragment(int dlt, long time, byte[] data, int offset, int end, int ip, int fh, int word) {
        fragments++;
        int payloadLength = u16(data, ip + 4);
        int ipEnd = ip + 40 + payloadLength;
        if (payloadLength == 0 || ipEnd < fh + 8) {
            malformed++; // a jumbogram cannot be fragmented (RFC 2675)
            return;
        }
        if (ipEnd > end) {
            truncated++;
            return;
        }
        boolean more = (word & 1) != 0;
        int at = word & 0xfff8;
        int length = ipEnd - (fh + 8);
        DatagramKey key = new DatagramKey(6, u64(data, ip + 8), u64(data, ip + 16), u64(data, ip + 24),
                u64(data, ip + 32), -1, u32(data, fh + 4));
        int unfragmentable = fh - ip;
        int limit = Math.min(65_535 + 40, config.maxDatagramSize()) - unfragmentable;
        Datagram g = fragment(key, time, at, length, more, data, fh + 8, limit);
        if (g == null) {
            return;
        }
        if (at == 0) {
            keepHeaders(g, dlt, data, offset, ip, Arrays.copyOfRange(data, ip, fh), nextHeaderPointer(data, ip, fh),
                    data[fh] & 0xff);
        }
        if (g.complete()) {
            pending.remove(key);
            heldBytes -= g.bytes;
            int[] span = g.frame();
            byte[] frame = g.buffer;
            int p = span[0] + g.linkPrefix.length;
            int plen = g.header.length - 40 + g.totalLength;
            frame[p + 4] = (byte) (plen >>> 8);
            frame[p + 5] = (byte) plen;
            frame[p + g.nextHeaderAt] = (byte) g.innerNextHeader;
            deliver(g, time, frame, span);
        }
    }

    /**
     * Files one fragment's data under its datagram, applying the policy and the bounds; returns
     * the datagram, or null when the fragment was dropped (and counted).
     */
    private Datagram fragment(DatagramKey key, long time, int at, int length, boolean more, byte[] data, int from,
                              int limit) {
        if (length == 0 || (more && (length & 7) != 0)) {
            malformed++;
            return null;
        }
        Datagram g = pending.get(key);
        if (g == null) {
            while (pending.size() >= config.maxDatagrams()) {
                evictOldest();
            }
            if (!makeRoom(null, Datagram.OVERHEAD)) {
                evicted++; // not even the bookkeeping of a new datagram fits the byte bound
                return null;
            }
            g = new Datagram(now); // the clock, not the stamp: a step back in time expires nothing early
            pending.put(key, g);
            heldBytes += g.bytes;
        }
        if (g.discarded) {
            lateFragments++;
            return null;
        }
        int fragmentEnd = at + length;
        if (fragmentEnd > limit) {
            tooLarge++;
            discard(g);
            return null;
        }
        int seen = g.overlap(at, data, from, length);
        if (seen == 1) {
            duplicates++;
            return null;
        }
        if (seen < 0) {
            overlaps++;
            discard(g);
            return null;
        }
        if ((!more && ((g.totalLength >= 0 && g.totalLength != fragmentEnd) || g.maxEnd() > fragmentEnd))
                || (more && g.totalLength >= 0 && fragmentEnd >= g.totalLength)) {
            conflictingEnds++;
            discard(g);
            return null;
        }
        if (g.pieces.size() >= config.maxFragmentsPerDatagram()) {
            tooManyFragments++;
            discard(g);
            return null;
        }
        int growth = g.growthFor(fragmentEnd);
        long cost = growth + Datagram.FRAGMENT_OVERHEAD;
        if (!makeRoom(g, cost)) {
            return null;
        }
        g.put(at, data, from, length, growth, pool);
        if (!more) {
            g.totalLength = fragmentEnd;
        }
        hold(g, cost);
        return g;
    }

    private void keepHeaders(Datagram g, int dlt, byte[] data, int offset, int ip, byte[] header, int nextHeaderAt,
                             int innerNextHeader) {
        g.dataLinkType = dlt;
        g.linkPrefix = Arrays.copyOfRange(data, offset, ip);
        g.header = header;
        g.nextHeaderAt = nextHeaderAt;
        g.innerNextHeader = innerNextHeader;
        if (makeRoom(g, g.linkPrefix.length + header.length)) {
            hold(g, g.linkPrefix.length + header.length);
        }
    }

    /**
     * Evicts the oldest datagrams other than {@code g} (null: any) until {@code cost} more bytes
     * fit; false (and {@code g} discarded, counted) if they never can.
     */
    private boolean makeRoom(Datagram g, long cost) {
        long excess = heldBytes + pool.bytes() + cost - config.maxBytesHeld();
        if (excess > 0) {
            pool.trim(excess);
        }
        while (heldBytes + pool.bytes() + cost > config.maxBytesHeld()) {
            Iterator<Datagram> it = pending.values().iterator();
            Datagram victim = null;
            while (it.hasNext()) {
                Datagram x = it.next();
                if (x != g) {
                    victim = x;
                    break;
                }
            }
            if (victim == null) {
                if (g != null) {
                    // Alone and still too big for the budget: this datagram cannot be reassembled.
                    evicted++;
                    discard(g);
                }
                return false;
            }
            if (!victim.discarded) {
                evicted++;
            }
            heldBytes -= victim.release(pool) + Datagram.OVERHEAD;
            it.remove();
            pool.trim(pool.bytes());
        }
        return true;
    }

    private void hold(Datagram g, long cost) {
        g.bytes += cost;
        heldBytes += cost;
        if (heldBytes + pool.bytes() > peakBytes) {
            peakBytes = heldBytes + pool.bytes();
        }
    }

    private void evictOldest() {
        Iterator<Datagram> it = pending.values().iterator();
        Datagram oldest = it.next();
        if (!oldest.discarded) {
            evicted++;
        }
        heldBytes -= oldest.release(pool) + Datagram.OVERHEAD;
        it.remove();
    }

    private void discard(Datagram g) {
        heldBytes -= g.release(pool);
        g.discarded = true;
    }

    private void deliver(Datagram g, long time, byte[] frame, int[] at) {
        reassembled++;
        try {
            downstream.accept(g.dataLinkType, time, frame, at[0], at[1]);
        } finally {
            pool.give(frame); // lent for the call only: the buffer serves the next datagram
        }
    }

    /**
     * The offset of the IPv6 fragment header, after the unfragmentable extension headers
     * (hop-by-hop, destination options, routing), or -1 when there is none in the bytes there are.
     */
    private static int findIpv6FragmentHeader(byte[] data, int ip, int end) {
        int next = data[ip + 6] & 0xff;
        int q = ip + 40;
        for (int i = 0; i < 8; i++) {
            if (next == FRAGMENT) {
                return q + 8 <= end ? q : -1;
            }
            if (next != HOPOPTS && next != ROUTING && next != DSTOPTS) {
                return -1;
            }
            if (q + 8 > end) {
                return -1;
            }
            next = data[q] & 0xff;
            q += ((data[q + 1] & 0xff) + 1) << 3;
        }
        return -1;
    }

    /** Where, relative to the IPv6 header, the next-header byte naming the fragment header at {@code fh} is. */
    private static int nextHeaderPointer(byte[] data, int ip, int fh) {
        int at = 6;
        int q = ip + 40;
        while (q < fh) {
            at = q - ip;
            q += ((data[q + 1] & 0xff) + 1) << 3;
        }
        return at;
    }

    private static int u16(byte[] b, int o) {
        return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
    }

    private static long u32(byte[] b, int o) {
        return ((long) u16(b, o) << 16) | u16(b, o + 2);
    }

    private static long u64(byte[] b, int o) {
        return (u32(b, o) << 32) | u32(b, o + 4);
    }
}
