package org.epcap;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The pull-mode hand-off from the reader thread to consumers: a queue of packet batches
 * bounded in bytes. The reader never blocks inside {@link #put}; it waits for room in
 * {@link #awaitRoom} before its next read from the pipe, which is how backpressure reaches
 * the port and the kernel.
 */
final class PacketQueue {
    /** Bytes counted per packet on top of its data: the Packet and its array headers. */
    static final int PACKET_OVERHEAD = 64;

    /** What {@link #take} returns when the queue has ended and is empty. */
    static final Packet[] ENDED = new Packet[0];

    private final long capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Packet[]> batches = new ArrayDeque<>();
    private final ArrayDeque<Long> sizes = new ArrayDeque<>();
    private long bytes;
    private boolean ended;

    PacketQueue(long capacity) {
        this.capacity = capacity;
    }

    /** Appends a batch, whatever the bound (the reader checked it before reading). */
    void put(Packet[] batch, long batchBytes) {
        lock.lock();
        try {
            if (ended) return;
            batches.add(batch);
            sizes.add(batchBytes);
            bytes += batchBytes;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits while the queue is full and {@code mayWait} says the reader may wait. */
    void awaitRoom(BooleanSupplier mayWait) throws InterruptedException {
        lock.lock();
        try {
            while (bytes >= capacity && !ended && mayWait.getAsBoolean()) {
                notFull.awaitNanos(100_000_000L);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes a reader waiting for room (a request is pending, or the capture is closing). */
    void wakeReader() {
        lock.lock();
        try {
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next batch: waits up to {@code nanos} (negative: forever).
     *
     * @return a batch; {@link #ENDED} when the queue ended and is empty; null on timeout
     */
    Packet[] take(long nanos) throws InterruptedException {
        lock.lock();
        try {
            boolean forever = nanos < 0;
            while (batches.isEmpty()) {
                if (ended) return ENDED;
                if (forever) {
                    notEmpty.await();
                } else {
                    if (nanos <= 0) return null;
                    nanos = notEmpty.awaitNanos(nanos);
                }
            }
            bytes -= sizes.remove();
            notFull.signalAll();
            return batches.remove();
        } finally {
            lock.unlock();
        }
    }

    /** No more batches will come; consumers get what is queued, then {@link #ENDED}. */
    void end(boolean discard) {
        lock.lock();
        try {
            ended = true;
            if (discard) {
                batches.clear();
                sizes.clear();
                bytes = 0;
            }
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }
}
