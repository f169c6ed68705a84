package org.epcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
    /** Frames written by hand from docs/protocol.md, delivered in reads of {@code piece} bytes. */
    private static List<byte[]> readAll(byte[] stream, int piece) throws IOException {
        FrameReader r = new FrameReader(new Trickle(stream, piece), Wire.MAX_FRAME + 4);
        List<byte[]> out = new ArrayList<>();
        while (true) {
            if (!r.hasFrame()) {
                if (!r.fill()) return out;
                continue;
            }
            r.take();
            byte[] f = new byte[1 + r.bodyLength()];
            f[0] = (byte) r.type();
            System.arraycopy(r.buffer(), r.bodyOffset(), f, 1, r.bodyLength());
            out.add(f);
        }
    }

    private static byte[] frame(int type, byte[] body) {
        byte[] f = new byte[5 + body.length];
        int len = 1 + body.length;
        f[0] = (byte) (len >>> 24);
        f[1] = (byte) (len >>> 16);
        f[2] = (byte) (len >>> 8);
        f[3] = (byte) len;
        f[4] = (byte) type;
        System.arraycopy(body, 0, f, 5, body.length);
        return f;
    }

    @Test
    void framesSurviveAnySplitIntoReads() throws IOException {
        byte[] big = new byte[262144 + 16];
        Arrays.fill(big, (byte) 7);
        byte[][] bodies = {new byte[0], {1, 2, 3}, big, {9}};
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        for (byte[] b : bodies) s.write(frame(0x02, b));
        for (int piece : new int[] {1, 3, 5, 4096, 1 << 20}) {
            List<byte[]> got = readAll(s.toByteArray(), piece);
            assertEquals(bodies.length, got.size(), "piece " + piece);
            for (int i = 0; i < bodies.length; i++) {
                assertEquals(0x02, got.get(i)[0]);
                assertArrayEquals(bodies[i], Arrays.copyOfRange(got.get(i), 1, got.get(i).length));
            }
        }
    }

    @Test
    void lengthBeyondMaxFrameIsAProtocolError() {
        byte[] s = {0, 4, 1, 0x42, 2};
        FrameReader r = new FrameReader(new Trickle(s, 100), Wire.MAX_FRAME + 4);
        assertThrows(ProtocolException.class, () -> {
            r.fill();
            r.hasFrame();
        });
        FrameReader zero = new FrameReader(new Trickle(new byte[] {0, 0, 0, 0}, 100), Wire.MAX_FRAME + 4);
        assertThrows(ProtocolException.class, () -> {
            zero.fill();
            zero.hasFrame();
        });
    }

    @Test
    void streamEndingInsideAFrameIsAProtocolError() throws IOException {
        byte[] s = Arrays.copyOf(frame(0x02, new byte[] {1, 2, 3}), 6);
        FrameReader r = new FrameReader(new Trickle(s, 100), Wire.MAX_FRAME + 4);
        assertTrue(r.fill());
        assertFalse(r.hasFrame());
        assertThrows(ProtocolException.class, r::fill);
    }

    @Test
    void exposedBufferIsNotOverwrittenByTheNextFill() throws IOException {
        byte[] s = new byte[0];
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(frame(0x02, new byte[] {11}));
        b.write(frame(0x02, new byte[] {22}));
        s = b.toByteArray();
        FrameReader r = new FrameReader(new Trickle(s, 7), Wire.MAX_FRAME + 4);
        r.fill();
        assertTrue(r.hasFrame());
        r.take();
        byte[] first = r.buffer();
        int off = r.bodyOffset();
        r.expose(true);
        while (!r.hasFrame()) assertTrue(r.fill());
        r.take();
        assertEquals(11, first[off]);
        assertEquals(22, r.buffer()[r.bodyOffset()]);
    }

    @Test
    void requestsAreFramedAsTheProtocolSays() {
        assertArrayEquals(new byte[] {0, 0, 0, 7, (byte) 0x83, 0, 0, 1, 2, 'h', 'i'},
                Wire.request(Wire.INJECT, 258, new byte[] {'h', 'i'}));
        assertArrayEquals(new byte[] {0, 0, 0, 1, (byte) 0x84}, Wire.stop());
    }

    /** Gives at most {@code piece} bytes per read, as a pipe may. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private final int piece;
        private int pos;

        Trickle(byte[] data, int piece) {
            this.data = data;
            this.piece = piece;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) return -1;
            int n = Math.min(Math.min(len, piece), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
