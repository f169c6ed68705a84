package org.epcap.pkt;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An unmodifiable list of the big-endian 16-bit values {@code b[offset, offset + 2 * size)}, read
 * where they lie: a ClientHello's cipher suites, say, without a boxed Integer per suite made for
 * every hello decoded (most suites are above the Integer cache's 127), only for the ones asked for.
 * A view of the packet, as {@link Bytes} is; equal to any list of the same values.
 */
final class U16List extends AbstractList<Integer> implements RandomAccess {
    private final byte[] b;
    private final int offset;
    private final int size;

    U16List(byte[] b, int offset, int size) {
        Objects.checkFromIndexSize(offset, 2 * size, b.length);
        this.b = b;
        this.offset = offset;
        this.size = size;
    }

    @Override
    public Integer get(int index) {
        Objects.checkIndex(index, size);
        return Wire.u16(b, offset + 2 * index);
    }

    @Override
    public int size() {
        return size;
    }
}
