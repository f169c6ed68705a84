package org.epcap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The port's stdout as a {@link FrameSource}: READY, replies, errors and WAKE always come this
 * way, and packets too when no ring carries them. Frames are handed over in place in the
 * {@link FrameReader}'s buffer. A read started while a frame of that buffer is still being
 * handled (a handler's request reading ahead for its reply) goes into a fresh buffer, so that a
 * raw handler's view stays intact.
 *
 * <p>Threads: only the reader thread ({@link PortReader}) uses it.
 */
final class PipeSource implements FrameSource {
    private final InputStream in;
    private final FrameReader frames;
    private ByteBuffer view;
    /** Sink calls in progress: a handler's request may nest a read. */
    private int depth;
    private boolean ended;

    PipeSource(InputStream in) {
        this.in = in;
        this.frames = new FrameReader(in, FrameReader.DEFAULT_CHUNK);
    }

    /** The frames already read; never reads, so that a pull reader hands its batch over between reads. */
    @Override
    public boolean poll(FrameSink sink, int maxBytes) {
        if (ended) return false; // what a reader gave up on stays unread
        boolean took = false;
        long bytes = 0;
        while (bytes < maxBytes && frames.hasFrame()) {
            frames.take();
            bytes += 5L + frames.bodyLength();
            hand(sink);
            took = true;
        }
        return took;
    }

    /** Every frame read or readable without blocking: replies between batches from the ring. */
    boolean pollAvailable(FrameSink sink) throws IOException {
        boolean took = false;
        while (!ended) {
            took |= poll(sink, Integer.MAX_VALUE);
            if (in.available() <= 0) return took;
            read();
        }
        return took;
    }

    /** One blocking read, unless a whole frame is already buffered. */
    @Override
    public void await() throws IOException {
        if (!ended && !frames.hasFrame()) read();
    }

    /** Blocks until at least one frame has been handed to {@code sink}, or the end. */
    void awaitFrame(FrameSink sink) throws IOException {
        while (!pollAvailable(sink) && !ended) await();
    }

    /** Hands over one frame, reading first when none is buffered (blocking). */
    void pollOne(FrameSink sink) throws IOException {
        while (!ended) {
            if (frames.hasFrame()) {
                frames.take();
                hand(sink);
                return;
            }
            read();
        }
    }

    @Override
    public boolean ended() {
        return ended;
    }

    /** The port is gone, or the reader gave up on the pipe: nothing more is handed over. */
    void markEnded() {
        ended = true;
    }

    private void hand(FrameSink sink) {
        byte[] b = frames.buffer();
        if (view == null || view.array() != b) view = ByteBuffer.wrap(b);
        depth++;
        try {
            sink.frame(frames.type(), view, frames.bodyOffset(), frames.bodyLength());
        } finally {
            depth--;
        }
    }

    private void read() throws IOException {
        frames.expose(depth > 0);
        if (!frames.fill()) ended = true;
    }
}
