package org.epcap;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A part of a file mapped into memory that can be given back now rather than at some later
 * garbage collection ({@code /dev/shm} may be small). On JDK 22 and later the mapping belongs to
 * a shared {@code Arena} of the FFM API, found by reflection because the library is built for
 * 17; closing it unmaps, and a later access fails with an exception instead of a crash. Before
 * 22, {@code sun.misc.Unsafe.invokeCleaner} unmaps: those JDKs have it without a warning, where
 * 24 and later warn that it will be removed.
 *
 * <pre>{@code
 * FileMapping m = FileMapping.map(channel, FileChannel.MapMode.READ_WRITE, 0, size);
 * ByteBuffer b = m.buffer();
 * ...
 * m.unmap(); // b must not be touched afterwards
 * }</pre>
 *
 * <p>Threads: {@link #buffer()} as the buffer's owner allows; {@link #unmap()} once, when
 * nobody uses the buffer any more.
 */
final class FileMapping {
    private final ByteBuffer buffer;
    /** The FFM arena that owns the mapping; null when the JDK is older than 22. */
    private final Object arena;
    private boolean unmapped;

    private FileMapping(ByteBuffer buffer, Object arena) {
        this.buffer = buffer;
        this.arena = arena;
    }

    static FileMapping map(FileChannel channel, FileChannel.MapMode mode, long offset, long size) throws IOException {
        if (Ffm.AVAILABLE) {
            try {
                Object arena = Ffm.OF_SHARED.invoke(null);
                try {
                    Object segment = Ffm.MAP.invoke(channel, mode, offset, size, arena);
                    return new FileMapping((ByteBuffer) Ffm.AS_BYTE_BUFFER.invoke(segment), arena);
                } catch (InvocationTargetException | RuntimeException e) {
                    Ffm.CLOSE.invoke(arena);
                    throw e;
                }
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof IOException io) throw io;
                throw new IOException("mapping failed: " + e.getCause(), e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e); // public methods of java.base
            }
        }
        return new FileMapping(channel.map(mode, offset, size), null);
    }

    ByteBuffer buffer() {
        return buffer;
    }

    /** Gives the memory back; the buffer must not be touched afterwards. Idempotent. */
    void unmap() {
        if (unmapped) return;
        unmapped = true;
        try {
            if (arena != null) Ffm.CLOSE.invoke(arena);
            else if (Cleaner.INVOKE != null) Cleaner.INVOKE.invoke(Cleaner.UNSAFE, buffer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Left to the garbage collector.
        }
    }

    /** The FFM API's methods, on JDK 22 and later. */
    private static final class Ffm {
        static final boolean AVAILABLE;
        static final Method OF_SHARED;
        static final Method MAP;
        static final Method AS_BYTE_BUFFER;
        static final Method CLOSE;

        static {
            Method ofShared = null;
            Method map = null;
            Method asByteBuffer = null;
            Method close = null;
            if (Runtime.version().feature() >= 22) {
                try {
                    Class<?> arena = Class.forName("java.lang.foreign.Arena");
                    ofShared = arena.getMethod("ofShared");
                    close = arena.getMethod("close");
                    map = FileChannel.class.getMethod("map", FileChannel.MapMode.class, long.class, long.class, arena);
                    asByteBuffer = Class.forName("java.lang.foreign.MemorySegment").getMethod("asByteBuffer");
                } catch (ReflectiveOperationException | RuntimeException e) {
                    ofShared = null;
                }
            }
            AVAILABLE = ofShared != null;
            OF_SHARED = ofShared;
            MAP = map;
            AS_BYTE_BUFFER = asByteBuffer;
            CLOSE = close;
        }
    }

    /** {@code sun.misc.Unsafe.invokeCleaner}, looked up only on JDKs older than 22. */
    private static final class Cleaner {
        static final Object UNSAFE;
        static final Method INVOKE;

        static {
            Object unsafe = null;
            Method invoke = null;
            try {
                Class<?> c = Class.forName("sun.misc.Unsafe");
                Field f = c.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                unsafe = f.get(null);
                invoke = c.getMethod("invokeCleaner", ByteBuffer.class);
            } catch (ReflectiveOperationException | RuntimeException e) {
                invoke = null;
            }
            UNSAFE = unsafe;
            INVOKE = invoke;
        }
    }
}
