package org.epcap.pkt;

import java.util.AbstractList;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The unmodifiable list the decoders hand out: a view of the first {@code size} slots of an array
 * that the decoder filled and nobody writes again. Why not {@code List.copyOf}: it copies the
 * decoder's list once more, and it returns one of three classes by size, which makes a loop over
 * the lists of many packets a call through an unknown class that allocates an iterator per loop.
 * One final class, made without a copy, keeps both off the packet path (l7-bench measured the copies
 * and iterators of the DNS sections at about a third of the DNS decoding time). Equality and hash
 * are {@link java.util.List}'s, so it equals any list of the same elements.
 */
final class ArrayViewList<E> extends AbstractList<E> implements RandomAccess {
    private static final ArrayViewList<?> EMPTY = new ArrayViewList<>(new Object[0], 0);

    private final Object[] a;
    private final int size;

    private ArrayViewList(Object[] a, int size) {
        this.a = a;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    static <E> ArrayViewList<E> empty() {
        return (ArrayViewList<E>) EMPTY;
    }

    /**
     * The first {@code size} elements of {@code a}, which the caller gives up: no copy is made, and
     * the caller must never write to it again. No element may be null.
     */
    static <E> ArrayViewList<E> own(Object[] a, int size) {
        return size == 0 ? empty() : new ArrayViewList<>(a, size);
    }

    /**
     * {@code list} itself when it is one of these, else an unmodifiable copy; null elements are
     * refused as {@code List.copyOf} refuses them (NullPointerException).
     */
    @SuppressWarnings("unchecked")
    static <E> ArrayViewList<E> copyOf(Collection<? extends E> list) {
        if (list instanceof ArrayViewList<?> v) {
            return (ArrayViewList<E>) v;
        }
        Object[] a = list.toArray();
        for (Object o : a) {
            Objects.requireNonNull(o);
        }
        return own(a, a.length);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        Objects.checkIndex(index, size);
        return (E) a[index];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Iterator<E> iterator() {
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < size;
            }

            @Override
            @SuppressWarnings("unchecked")
            public E next() {
                if (i >= size) {
                    throw new NoSuchElementException();
                }
                return (E) a[i++];
            }
        };
    }
}
