package org.epcap.pkt;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A hello's extensions as the unmodifiable list {@link TlsHello#extensions()} gives, from the
 * type, offset and length of each that {@link TlsHello#read} found, packed in one {@code long}
 * each. The TlsExtension objects (two per extension with their data views, some fifteen to twenty
 * per ClientHello) are made on the first look at the list, not for every hello decoded; {@link
 * #first} finds one extension, the server name say, without making the others. The headers are
 * read once, at decoding, so what the list holds cannot change if the packet's array is written
 * later; the data are views of the packet, as {@link Bytes} are. Equal to any list of the same
 * extensions.
 */
final class TlsExtensionList extends AbstractList<TlsExtension> implements RandomAccess {
    private final byte[] b;
    private final long[] entries;
    private final int size;
    // made once on first use; racing threads may both make it, and either result is the same
    private volatile TlsExtension[] items;

    /**
     * The first {@code size} of {@code entries}, each {@link #entry}, whose data the caller has
     * checked lie in {@code b}; the caller gives the array up.
     */
    TlsExtensionList(byte[] b, long[] entries, int size) {
        this.b = b;
        this.entries = entries;
        this.size = size;
    }

    /** One extension's type (16 bits), data offset (31 bits) and data length (16 bits) in a long. */
    static long entry(int type, int offset, int length) {
        return (long) type << 48 | (long) offset << 16 | length;
    }

    private TlsExtension make(long e) {
        return new TlsExtension((int) (e >>> 48), Bytes.view(b, (int) (e >>> 16) & 0x7fff_ffff, (int) e & 0xffff));
    }

    @Override
    public TlsExtension get(int index) {
        Objects.checkIndex(index, size);
        TlsExtension[] a = items;
        if (a == null) {
            a = new TlsExtension[size];
            for (int i = 0; i < size; i++) {
                a[i] = make(entries[i]);
            }
            items = a;
        }
        return a[index];
    }

    @Override
    public int size() {
        return size;
    }

    /** The first extension of {@code type}, or null; makes only that one when the list was not looked at. */
    TlsExtension first(int type) {
        TlsExtension[] a = items;
        if (a != null) {
            for (TlsExtension e : a) {
                if (e.type() == type) {
                    return e;
                }
            }
            return null;
        }
        for (int i = 0; i < size; i++) {
            if ((int) (entries[i] >>> 48) == type) {
                return make(entries[i]);
            }
        }
        return null;
    }
}
