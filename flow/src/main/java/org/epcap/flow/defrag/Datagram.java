package org.epcap.flow.defrag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An incomplete datagram: one buffer its fragments are copied into at their place (so that the
 * whole datagram goes on without a second copy), the extents received in offset order, and what
 * the first fragment says.
 */
final class Datagram {
    /** Bookkeeping counted against the byte budget, besides the buffer. */
    static final int OVERHEAD = 128;
    static final int FRAGMENT_OVERHEAD = 32;
    /**
     * Room before the payload for the link-layer bytes and the IP header, written there when the
     * datagram is complete (Ethernet with two VLAN tags and an IPv4 header with options take 82).
     */
    static final int HEADROOM = 96;

    /** The extent of one fragment's data in the datagram's payload. */
    record Piece(int offset, int length) {
        int end() {
            return offset + length;
        }
    }

    final long firstNanos;
    final List<Piece> pieces = new ArrayList<>(4);
    /** The payload at {@link #HEADROOM} + offset; null until the first fragment's data. */
    byte[] buffer;
    /** The payload length, once the last fragment (no M flag) said it; -1 before. */
    int totalLength = -1;
    /** Set when the datagram was discarded: its later fragments are dropped until it expires. */
    boolean discarded;
    /** From the fragment at offset 0: the link-layer bytes before IP, and the IP header(s) to keep. */
    byte[] linkPrefix;
    byte[] header;
    /** IPv6: where, in {@link #header}, the next-header byte that named the fragment header is. */
    int nextHeaderAt;
    /** IPv6: the protocol the fragment header named. */
    int innerNextHeader;
    int dataLinkType;
    long bytes = OVERHEAD;

    Datagram(long firstNanos) {
        this.firstNanos = firstNanos;
    }

    /** The index where a piece at {@code offset} goes. */
    int insertionPoint(int offset) {
        int lo = 0;
        int hi = pieces.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pieces.get(mid).offset() < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Compares a new fragment with the held ones: 0 when it overlaps none, 1 when it is an exact
     * duplicate of one, -1 when it overlaps any other way.
     */
    int overlap(int offset, byte[] data, int from, int length) {
        int end = offset + length;
        for (Piece p : pieces) {
            if (p.offset() >= end) {
                break;
            }
            if (p.end() <= offset) {
                continue;
            }
            boolean same = p.offset() == offset && p.length() == length
                    && Arrays.equals(buffer, HEADROOM + offset, HEADROOM + end, data, from, from + length);
            return same ? 1 : -1;
        }
        return 0;
    }

    /**
     * The bytes the buffer must grow by to hold payload up to {@code end} (0 if it does already).
     * Once the last fragment said where the datagram ends, the buffer is sized for all of it.
     */
    int growthFor(int end) {
        int need = HEADROOM + Math.max(end, totalLength);
        int have = buffer == null ? 0 : buffer.length;
        return need <= have ? 0 : BufferPool.sizeFor(need) - have;
    }

    /** Copies a fragment's data in at {@code offset}, the buffer grown by {@code growth} first. */
    void put(int offset, byte[] data, int from, int length, int growth, BufferPool pool) {
        if (growth > 0) {
            int have = buffer == null ? 0 : buffer.length;
            byte[] bigger = pool.take(have + growth);
            if (buffer != null) {
                System.arraycopy(buffer, HEADROOM, bigger, HEADROOM, maxEnd());
                pool.give(buffer);
            }
            buffer = bigger;
        }
        System.arraycopy(data, from, buffer, HEADROOM + offset, length);
        pieces.add(insertionPoint(offset), new Piece(offset, length));
    }

    /** True when the pieces cover [0, totalLength) and the first fragment's headers are here. */
    boolean complete() {
        if (totalLength < 0 || header == null) {
            return false;
        }
        int covered = 0;
        for (Piece p : pieces) {
            if (p.offset() != covered) {
                return false;
            }
            covered = p.end();
        }
        return covered == totalLength;
    }

    int maxEnd() {
        return pieces.isEmpty() ? 0 : pieces.get(pieces.size() - 1).end();
    }

    /**
     * The whole frame, link-layer bytes and headers in front of the payload: in the buffer itself
     * when they fit the headroom (no copy), else in a new array. Returns {offset, length} into
     * {@link #buffer}, which then holds the frame.
     */
    int[] frame() {
        int front = linkPrefix.length + header.length;
        int length = front + totalLength;
        if (front <= HEADROOM) {
            int start = HEADROOM - front;
            System.arraycopy(linkPrefix, 0, buffer, start, linkPrefix.length);
            System.arraycopy(header, 0, buffer, start + linkPrefix.length, header.length);
            return new int[] {start, length};
        }
        byte[] whole = new byte[length];
        System.arraycopy(linkPrefix, 0, whole, 0, linkPrefix.length);
        System.arraycopy(header, 0, whole, linkPrefix.length, header.length);
        System.arraycopy(buffer, HEADROOM, whole, front, totalLength);
        buffer = whole;
        return new int[] {0, length};
    }

    /** Frees the held bytes of a discarded datagram (its buffer to the pool); returns how many. */
    long release(BufferPool pool) {
        long freed = bytes - OVERHEAD;
        pool.give(buffer);
        pieces.clear();
        buffer = null;
        linkPrefix = null;
        header = null;
        bytes = OVERHEAD;
        return freed;
    }
}
