package org.epcap;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Pull delivery: packets gathered in batches that consumers take through {@link #take}.
 *
 * <p>Through the pipe, the reader thread fills batches and hands them over in a
 * {@link PacketQueue} bounded in bytes; it waits for room before its next read, which is how a
 * slow consumer pushes back on the port. With the ring, the consumer holding {@link #lock}
 * takes packets from the ring itself, so that no third busy thread stands between the port and
 * it (on two cores it would cost the port its CPU); the ring is the bound. The reader thread then
 * only reads the pipe, wakes consumers when WAKE comes, and once the port is gone moves what the
 * ring still holds into the queue.
 *
 * <p>Threads: {@link #take} from any number of consumer threads; each packet goes to one of
 * them. The batch being filled is touched by the reader thread (pipe), or by whoever holds
 * {@link #lock} (ring). The other methods are the reader thread's.
 */
final class PullDelivery implements Delivery {
    /** What {@link #take} returns once the capture has ended and every packet was taken. */
    static final Packet ENDED = new Packet(0, 0, 0, 0, new byte[0]);
    /** Ring bytes a consumer takes at a time. */
    private static final int RING_READ_BYTES = 256 << 10;
    /** How long a consumer waiting on the ring sleeps before it looks at close() again. */
    private static final long RING_WAIT_SLICE = 50_000_000L;
    private static final Batch TIMED_OUT = new Batch(new Packet[0], 0);
    private static final Batch WOKEN = new Batch(new Packet[0], 0);

    private final PacketQueue queue;
    private final BooleanSupplier repliesAwaited;
    private final AtomicBoolean closing;
    private int dataLinkType;

    private Packet[] batch = new Packet[256];
    private int batchCount;
    private long batchBytes;

    private final ReentrantLock lock = new ReentrantLock();
    /** Ring: frames were published, or the ring is no longer the consumers' source. */
    private final Condition ringData = lock.newCondition();
    private volatile Batch batchAtHand = Batch.EMPTY;
    /** Set before READY completes the start, so consumers see it. */
    private RingSource ring;
    private FrameSink ringSink;
    private Consumer<ProtocolException> ringBroken;
    private volatile boolean ringBrokenSeen;
    /** Ring: the port has ended and the reader moved what was left to the queue. */
    private boolean ringHandedBack;

    /**
     * @param repliesAwaited true while a request waits for its reply (PortChannel#idle is
     *                       false): the reader then reads on past a full queue, as the reply may
     *                       be behind the packets
     */
    PullDelivery(long queueBytes, BooleanSupplier repliesAwaited, AtomicBoolean closing) {
        this.queue = new PacketQueue(queueBytes);
        this.repliesAwaited = repliesAwaited;
        this.closing = closing;
    }

    /** Reader thread, on READY: consumers take packets from {@code ring} through {@code sink}. */
    void useRing(RingSource ring, FrameSink sink, Consumer<ProtocolException> broken) {
        this.ring = ring;
        this.ringSink = sink;
        this.ringBroken = broken;
    }

    boolean consumesRing() {
        return ring != null;
    }

    /** How consumers hand the ring's frames on; the reader uses it too once it holds the lock. */
    FrameSink ringSink() {
        return ringSink;
    }

    @Override
    public void ready(int dataLinkType) {
        this.dataLinkType = dataLinkType;
    }

    @Override
    public void packet(PortEvent.PacketFrame p, boolean deferring) {
        if (closing.get()) return;
        byte[] data = p.copyData();
        if (batchCount == batch.length) batch = Arrays.copyOf(batch, batchCount * 2);
        batch[batchCount++] = new Packet(dataLinkType, p.seconds, p.nanos, p.length, data);
        batchBytes += data.length + PacketQueue.PACKET_OVERHEAD;
    }

    @Override
    public void beforeRead() {
    }

    @Override
    public void idle() throws InterruptedException {
        flushBatch();
        // Wait for room unless a reply is awaited: it may be behind the packets.
        queue.awaitRoom(() -> !repliesAwaited.getAsBoolean() && !closing.get());
    }

    @Override
    public Throwable handlerFailure() {
        return null;
    }

    @Override
    public void end(CaptureEnd end, boolean opened) {
        flushBatch();
        queue.end(closing.get());
    }

    /** Any thread: a request or close() wants the reader, which may be waiting for room. */
    void wakeReader() {
        queue.wakeReader();
    }

    /** Reader thread, last: no consumer may wait for packets that cannot come. */
    void endQueue() {
        queue.end(false);
    }

    /** Any thread: close() discards what is queued and ends the queue. */
    void discard() {
        queue.end(true);
    }

    /**
     * Reader thread, ring: wakes consumers waiting on the ring. A consumer holding the lock is
     * not waiting: it looks at the ring again before it sleeps (and the port sends WAKE again
     * after that), so the signal is not needed then, and the reader must not wait for it.
     */
    void signalConsumers() {
        if (!lock.tryLock()) return;
        try {
            ringData.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reader thread, ring, once the port is gone (or the reader is ending): no consumer takes
     * from the ring any more; {@code drain} moves what it holds into the batch, handed over here.
     */
    void handBackRing(Runnable drain) {
        lock.lock();
        try {
            if (!ringHandedBack) {
                ringHandedBack = true;
                if (drain != null) drain.run();
                flushBatch();
            }
            ringData.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A packet; null when none came within {@code nanos} (never for nanos &lt; 0); or
     * {@link #ENDED}.
     */
    Packet take(long nanos) {
        // Most calls find a packet in the batch at hand: one compare-and-set, no lock.
        Packet p = batchAtHand.take();
        return p != null ? p : takeNextBatch(nanos);
    }

    private Packet takeNextBatch(long nanos) {
        long deadline = nanos < 0 ? 0 : System.nanoTime() + nanos;
        try {
            if (nanos < 0) lock.lockInterruptibly();
            else if (!lock.tryLock(nanos, TimeUnit.NANOSECONDS)) return null;
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
        try {
            while (true) {
                // Another consumer may have installed a fresh batch while this one waited.
                Packet p = batchAtHand.take();
                if (p != null) return p;
                if (ring != null) {
                    Batch got = batchFromRing(nanos, deadline);
                    if (got == TIMED_OUT) return null;
                    if (got == WOKEN) continue; // another consumer may have installed a batch
                    if (got != null) {
                        batchAtHand = got;
                        continue;
                    }
                    // The ring is done (the port ended, or the capture is closing): the queue
                    // has the rest, or says that it has ended.
                }
                Packet[] next = queue.take(nanos < 0 ? -1 : Math.max(0, deadline - System.nanoTime()));
                if (next == null) return null;
                if (next == PacketQueue.ENDED) return ENDED;
                batchAtHand = new Batch(next, next.length);
            }
        } catch (InterruptedException e) {
            throw interrupted(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The consumer holding the lock takes packets from the ring itself.
     *
     * @return a batch; {@link #TIMED_OUT}; {@link #WOKEN} after a wait, which released the lock,
     *         so that the caller looks at the batch at hand first; or null when the ring is no
     *         longer the source
     */
    private Batch batchFromRing(long nanos, long deadline) throws InterruptedException {
        while (!ringHandedBack && !closing.get() && !ringBrokenSeen) {
            try {
                boolean took = ring.poll(ringSink, RING_READ_BYTES);
                if (batchCount > 0) return takeBatch();
                if (took) continue; // only frames that are not packets (EOF, an error)
            } catch (ProtocolException e) {
                ringBrokenSeen = true;
                ringBroken.accept(e);
                return null;
            }
            long left = nanos < 0 ? RING_WAIT_SLICE : deadline - System.nanoTime();
            if (left <= 0) return TIMED_OUT; // poll(Duration.ZERO) does not spin
            if (ring.spinUntilFrames()) continue;
            if (!ring.prepareToSleep()) continue;
            ringData.awaitNanos(Math.min(left, RING_WAIT_SLICE));
            return WOKEN;
        }
        return null;
    }

    /**
     * Hands the batch array itself to the consumers, and starts a fresh one. A fresh array is
     * young: storing young packets into an array that has survived a collection would cost a GC
     * write barrier per packet.
     */
    private Batch takeBatch() {
        Batch full = new Batch(batch, batchCount);
        batch = new Packet[Math.max(256, batchCount)];
        batchCount = 0;
        batchBytes = 0;
        return full;
    }

    private void flushBatch() {
        if (batchCount == 0) return;
        Packet[] full = batchCount == batch.length ? batch : Arrays.copyOf(batch, batchCount);
        queue.put(full, batchBytes);
        batch = new Packet[Math.max(256, batchCount)];
        batchCount = 0;
        batchBytes = 0;
    }

    private static EpcapException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new EpcapException(null, "interrupted while waiting for a packet", e);
    }

    /** The consumers' batch: each index is handed out once, to one of them. */
    private static final class Batch {
        static final Batch EMPTY = new Batch(new Packet[0], 0);
        final Packet[] packets;
        final int count; // packets[0 .. count) are the batch
        final AtomicInteger next = new AtomicInteger();

        Batch(Packet[] packets, int count) {
            this.packets = packets;
            this.count = count;
        }

        /** The next packet, or null when all are taken (the index never passes the end). */
        Packet take() {
            for (int i; (i = next.get()) < count; ) {
                if (next.compareAndSet(i, i + 1)) return packets[i];
            }
            return null;
        }
    }
}
