package org.epcap;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The way to the port program: its stdin, the lock that keeps frames whole on it, the request
 * ids and the replies awaited, and STOP.
 *
 * <p>The port reads its stdin even while its stdout is full (native/wire.c), into a buffer of one
 * largest frame, so the pipe and that buffer together take {@link #ABSORBED} bytes that nobody
 * reads the replies of. The reader thread, which alone reads the replies, writes only within
 * that ({@link #tryWrite}) and otherwise reads on: it never blocks on a port that waits for it.
 *
 * <p>Threads: {@link #write}, {@link #register}, {@link #forget}, {@link #sendStop} and
 * {@link #wakeWriter} may be called from any thread (the owner's, a consumer's, a handler's on
 * the reader thread); frames never interleave on the pipe. {@link #tryWrite} is the reader
 * thread's. {@link #complete}, {@link #fail} and {@link #failAll} are called by the reader
 * thread (or a pull consumer decoding the ring) as replies, errors and the end arrive.
 */
final class PortChannel {
    private final PortProcess port;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicInteger requestIds = new AtomicInteger();
    /**
     * Request bytes the port takes without anyone reading its stdout: its request buffer (one
     * largest frame and its length field) and the smallest pipe Linux gives (one page), less a
     * margin for the reply-less RING_WAKE and STOP frames.
     */
    static final int ABSORBED = 4 + Wire.MAX_FRAME + 4096 - 256;

    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    /** Bytes of the requests written, or being written, whose replies have not come. */
    private final AtomicLong inFlight = new AtomicLong();

    private record Pending(CompletableFuture<Object> reply, int bytes) {
    }

    PortChannel(PortProcess port) {
        this.port = port;
    }

    /**
     * A fresh request id (never 0, which the port uses for "no request") for a request frame of
     * {@code frameBytes} bytes, and its reply.
     */
    int register(CompletableFuture<Object> reply, int frameBytes) {
        int id = requestIds.incrementAndGet();
        if (id == 0) id = requestIds.incrementAndGet();
        inFlight.addAndGet(frameBytes);
        pending.put(id, new Pending(reply, frameBytes));
        return id;
    }

    /** Stops waiting for request {@code id}'s reply; true when it was still awaited. */
    boolean forget(int id) {
        return take(id) != null;
    }

    private CompletableFuture<Object> take(int id) {
        Pending p = pending.remove(id);
        if (p == null) return null;
        inFlight.addAndGet(-p.bytes());
        return p.reply();
    }

    /** True while no reply is awaited. */
    boolean idle() {
        return pending.isEmpty();
    }

    /** Reader thread: the reply to request {@code id} arrived. */
    void complete(int id, Object value) {
        CompletableFuture<Object> f = take(id);
        if (f != null) f.complete(value);
    }

    /** Reader thread: an ERROR answered request {@code id} (0: none). */
    void fail(int id, EpcapException e) {
        CompletableFuture<Object> f = id == 0 ? null : take(id);
        if (f != null) f.completeExceptionally(e);
    }

    /** Reader thread: the capture ended; no reply will come. Each waiter gets its own exception. */
    void failAll(Supplier<EpcapException> e) {
        for (Integer id : pending.keySet()) {
            CompletableFuture<Object> f = take(id);
            if (f != null) f.completeExceptionally(e.get());
        }
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
     * Reader thread: writes {@code frame} (registered already) when that cannot block, that is
     * when no other writer holds the pipe and the requests in flight, this one included, fit in
     * what the port takes unread ({@link #ABSORBED}).
     *
     * @return true when written, or when the pipe is broken (the port is gone: the reader finds
     *         out why); false when the caller should read replies first and try again
     */
    boolean tryWrite(byte[] frame) {
        if (inFlight.get() > ABSORBED) return false;
        if (!writeLock.tryLock()) return false;
        try {
            port.stdin.write(frame);
            port.stdin.flush();
        } catch (IOException e) {
            // The port is gone; what it wrote before going is still in the pipe.
        } finally {
            writeLock.unlock();
        }
        return true;
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
