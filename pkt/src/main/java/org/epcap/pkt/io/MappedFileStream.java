package org.epcap.pkt.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file read through a memory mapping of {@link #WINDOW} bytes at a time, each unmapped as soon
 * as it has been read. A read is then one copy from the page cache into the caller's array; a
 * read(2) into a Java array (FileInputStream, FileChannel) is two, through a native buffer, and
 * on large packets that second copy was what kept {@link PcapReader} behind gopacket.
 *
 * <p>Only the bytes the file had when it was opened are read. Memory stays bounded: one window
 * is mapped at a time, and it is given back at once, not at some later garbage collection.
 */
final class MappedFileStream extends InputStream {
    /**
     * Large enough that mapping costs nothing per byte (a map and an unmap per 2 MiB), small
     * enough that the mapped pages, which count in the process's RSS, stay few: 16 MiB windows
     * were most of the gap between the reassembly bench's JVM and gopacket's peak RSS.
     */
    static final long WINDOW = 2L << 20;

    private final FileChannel channel;
    private final long size;
    private final long windowSize;
    private long windowEnd;
    private FileMapping mapping;
    private ByteBuffer window;

    MappedFileStream(Path file) throws IOException {
        this(file, WINDOW);
    }

    /** With windows of {@code windowSize} bytes (tests use small ones to cross many). */
    MappedFileStream(Path file, long windowSize) throws IOException {
        this.windowSize = windowSize;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            this.size = channel.size();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The file's size when it was opened: what this stream gives. */
    long size() {
        return size;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if ((window == null || !window.hasRemaining()) && !nextWindow()) {
            return -1;
        }
        int n = Math.min(len, window.remaining());
        try {
            window.get(b, off, n);
        } catch (InternalError e) {
            // The JVM's answer to SIGBUS: the file was cut short under the mapping.
            throw new IOException("the file shrank while it was being read", e);
        }
        return n;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    private boolean nextWindow() throws IOException {
        unmap();
        if (windowEnd >= size) {
            return false;
        }
        long length = Math.min(windowSize, size - windowEnd);
        mapping = FileMapping.map(channel, FileChannel.MapMode.READ_ONLY, windowEnd, length);
        window = mapping.buffer();
        windowEnd += length;
        return true;
    }

    private void unmap() {
        if (mapping != null) {
            mapping.unmap();
            mapping = null;
            window = null;
        }
    }

    @Override
    public void close() throws IOException {
        unmap();
        channel.close();
    }
}
