package org.epcap;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The way to the port program: its stdin, the lock that keeps frames whole on it, the request
 * ids and the replies awaited, and STOP.
 *
 * <p>Threads: {@link #write}, {@link #register}, {@link #forget}, {@link #sendStop} and
 * {@link #wakeWriter} may be called from any thread (the owner's, a consumer's, a handler's on
 * the reader thread); frames never interleave on the pipe. {@link #complete}, {@link #fail}
 * and {@link #failAll} are called by the reader thread as replies, errors and the end arrive.
 */
final class PortChannel {
    private final PortProcess port;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicInteger requestIds = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();

    PortChannel(PortProcess port) {
        this.port = port;
    }

    /** A fresh request id (never 0, which the port uses for "no request") and its reply. */
    int register(CompletableFuture<Object> reply) {
        int id = requestIds.incrementAndGet();
        if (id == 0) id = requestIds.incrementAndGet();
        pending.put(id, reply);
        return id;
    }

    /** Stops waiting for request {@code id}'s reply; true when it was still awaited. */
    boolean forget(int id) {
        return pending.remove(id) != null;
    }

    /** True while no reply is awaited. */
    boolean idle() {
        return pending.isEmpty();
    }

    /** Reader thread: the reply to request {@code id} arrived. */
    void complete(int id, Object value) {
        CompletableFuture<Object> f = pending.remove(id);
        if (f != null) f.complete(value);
    }

    /** Reader thread: an ERROR answered request {@code id} (0: none). */
    void fail(int id, EpcapException e) {
        CompletableFuture<Object> f = id == 0 ? null : pending.remove(id);
        if (f != null) f.completeExceptionally(e);
    }

    /** Reader thread: the capture ended; no reply will come. Each waiter gets its own exception. */
    void failAll(Supplier<EpcapException> e) {
        for (CompletableFuture<Object> f : pending.values()) f.completeExceptionally(e.get());
        pending.clear();
    }

    /** Writes one whole frame; blocks while the pipe is full. */
    void write(byte[] frame) throws IOException {
        writeLock.lock();
        try {
            port.stdin.write(frame);
            port.stdin.flush();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Sends STOP and closes the port's stdin. A writer stuck in a full pipe (the port is not
     * reading) would hold the lock forever: then the port is ended instead, and the reader sees
     * the end.
     */
    void sendStop() {
        try {
            if (writeLock.tryLock(500, TimeUnit.MILLISECONDS)) {
                try {
                    port.stdin.write(Wire.stop());
                    port.stdin.flush();
                } finally {
                    writeLock.unlock();
                }
            } else {
                port.terminate(true);
                return;
            }
        } catch (IOException e) {
            // Already gone: the reader will see the end.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PortProcess.closeQuietly(port.stdin);
    }

    /**
     * Tells the port that waits for room in the ring that there is some. A writer holding the
     * lock is about to wake the port with its own request anyway, so this never waits for it.
     */
    void wakeWriter() {
        if (!writeLock.tryLock()) return;
        try {
            port.stdin.write(Wire.ringWake());
            port.stdin.flush();
        } catch (IOException e) {
            // The port is gone; the pipe's end tells the rest.
        } finally {
            writeLock.unlock();
        }
    }
}
