package org.epcap.flow.tcp;

import java.util.ArrayDeque;

/**
 * Spare buffers for the pieces the reassembler holds out of order, by size in steps of
 * {@value #STEP} bytes from {@value #MIN_POOLED} to {@value #MAX_POOLED} (a segment of any common
 * MSS), so that holding a piece does not allocate, zero and later collect an array each time:
 * out-of-order copies were nearly all the garbage of a reassembling loop (bench/reasm-bench.sh).
 * A piece outside those sizes gets an array of its own length, as small pieces should not weigh
 * a rounded-up buffer each. The spare buffers count against the total budget together with
 * the held pieces, and {@link #trim} gives them up first when room is needed.
 */
final class PieceBuffers {
    static final int STEP = 64;
    static final int MIN_POOLED = 256;
    static final int MAX_POOLED = 2048;

    @SuppressWarnings("unchecked")
    private final ArrayDeque<byte[]>[] free = new ArrayDeque[MAX_POOLED / STEP];
    private long bytes;

    PieceBuffers() {
        for (int i = 0; i < free.length; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    /**
     * The length of the buffer {@link #take} gives for {@code need} bytes: {@code need} rounded up
     * to {@value #STEP} from {@value #MIN_POOLED} to {@value #MAX_POOLED}, else {@code need} itself.
     */
    static int sizeFor(int need) {
        return need < MIN_POOLED || need > MAX_POOLED ? need : (need + STEP - 1) / STEP * STEP;
    }

    private static boolean pooled(int size) {
        return size >= MIN_POOLED && size <= MAX_POOLED && size % STEP == 0;
    }

    /** A buffer of {@link #sizeFor}({@code need}) bytes, spare or new; its old contents are garbage. */
    byte[] take(int need) {
        int size = sizeFor(need);
        if (!pooled(size)) {
            return new byte[size];
        }
        byte[] b = free[size / STEP - 1].pollFirst();
        if (b == null) {
            return new byte[size];
        }
        bytes -= size;
        return b;
    }

    /** Keeps {@code b} for reuse, if it is one of the pooled sizes (others are left to the collector). */
    void give(byte[] b) {
        if (b == null || !pooled(b.length)) {
            return;
        }
        free[b.length / STEP - 1].addFirst(b);
        bytes += b.length;
    }

    /** Drops spare buffers, largest first, until {@code wanted} bytes are freed or none is left. */
    void trim(long wanted) {
        long freed = 0;
        for (int i = free.length - 1; i >= 0 && freed < wanted; i--) {
            ArrayDeque<byte[]> q = free[i];
            while (freed < wanted && !q.isEmpty()) {
                freed += q.pollFirst().length;
            }
        }
        bytes -= freed;
    }

    /** The bytes of the spare buffers kept now. */
    long bytes() {
        return bytes;
    }
}
