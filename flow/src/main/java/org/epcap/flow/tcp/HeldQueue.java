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
    private static final long[] NO_OFFSETS = new long[0];
    private HeldSegment[] items = NONE;
    /**
     * Each piece's start and end offsets and arrival time beside it: the searches and the
     * per-segment checks (is the head next? did it wait too long?) read these arrays and load a
     * piece only to deliver it, one cache miss less per look.
     */
    private long[] starts = NO_OFFSETS;
    private long[] ends = NO_OFFSETS;
    private long[] arrivals = NO_OFFSETS;
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

    /** The start offset of the piece at {@code i}. */
    long start(int i) {
        return starts[head + i];
    }

    /** The end offset of the piece at {@code i}. */
    long end(int i) {
        return ends[head + i];
    }

    long firstStart() {
        return starts[head];
    }

    /** The packet time the first piece arrived. */
    long firstArrived() {
        return arrivals[head];
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
                // a burst is over: do not keep its arrays
                items = NONE;
                starts = NO_OFFSETS;
                ends = NO_OFFSETS;
                arrivals = NO_OFFSETS;
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
        long[] st = starts;
        int h = head;
        int lo = 0;
        int hi = size;   // the first piece starting after offset is in [lo, hi]
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (st[h + mid] <= offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo > 0 && ends[h + lo - 1] > offset ? lo - 1 : lo;
    }

    /** Inserts a piece that overlaps none held. */
    void add(HeldSegment s) {
        int at = firstEndingAfter(s.start());
        if (head + size == items.length) {
            if (head > 0 && size < items.length / 2) {
                System.arraycopy(items, head, items, 0, size);
                System.arraycopy(starts, head, starts, 0, size);
                System.arraycopy(ends, head, ends, 0, size);
                System.arraycopy(arrivals, head, arrivals, 0, size);
                Arrays.fill(items, size, head + size, null);
                head = 0;
            } else {
                int n = Math.max(8, items.length * 2);
                items = Arrays.copyOf(items, n);
                starts = Arrays.copyOf(starts, n);
                ends = Arrays.copyOf(ends, n);
                arrivals = Arrays.copyOf(arrivals, n);
            }
        }
        int i = head + at;
        int move = size - at;
        System.arraycopy(items, i, items, i + 1, move);
        System.arraycopy(starts, i, starts, i + 1, move);
        System.arraycopy(ends, i, ends, i + 1, move);
        System.arraycopy(arrivals, i, arrivals, i + 1, move);
        items[i] = s;
        starts[i] = s.start();
        ends[i] = s.end();
        arrivals[i] = s.arrived();
        size++;
    }
}
