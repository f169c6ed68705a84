package org.epcap;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The port's packet ring in shared memory (docs/protocol.md, "Shared-memory ring"): a file in
 * {@code /dev/shm} that this side creates and maps and the port maps with {@code -R}. The port
 * appends frames and publishes its head; one consumer at a time takes them and publishes its
 * tail. A packet then crosses the process boundary without a pipe, and in this JVM is copied
 * once, from the mapping into the {@link Packet} (or a raw handler's scratch array).
 *
 * <p>Threads: one consumer at a time, never two at once, as {@link RingSource} says. Anyone may
 * call {@link #create}, {@link #hasFrames} and {@link #deleteFile}; the reader thread
 * {@link #unmap()}s the ring last, once no consumer can reach it.
 */
final class SharedRing {
    /** Data bytes: small enough to stay in the CPU's caches, large enough for bursts. */
    static final int DEFAULT_CAPACITY = 4 << 20;

    // The layout of native/ring_layout.h; WireConstantsTest compares them.
    private static final String MAGIC = "EPCAPRNG";
    static final int HEADER_SIZE = 4096;
    private static final int VERSION = 1;
    private static final int HEAD = 64;
    private static final int TAIL = 128;
    private static final int READER_SLEEPS = 192;
    private static final int WRITER_SLEEPS = 256;
    /** Records start on 4-byte boundaries; a zero length field means "wrap to the start". */
    private static final int ALIGN = 4;
    /** The reader publishes its tail at least this often, so the port gets room early. */
    private static final int TAIL_PUBLISH_BYTES = 256 << 10;
    /**
     * Runs of small records are copied to the heap this many bytes at a time, for a raw handler
     * (see {@link #create(int, int)}); the chunk stays in the CPU's caches.
     */
    static final int CHUNK_BYTES = 64 << 10;
    /**
     * The largest record (its length field: type, 16 bytes of header, the frame) copied in a run
     * for a raw handler: frames of up to 111 bytes. ring-bench found the bulk copy cheaper up to
     * 107-byte frames and much dearer at 235.
     */
    static final int SMALL_RECORD = 128;
    private static final Path SHM = Path.of("/dev/shm");
    private static final String PREFIX = "epcap-";
    private static final String SUFFIX = ".ring";

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class,
            ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class,
            ByteOrder.nativeOrder());

    private final Path path;
    private final FileMapping mapping;
    private final ByteBuffer map;
    /** The data area alone, big-endian as every frame field is. */
    private final ByteBuffer data;
    private final int capacity;
    private final int mask;
    /** The largest record copied in a run: {@link #SMALL_RECORD}, or 0 for none (a benchmark's choice). */
    private final int smallRecord;
    private long tail;
    private long published;
    /** How deep {@link #consume} is nested now, and each level's heap copy of the records. */
    private int depth;
    private ByteBuffer[] chunks = new ByteBuffer[2];
    private long head;

    private SharedRing(Path path, FileMapping mapping, int capacity, int smallRecord) {
        this.path = path;
        this.smallRecord = smallRecord;
        this.mapping = mapping;
        this.map = mapping.buffer();
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.data = map.slice(HEADER_SIZE, capacity).order(ByteOrder.BIG_ENDIAN);
    }

    /**
     * A fresh ring file of {@code capacity} data bytes, with its pages allocated now so that a
     * full {@code /dev/shm} shows here and not as SIGBUS later. Runs of records up to
     * {@code smallRecord} bytes are handed over in a heap copy made in bulk ({@link #SMALL_RECORD}
     * for a raw handler, whose one copy that is: cheaper than a copy per record out of the
     * mapping for frames of up to about 100 bytes); 0 hands every record over where it lies, so
     * that a {@link Packet} is copied once, from the mapping (cheaper than the bulk copy and a
     * second one from the heap, at every size). bench/ring-bench.sh measures both ways.
     *
     * @return the ring, or null when shared memory is not available here (the pipe then carries
     *         everything)
     */
    static SharedRing create(int capacity, int smallRecord) {
        if (Integer.bitCount(capacity) != 1 || capacity < (1 << 20)) {
            throw new IllegalArgumentException("ring capacity must be a power of two of at least 1 MiB");
        }
        if (!Files.isDirectory(SHM) || !Files.isWritable(SHM)) return null;
        sweepStale();
        Path path = SHM.resolve(PREFIX + ProcessHandle.current().pid() + "-"
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + SUFFIX);
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(64 << 10);
            long size = (long) HEADER_SIZE + capacity;
            for (long at = 0; at < size; at += zeros.capacity()) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
                while (zeros.hasRemaining()) ch.write(zeros, at + zeros.position());
            }
            FileMapping mapping = FileMapping.map(ch, FileChannel.MapMode.READ_WRITE, 0, size);
            ByteBuffer map = mapping.buffer();
            map.put(0, MAGIC.getBytes(StandardCharsets.US_ASCII));
            map.order(ByteOrder.nativeOrder()).putInt(8, VERSION).putInt(12, HEADER_SIZE).putLong(16, capacity);
            map.order(ByteOrder.BIG_ENDIAN);
            return new SharedRing(path, mapping, capacity, smallRecord);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(path);
            return null;
        }
    }

    /** Removes ring files left by JVMs that died before deleting theirs. */
    private static void sweepStale() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(SHM, PREFIX + "*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                int dash = name.indexOf('-', PREFIX.length());
                if (dash < 0) continue;
                long pid;
                try {
                    pid = Long.parseLong(name.substring(PREFIX.length(), dash));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).isEmpty()) deleteQuietly(f);
            }
        } catch (IOException | RuntimeException e) {
            // Another user's files, or none: nothing to clean.
        }
    }

    Path path() {
        return path;
    }

    /**
     * Removes the file: once the port has it mapped (READY) the mappings keep the memory, and a
     * JVM killed later leaves nothing behind.
     */
    void deleteFile() {
        deleteQuietly(path);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // Gone already, or the sweep of the next start will find it.
        }
    }

    /**
     * Hands published frames to {@code sink}, about {@code maxBytes} of them, then publishes the
     * tail and wakes the port when it waits for room.
     *
     * <p>A record is handed over where it lies in the mapping, which keeps it until the tail is
     * published after this call; a ring made for a raw handler hands runs of small records over
     * in a heap copy of up to {@link #CHUNK_BYTES} instead (see {@link #create}). The tail moves
     * past a record before the sink sees it, so a sink may call {@code consume} again (a
     * handler's request reading ahead): the inner pass starts after it, with a copy of its own.
     *
     * @return true when a frame was consumed; false when the ring was empty
     * @throws ProtocolException when a record is malformed
     */
    boolean consume(FrameSink sink, int maxBytes) {
        if (tail > head) throw new ProtocolException("ring tail " + tail + " past the head " + head);
        if (tail == head) {
            head = (long) LONGS.getAcquire(map, HEAD);
            checkHead();
            if (tail == head) return false;
        }
        long stop = Math.min(head, tail + maxBytes);
        int level = depth++;
        try {
            // A ring that hands every record over where it lies needs no chunk and no run scan.
            ByteBuffer chunk = smallRecord > 0 ? chunk(level) : null;
            long chunkStart = 0;
            long chunkEnd = 0;
            while (tail < stop) {
                int off = (int) (tail & mask);
                if (chunk != null && tail >= chunkEnd) {
                    int n = smallRun(off);
                    if (n > 0) {
                        data.get(off, chunk.array(), 0, n);
                        chunkStart = tail;
                        chunkEnd = tail + n;
                    }
                }
                boolean copied = tail < chunkEnd;
                int at = (int) (tail - chunkStart);
                int len = copied ? chunk.getInt(at) : data.getInt(off);
                if (len == 0) { // the wrap marker (never in a copied run)
                    tail += capacity - off;
                    continue;
                }
                // Records never cross the data area's end, and what is published is whole records.
                if (len < 1 || len > Wire.MAX_FRAME || tail + 4L + len > head || off + 4L + len > capacity) {
                    throw new ProtocolException("ring record of length " + Integer.toUnsignedString(len)
                            + " at " + off + " does not fit");
                }
                // Past the record before the sink sees it: a nested pass starts after it.
                tail += (4 + len + ALIGN - 1) & -ALIGN;
                if (copied) {
                    sink.frame(chunk.get(at + 4) & 0xff, chunk, at + 5, len - 1);
                } else {
                    // A large record is handed over where it lies in the mapping, which keeps it
                    // until the tail is published after this call.
                    sink.frame(data.get(off + 4) & 0xff, data, off + 5, len - 1);
                }
                if (tail - published >= TAIL_PUBLISH_BYTES) publishTail();
            }
        } finally {
            depth--;
        }
        publishTail();
        return true;
    }

    /**
     * The bytes, from the tail (at data offset {@code off}) on, of the whole, well-formed small
     * records that follow each other there, up to a chunk and the data area's end: 0 when the
     * record at the tail is large, a wrap marker, or malformed (the caller then reads it where it
     * lies, and judges it).
     */
    private int smallRun(int off) {
        int limit = (int) Math.min(Math.min(head - tail, capacity - off), CHUNK_BYTES);
        int n = 0;
        while (n + 4 <= limit) {
            int len = data.getInt(off + n);
            if (len < 1 || len > smallRecord) break;
            int size = (4 + len + ALIGN - 1) & -ALIGN;
            if (n + 4 + len > limit) break;
            n += Math.min(size, limit - n);
        }
        return n;
    }

    /** The heap copy for one nesting level of {@link #consume} (a handler's read-ahead nests). */
    private ByteBuffer chunk(int level) {
        if (level >= chunks.length) chunks = Arrays.copyOf(chunks, level + 1);
        ByteBuffer c = chunks[level];
        if (c == null) {
            c = ByteBuffer.wrap(new byte[CHUNK_BYTES]);
            chunks[level] = c;
        }
        return c;
    }

    private void checkHead() {
        if (head < tail || head - tail > capacity) {
            throw new ProtocolException("ring head " + head + " is outside " + tail + ".." + (tail + capacity));
        }
    }

    private void publishTail() {
        if (published == tail) return;
        published = tail;
        // Volatile: ordered before the read of writerSleeps in takeWriterWake().
        LONGS.setVolatile(map, TAIL, tail);
    }

    /**
     * True once for each time the port went to sleep waiting for room that the reader has since
     * made: the caller then sends RING_WAKE.
     */
    boolean takeWriterWake() {
        return (int) INTS.getVolatile(map, WRITER_SLEEPS) != 0
                && INTS.compareAndSet(map, WRITER_SLEEPS, 1, 0);
    }

    /**
     * Says that the reader is about to block on the pipe: true when the ring is still empty
     * after saying so (the port will then send WAKE with its next frames), false when frames
     * came in meanwhile.
     */
    boolean prepareToSleep() {
        INTS.setVolatile(map, READER_SLEEPS, 1);
        long h = (long) LONGS.getVolatile(map, HEAD);
        if (h != tail) {
            INTS.setVolatile(map, READER_SLEEPS, 0);
            return false;
        }
        return true;
    }

    /** True when something was published that has not been consumed. */
    boolean hasFrames() {
        return (long) LONGS.getAcquire(map, HEAD) != tail;
    }

    /**
     * Gives the mapping back now rather than at some later garbage collection: {@code /dev/shm}
     * may be small. The ring must not be touched afterwards.
     */
    void unmap() {
        mapping.unmap();
    }
}
