package org.epcap.pkt.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Buffered little-endian output for the writers. */
final class ByteSink implements AutoCloseable {
    private static final byte[] ZEROS = new byte[4];

    private final OutputStream out;
    private final byte[] scratch = new byte[8];
    private boolean closed;

    ByteSink(OutputStream out) {
        this.out = new BufferedOutputStream(out, 64 * 1024);
    }

    void u16(int v) throws IOException {
        scratch[0] = (byte) v;
        scratch[1] = (byte) (v >>> 8);
        out.write(scratch, 0, 2);
    }

    void u32(long v) throws IOException {
        scratch[0] = (byte) v;
        scratch[1] = (byte) (v >>> 8);
        scratch[2] = (byte) (v >>> 16);
        scratch[3] = (byte) (v >>> 24);
        out.write(scratch, 0, 4);
    }

    void bytes(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    /** Zero bytes up to the next multiple of four after {@code len}. */
    void pad(int len) throws IOException {
        out.write(ZEROS, 0, (4 - (len & 3)) & 3);
    }

    void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("writer is closed");
        }
    }

    void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
