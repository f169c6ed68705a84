package org.epcap.pkt;

import java.util.Arrays;

/**
 * Collects a decoder's elements into an array that becomes an {@link ArrayViewList} without a
 * copy ({@link #build}); an ArrayList would be copied once more into an unmodifiable list.
 * Grows as elements arrive, so room is only ever taken for elements actually decoded.
 */
final class ListBuilder<E> {
    private final int capacity;
    // made at the first element: a builder that stays empty (most of them, for the handshakes of
    // a segment's records) costs no array
    private Object[] a;
    private int size;

    ListBuilder(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    void add(E e) {
        if (a == null) {
            a = new Object[capacity];
        } else if (size == a.length) {
            a = Arrays.copyOf(a, size * 2);
        }
        a[size++] = e;
    }

    int size() {
        return size;
    }

    /** Drops the elements from {@code newSize} on: an attempt that failed part way. */
    void truncate(int newSize) {
        if (a != null) {
            Arrays.fill(a, newSize, size, null);
        }
        size = newSize;
    }

    /** The list of the elements; the builder must not be used after. */
    ArrayViewList<E> build() {
        return size == 0 ? ArrayViewList.empty() : ArrayViewList.own(a, size);
    }
}
