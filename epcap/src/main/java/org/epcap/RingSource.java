package org.epcap;

import java.io.IOException;

/**
 * The shared-memory ring as a {@link FrameSource}, with its waiting strategy: when the ring is
 * empty, spin a little, then yield, then say so to the port (which sends WAKE through the pipe
 * with its next frames) and sleep the way the caller chose.
 *
 * <p>Threads: one consumer at a time — the reader thread of a push or raw capture, or in a pull
 * capture the consumer holding {@link PullDelivery}'s lock (and the reader thread once the port
 * has ended). {@link #hasFrames} may be called from any thread.
 */
final class RingSource implements FrameSource {
    /** Looks at an empty ring this often before the consumer sleeps. */
    private static final int SPINS = 100;
    private static final int YIELDS = 200;

    /** How a consumer sleeps until the port's WAKE. */
    @FunctionalInterface
    interface Sleeper {
        void sleep() throws IOException, InterruptedException;
    }

    private final SharedRing ring;
    private final PortChannel channel;
    private final PipeSource pipe;
    private final Sleeper sleeper;

    /**
     * @param pipe    its end is the port's end: nothing is published after it
     * @param sleeper how {@link #await} sleeps once the port has been told
     */
    RingSource(SharedRing ring, PortChannel channel, PipeSource pipe, Sleeper sleeper) {
        this.ring = ring;
        this.channel = channel;
        this.pipe = pipe;
        this.sleeper = sleeper;
    }

    @Override
    public boolean poll(FrameSink sink, int maxBytes) {
        if (!ring.consume(sink, maxBytes)) return false;
        if (ring.takeWriterWake()) channel.wakeWriter();
        return true;
    }

    @Override
    public void await() throws IOException, InterruptedException {
        if (spinUntilFrames()) return;
        if (ring.prepareToSleep()) sleeper.sleep();
    }

    @Override
    public boolean ended() {
        return pipe.ended() && !ring.hasFrames();
    }

    boolean hasFrames() {
        return ring.hasFrames();
    }

    /**
     * Waits a little for frames before sleeping: the port publishes every 64 KiB, so under load
     * the next frames are microseconds away and a sleep and WAKE would cost more. First a few
     * pause instructions, then yields: on two cores the port, a pull consumer or the JIT may
     * need this CPU, and a yield gives it to them.
     *
     * @return true when frames came
     */
    boolean spinUntilFrames() {
        for (int i = 0; i < SPINS; i++) {
            if (ring.hasFrames()) return true;
            Thread.onSpinWait();
        }
        for (int i = 0; i < YIELDS; i++) {
            if (ring.hasFrames()) return true;
            Thread.yield();
        }
        return false;
    }

    /**
     * Tells the port this consumer will sleep: true when the ring is still empty after saying so
     * (a WAKE will then come), false when frames came meanwhile.
     */
    boolean prepareToSleep() {
        return ring.prepareToSleep();
    }
}
