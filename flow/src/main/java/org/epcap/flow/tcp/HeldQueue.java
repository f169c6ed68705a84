package org.epcap.flow.tcp;

import java.util.Arrays;

/**
 * The out-of-order pieces of one direction, sorted by start offset, none overlapping: a sorted
 * array with a moving head. Pieces mostly arrive near the end (a few segments out of order) and
 * leave from the head, so both are cheap; an insertion in the middle shifts at most the pieces
 * the budgets allow (about budget / {@link ReassemblyConfig#SEGMENT_OVERHEAD}). Faster than a
 * {@code TreeMap} by a wide margin on real traffic, and it allocates nothing per piece but the piece.
 */
final class HeldQueue {
    private static final HeldSegment[] NONE = new HeldSegment[0];
    private HeldSegment[] items = NONE;
    private int head;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The piece at {@code i} (0: the first). */
    HeldSegment get(int i) {
        return items[head + i];
    }

    HeldSegment first() {
        return items[head];
    }

    long firstStart() {
        return items[head].start();
    }

    HeldSegment last() {
        return items[head + size - 1];
    }

    HeldSegment pollFirst() {
        HeldSegment s = items[head];
        items[head] = null;
        head++;
        if (--size == 0) {
            head = 0;
            if (items.length > 64) {
                items = NONE;   // a burst is over: do not keep its array
            }
        }
        return s;
    }

    HeldSegment pollLast() {
        int i = head + size - 1;
        HeldSegment s = items[i];
        items[i] = null;
        if (--size == 0) {
            head = 0;
        }
        return s;
    }

    /** The index of the first piece that ends after {@code offset} ({@link #size()} when none does). */
    int firstEndingAfter(long offset) {
        int lo = 0;
        int hi = size;   // the first piece starting after offset is in [lo, hi]
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (items[head + mid].start() <= offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo > 0 && items[head + lo - 1].end() > offset ? lo - 1 : lo;
    }

    /** Inserts a piece that overlaps none held. */
    void add(HeldSegment s) {
        int at = firstEndingAfter(s.start());
        if (head + size == items.length) {
            if (head > 0 && size < items.length / 2) {
                System.arraycopy(items, head, items, 0, size);
                Arrays.fill(items, size, head + size, null);
                head = 0;
            } else {
                items = Arrays.copyOf(items, Math.max(8, items.length * 2));
            }
        }
        int i = head + at;
        System.arraycopy(items, i, items, i + 1, size - at);
        items[i] = s;
        size++;
    }
}
