package org.epcap;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits the port's stdout into frames. Reads in large chunks (one {@code read} brings
 * whatever the pipe holds, up to the buffer's size) and hands out frames in place: after
 * {@link #take()} the current frame's body is {@code buffer()[bodyOffset() ..
 * bodyOffset()+bodyLength())}, valid until the next {@link #fill()}.
 *
 * <p>Not thread-safe: only the reader thread uses it.
 */
final class FrameReader {
    static final int DEFAULT_CHUNK = 1 << 20;

    private final InputStream in;
    private final int chunk;
    private byte[] buf;
    private int pos;
    private int lim;
    private boolean exposed;

    private int type;
    private int bodyOff;
    private int bodyLen;

    FrameReader(InputStream in, int chunk) {
        if (chunk < Wire.MAX_FRAME + 4) throw new IllegalArgumentException("chunk smaller than a frame");
        this.in = in;
        this.chunk = chunk;
        this.buf = new byte[chunk];
    }

    /**
     * True when a whole frame is buffered.
     *
     * @throws ProtocolException when the next frame's length is impossible
     */
    boolean hasFrame() {
        int avail = lim - pos;
        if (avail < 4) return false;
        int len = Wire.s32(buf, pos);
        if (len < 1 || len > Wire.MAX_FRAME) {
            throw new ProtocolException("frame length " + Integer.toUnsignedString(len) + " out of range 1.."
                    + Wire.MAX_FRAME);
        }
        return avail >= 4 + len;
    }

    /** Makes the buffered frame current; call only after {@link #hasFrame()} said true. */
    void take() {
        int len = Wire.s32(buf, pos);
        type = buf[pos + 4] & 0xff;
        bodyOff = pos + 5;
        bodyLen = len - 1;
        pos += 4 + len;
    }

    /**
     * Reads once from the stream (blocking until something arrives).
     *
     * @return false at the end of the stream
     */
    boolean fill() throws IOException {
        int tail = lim - pos;
        if (exposed) {
            // A raw handler may still be looking at the old buffer: leave it alone.
            byte[] fresh = new byte[chunk];
            System.arraycopy(buf, pos, fresh, 0, tail);
            buf = fresh;
            exposed = false;
        } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, tail);
        }
        pos = 0;
        lim = tail;
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            if (tail > 0) throw new ProtocolException("stream ended inside a frame (" + tail + " bytes)");
            return false;
        }
        lim += n;
        return true;
    }

    /** Marks the current buffer as lent out: the next fill must not overwrite it. */
    void expose(boolean on) {
        exposed = on;
    }

    int type() {
        return type;
    }

    byte[] buffer() {
        return buf;
    }

    int bodyOffset() {
        return bodyOff;
    }

    int bodyLength() {
        return bodyLen;
    }

    Wire.Cursor body() {
        return new Wire.Cursor(buf, bodyOff, bodyOff + bodyLen);
    }
}
