package org.epcap.flow.defrag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An incomplete datagram: its fragments in offset order, and what the first fragment says. */
final class Datagram {
    /** Bookkeeping counted against the byte budget, besides the bytes copied. */
    static final int OVERHEAD = 128;
    static final int FRAGMENT_OVERHEAD = 32;

    /** One fragment's data, at {@code offset} in the datagram's payload. */
    record Piece(int offset, byte[] data) {
        int end() {
            return offset + data.length;
        }
    }

    final long firstNanos;
    final List<Piece> pieces = new ArrayList<>(4);
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
    int overlap(int offset, byte[] buf, int from, int length) {
        int end = offset + length;
        for (Piece p : pieces) {
            if (p.offset() >= end) {
                break;
            }
            if (p.end() <= offset) {
                continue;
            }
            boolean same = p.offset() == offset && p.data().length == length
                    && Arrays.equals(p.data(), 0, length, buf, from, from + length);
            return same ? 1 : -1;
        }
        return 0;
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

    /** Frees the held bytes of a discarded datagram; returns how many were freed. */
    long release() {
        long freed = bytes - OVERHEAD;
        pieces.clear();
        linkPrefix = null;
        header = null;
        bytes = OVERHEAD;
        return freed;
    }
}
