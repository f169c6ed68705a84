package org.epcap.pkt.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of a capture file with the current offset, read in both byte orders. Knows the file's
 * total size when it came from a file, so that a length field can be checked against what is left
 * before anything is allocated for it. {@link #require} lays a whole record out in the buffer,
 * for the reader's views; the buffer grows only for a record larger than itself, and callers
 * check a record's length against the format's maximum first, so it stays bounded.
 */
final class FileInput implements AutoCloseable {
    /** Large reads keep the system calls few; small enough to stay in the CPU's caches. */
    static final int BUFFER = 256 * 1024;

    private final InputStream in;
    private final long size;
    private byte[] buf = new byte[BUFFER];
    private int pos;
    private int end;
    private long offset;

    /** @param size the total size in bytes, or -1 when unknown (a pipe or a socket) */
    FileInput(InputStream in, long size) {
        this.in = in;
        this.size = size;
    }

    /** The offset in the file of the next byte to read. */
    long offset() {
        return offset;
    }

    /** The number of bytes left to read, or {@link Long#MAX_VALUE} when the size is unknown. */
    long remaining() {
        return size < 0 ? Long.MAX_VALUE : size - offset;
    }

    /**
     * Reads exactly {@code len} bytes into {@code dst}, or as many as there are.
     *
     * @return the number of bytes read; less than {@code len} only at the end of the file
     */
    int read(byte[] dst, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            if (pos == end && !fill()) {
                break;
            }
            int n = Math.min(len - done, end - pos);
            System.arraycopy(buf, pos, dst, off + done, n);
            pos += n;
            done += n;
            offset += n;
        }
        return done;
    }

    /** Reads exactly {@code len} bytes or throws, naming {@code what} and where it started. */
    void readFully(byte[] dst, int off, int len, long start, String what) throws IOException {
        int n = read(dst, off, len);
        if (n < len) {
            throw new PcapFormatException(start,
                    "truncated " + what + ": needs " + len + " bytes, only " + n + " left in the file");
        }
    }

    /**
     * Makes the next {@code n} bytes contiguous in {@link #array()} from {@link #position()},
     * reading as needed, without consuming them. {@code n} must already be checked against the
     * format's maximum: the buffer grows to hold it.
     *
     * @return how many of the {@code n} bytes there are: {@code n}, or less at the end of the file
     */
    int require(int n) throws IOException {
        int have = end - pos;
        if (have >= n) {
            return n;
        }
        if (n > buf.length) {
            byte[] bigger = new byte[n];
            System.arraycopy(buf, pos, bigger, 0, have);
            buf = bigger;
        } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, have);
        }
        pos = 0;
        end = have;
        while (end < n) {
            int r = in.read(buf, end, buf.length - end);
            if (r < 0) {
                break;
            }
            end += r;
        }
        return Math.min(n, end);
    }

    /** The buffer {@link #require} fills; valid until the next read, require or skip. */
    byte[] array() {
        return buf;
    }

    /** Where the next byte to read is in {@link #array()}. */
    int position() {
        return pos;
    }

    /** Consumes {@code n} bytes that {@link #require} made available. */
    void advance(int n) {
        pos += n;
        offset += n;
    }

    /** Skips exactly {@code len} bytes or throws, naming {@code what} and where it started. */
    void skipFully(long len, long start, String what) throws IOException {
        long left = len;
        while (left > 0) {
            if (pos == end && !fill()) {
                throw new PcapFormatException(start, "truncated " + what + ": needs " + len
                        + " bytes, only " + (len - left) + " left in the file");
            }
            int n = (int) Math.min(left, end - pos);
            pos += n;
            offset += n;
            left -= n;
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        while (n == 0) {
            n = in.read(buf, 0, buf.length);
        }
        if (n < 0) {
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }

    static int u16(byte[] b, int off, boolean bigEndian) {
        return bigEndian
                ? ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff)
                : ((b[off + 1] & 0xff) << 8) | (b[off] & 0xff);
    }

    /** An unsigned 32-bit value. */
    static long u32(byte[] b, int off, boolean bigEndian) {
        return bigEndian
                ? ((long) (b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16)
                        | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff)
                : ((long) (b[off + 3] & 0xff) << 24) | ((b[off + 2] & 0xff) << 16)
                        | ((b[off + 1] & 0xff) << 8) | (b[off] & 0xff);
    }

    /** A 64-bit value (unsigned in the file, so possibly negative here). */
    static long u64(byte[] b, int off, boolean bigEndian) {
        long hi = u32(b, off, bigEndian);
        long lo = u32(b, off + 4, bigEndian);
        return bigEndian ? (hi << 32) | lo : (lo << 32) | hi;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
