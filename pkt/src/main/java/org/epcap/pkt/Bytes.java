package org.epcap.pkt;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable view of a range of a byte array: payloads and raw options are views over the
 * packet's own bytes, not copies. The codec never writes to the array it decodes; a caller who
 * keeps a view must not modify the array either, or {@link #toArray()} a copy.
 *
 * <pre>{@code
 * Bytes payload = Pkt.decapsulate(DataLinkType.EN10MB, frame).payload();
 * String text = new String(payload.toArray(), StandardCharsets.US_ASCII);
 * }</pre>
 */
public final class Bytes {
    /** The empty view. */
    public static final Bytes EMPTY = new Bytes(new byte[0], 0, 0);

    private final byte[] array;
    private final int offset;
    private final int length;

    private Bytes(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /** A view of {@code length} bytes of {@code array} from {@code offset}; no copy. */
    public static Bytes view(byte[] array, int offset, int length) {
        if (offset < 0 || length < 0 || offset > array.length - length) {
            throw new IndexOutOfBoundsException(
                    "view [" + offset + ", +" + length + ") of " + array.length + " bytes");
        }
        return length == 0 ? EMPTY : new Bytes(array, offset, length);
    }

    /** A view of the whole array; no copy. */
    public static Bytes of(byte... array) {
        return view(array, 0, array.length);
    }

    /** A view of a copy of {@code array}: later changes to it do not show. */
    public static Bytes copyOf(byte[] array) {
        return of(array.clone());
    }

    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    /** The byte at {@code index} (0-based within the view), as 0–255. */
    public int get(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return array[offset + index] & 0xff;
    }

    /** A narrower view; no copy. */
    public Bytes slice(int from, int len) {
        if (from < 0 || len < 0 || from > length - len) {
            throw new IndexOutOfBoundsException("slice [" + from + ", +" + len + ") of " + length);
        }
        return view(array, offset + from, len);
    }

    /** A new array holding these bytes. */
    public byte[] toArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /** Copies these bytes into {@code dst} at {@code dstOffset}; returns the offset past them. */
    public int copyTo(byte[] dst, int dstOffset) {
        System.arraycopy(array, offset, dst, dstOffset, length);
        return dstOffset + length;
    }

    /** The backing array, for code in this package that reads it in place. */
    byte[] array() {
        return array;
    }

    /** Where the view starts in {@link #array()}. */
    int offset() {
        return offset;
    }

    /** Lower-case hex, no separators. */
    public String toHex() {
        return HexFormat.of().formatHex(array, offset, offset + length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b
                && Arrays.equals(array, offset, offset + length, b.array, b.offset, b.offset + b.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + array[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return length <= 64 ? "Bytes[" + toHex() + "]" : "Bytes[" + length + " bytes]";
    }
}
