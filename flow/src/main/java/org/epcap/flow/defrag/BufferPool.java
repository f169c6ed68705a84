package org.epcap.flow.defrag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Spare datagram buffers, by power-of-two size from 4 KiB to 128 KiB, so that reassembly does
 * not allocate (and zero, and collect) a buffer per datagram. The pool's bytes count against the
 * defragmenter's budget together with the datagrams': {@link #trim} gives them up first when
 * room is needed.
 */
final class BufferPool {
    static final int MIN_SHIFT = 12;
    static final int MAX_SHIFT = 17;

    private final List<ArrayDeque<byte[]>> free = new ArrayList<>();
    private long bytes;

    BufferPool() {
        for (int i = MIN_SHIFT; i <= MAX_SHIFT; i++) {
            free.add(new ArrayDeque<>());
        }
    }

    /** The size of the buffer {@link #take} gives for {@code need} bytes. */
    static int sizeFor(int need) {
        int shift = Math.max(MIN_SHIFT, 32 - Integer.numberOfLeadingZeros(Math.max(1, need) - 1));
        if (shift > MAX_SHIFT) {
            throw new IllegalArgumentException("no datagram needs " + need + " bytes");
        }
        return 1 << shift;
    }

    /** A buffer of {@link #sizeFor}({@code need}) bytes, spare or new; its old contents are garbage. */
    byte[] take(int need) {
        int size = sizeFor(need);
        byte[] b = free.get(Integer.numberOfTrailingZeros(size) - MIN_SHIFT).pollFirst();
        if (b == null) {
            return new byte[size];
        }
        bytes -= size;
        return b;
    }

    /** Keeps {@code b} for reuse (a buffer of another size is left to the collector). */
    void give(byte[] b) {
        if (b == null || Integer.bitCount(b.length) != 1 || b.length < (1 << MIN_SHIFT) || b.length > (1 << MAX_SHIFT)) {
            return;
        }
        free.get(Integer.numberOfTrailingZeros(b.length) - MIN_SHIFT).addFirst(b);
        bytes += b.length;
    }

    /** Drops spare buffers until {@code wanted} bytes are freed or none is left; returns the bytes freed. */
    long trim(long wanted) {
        long freed = 0;
        for (int i = free.size() - 1; i >= 0 && freed < wanted; i--) {
            ArrayDeque<byte[]> q = free.get(i);
            while (freed < wanted && !q.isEmpty()) {
                freed += q.pollFirst().length;
            }
        }
        bytes -= freed;
        return freed;
    }

    long bytes() {
        return bytes;
    }
}
