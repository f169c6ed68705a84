package org.epcap.kafka.json;

import java.util.Arrays;

/**
 * A byte buffer that grows on demand (doubling, so appends are amortised) up to its own cap and
 * within the shared {@link Budget}; its capacity is what it reserves. Streams that never need it
 * cost nothing: it starts empty.
 */
final class BoundedBuffer {
    /** Appended. */
    static final int OK = 0;
    /** The cap of this buffer refused the bytes. */
    static final int OVER_CAP = 1;
    /** The shared budget refused them. */
    static final int OVER_BUDGET = 2;

    private static final byte[] EMPTY = new byte[0];
    private static final int FIRST = 512;

    private final Budget budget;
    private final int cap;
    private byte[] buf = EMPTY;
    private int length;

    BoundedBuffer(Budget budget, int cap) {
        this.budget = budget;
        this.cap = cap;
    }

    /** Appends {@code d[off, off+n)} whole, or nothing (see the result codes). */
    int append(byte[] d, int off, int n) {
        int need = length + n;
        if (need > cap || need < 0) {
            return OVER_CAP;
        }
        if (need > buf.length) {
            int size = Math.max(FIRST, buf.length);
            while (size < need) {
                size = (int) Math.min((long) size * 2, cap);
            }
            if (!budget.reserve(size - buf.length)) {
                return OVER_BUDGET;
            }
            buf = Arrays.copyOf(buf, size);
        }
        System.arraycopy(d, off, buf, length, n);
        length = need;
        return OK;
    }

    /** Drops the first {@code n} bytes. */
    void consume(int n) {
        System.arraycopy(buf, n, buf, 0, length - n);
        length -= n;
        if (length == 0) {
            free();
        }
    }

    /** Empties the buffer and gives its memory back to the budget. */
    void free() {
        budget.release(buf.length);
        buf = EMPTY;
        length = 0;
    }

    byte[] array() {
        return buf;
    }

    int length() {
        return length;
    }
}
