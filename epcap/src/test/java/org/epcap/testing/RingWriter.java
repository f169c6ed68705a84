package org.epcap.testing;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes frames into a ring file as the port does (docs/protocol.md, "Shared-memory ring"):
 * records of a big-endian length, a type and a body, 4-byte aligned, a zero length where the
 * next record would cross the end, and the head published after the records. For tests of the
 * ring's reader without a port; the layout's numbers are the protocol's, not the reader's.
 */
public final class RingWriter implements AutoCloseable {
    private static final int HEADER = 4096;
    private static final int HEAD = 64;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final MappedByteBuffer map;
    private final int capacity;
    private long head;

    public RingWriter(Path ring, int capacity) throws IOException {
        try (FileChannel ch = FileChannel.open(ring, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            this.map = ch.map(FileChannel.MapMode.READ_WRITE, 0, HEADER + (long) capacity);
        }
        this.capacity = capacity;
    }

    /** Appends one frame (its type byte and body) without publishing it. */
    public void put(int type, byte[] body, int off, int len) {
        int size = (4 + 1 + len + 3) & -4;
        int at = (int) (head % capacity);
        if (at + size > capacity) {
            map.putInt(HEADER + at, 0); // the wrap marker: the reader goes to the start
            head += capacity - at;
            at = 0;
        }
        map.order(ByteOrder.BIG_ENDIAN).putInt(HEADER + at, 1 + len);
        map.put(HEADER + at + 4, (byte) type);
        map.put(HEADER + at + 5, body, off, len);
        head += size;
    }

    /** Writes a raw length field, for records that lie about their size. */
    public void putLength(int length) {
        map.order(ByteOrder.BIG_ENDIAN).putInt(HEADER + (int) (head % capacity), length);
        head += 8;
    }

    public void publish() {
        LONGS.setRelease(map, HEAD, head);
    }

    @Override
    public void close() {
        // The mapping goes with the garbage; the reader's own mapping owns the file.
    }
}
