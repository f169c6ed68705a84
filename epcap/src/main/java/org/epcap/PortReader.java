package org.epcap;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The capture's reader thread: one loop over the packet source (pipe or ring), decoding frames
 * into events and handing them to the request replies ({@link PortChannel}), the capture's
 * state, and the {@link Delivery}; then how the capture ended.
 *
 * <p>Threads: {@link #run} is the reader thread, which it names; {@link #readAheadFor} runs
 * there too (a handler's request). With a pull capture and a ring, consumers decode the ring's
 * frames through {@link #handle}, so what frames say about the end is kept in volatile fields.
 * {@link #end()}, {@link #info()}, {@link #ready} and {@link #ended} are for any thread.
 */
final class PortReader {
    /** Ring bytes taken between looks at the pipe (replies, the port's end). */
    private static final int RING_READ_BYTES = 256 << 10;

    private final PortProcess port;
    private final PortChannel channel;
    private final Delivery delivery;
    private final SharedRing ring;
    private final AtomicBoolean closing;
    private final boolean linked;
    /** The port program and where it was found: for CaptureInfo and messages. */
    private final PortProgram.Choice program;
    private final PipeSource pipe;
    private final Thread thread;
    /** The ring once READY said the port writes to it; null: the pipe carries packets. */
    private RingSource ringSource;

    final CompletableFuture<CaptureInfo> ready = new CompletableFuture<>();
    final CountDownLatch ended = new CountDownLatch(1);
    private volatile CaptureInfo info;
    private volatile CaptureEnd end;

    // What the frames said about the end.
    private volatile boolean sawEof;
    private volatile boolean sawStopped;
    private volatile EpcapException fatal;
    private volatile ProtocolException broken;

    private final FrameDispatcher readerFrames = new FrameDispatcher();
    private final FrameSink toReader = (type, b, off, len) -> handle(readerFrames.decode(type, b, off, len), false);
    private final FrameSink deferring = (type, b, off, len) -> handle(readerFrames.decode(type, b, off, len), true);

    PortReader(PortProcess port, PortProgram.Choice program, PortChannel channel, Delivery delivery, SharedRing ring,
               AtomicBoolean closing, boolean linked) {
        this.port = port;
        this.program = program;
        this.linked = linked;
        this.channel = channel;
        this.delivery = delivery;
        this.ring = ring;
        this.closing = closing;
        this.pipe = new PipeSource(port.stdout);
        this.thread = new Thread(this::run, port.name + "-reader");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    boolean isReaderThread() {
        return Thread.currentThread() == thread;
    }

    CaptureInfo info() {
        return info;
    }

    CaptureEnd end() {
        return end;
    }

    /** Thread that decoded it: one event's effect. A packet goes to the delivery. */
    private void handle(PortEvent e, boolean deferring) {
        if (e instanceof PortEvent.PacketFrame p) {
            if (info == null) throw new ProtocolException("PACKET before READY");
            delivery.packet(p, deferring);
        } else if (e instanceof PortEvent.Reply r) {
            channel.complete(r.requestId(), r.value());
        } else if (e instanceof PortEvent.Failure f) {
            channel.fail(f.requestId(), f.error());
            if (f.fatal() || info == null) fatal = f.error();
        } else if (e instanceof PortEvent.Ready r) {
            if (!handshake(r)) return;
            ready(r.info().withPortProgram(program));
        } else if (e instanceof PortEvent.EndOfFile) {
            sawEof = true;
        } else if (e instanceof PortEvent.Stopped) {
            sawStopped = true;
        }
        // Wake: the ring has frames; the loop (or a sleeping consumer) looks at it.
    }

    /**
     * True when the port is this library's release and speaks its protocol. Otherwise the
     * capture ends with a {@link PortVersionException} naming both, which {@code start} throws.
     */
    private boolean handshake(PortEvent.Ready r) {
        String release = r.info().portVersion();
        if (r.protocol() == Wire.PROTOCOL_VERSION && release.equals(Version.LIBRARY)) return true;
        if (fatal == null) {
            fatal = new PortVersionException(program.path().toString(), release, r.protocol(), Version.LIBRARY,
                    Wire.PROTOCOL_VERSION);
        }
        port.terminate(true);
        pipe.markEnded();
        return false;
    }

    private void ready(CaptureInfo i) {
        if (info != null) throw new ProtocolException("a second READY");
        if (i.sharedMemory() && ring == null) throw new ProtocolException("READY says ring, but none was given");
        // The port has the ring mapped: the file is no longer needed, and no crash can leave it.
        if (ring != null) ring.deleteFile();
        if (ring != null && !i.sharedMemory()) {
            Log.LOGGER.log(System.Logger.Level.INFO, "{0}: the port could not open the shared-memory ring"
                    + " (another user through the exec prefix?): packets come through the pipe", port.name);
        }
        delivery.ready(i.dataLinkType());
        if (i.sharedMemory()) {
            if (delivery instanceof PullDelivery pull) {
                FrameDispatcher consumerFrames = new FrameDispatcher();
                ringSource = new RingSource(ring, channel, pipe, () -> { }); // consumers sleep on their own
                pull.useRing(ringSource, (type, b, off, len) -> handle(consumerFrames.decode(type, b, off, len), false),
                        this::ringBroken);
            } else {
                ringSource = new RingSource(ring, channel, pipe, () -> pipe.awaitFrame(toReader));
            }
        }
        info = i;
        ready.complete(i);
    }

    /** A pull consumer found a malformed ring record: the port is ended, the reader reports it. */
    private void ringBroken(ProtocolException e) {
        broken = e;
        port.terminate(true);
    }

    // ---------------------------------------------------------------- the loop

    private void run() {
        try {
            finish(readUntilEnd());
        } finally {
            // Whatever went wrong above, no consumer may wait for packets that cannot come, nor
            // touch the ring once it is unmapped.
            if (delivery instanceof PullDelivery pull) {
                pull.endQueue();
                if (pull.consumesRing()) pull.handBackRing(null);
            }
            if (ring != null) {
                ring.deleteFile();
                ring.unmap(); // nobody touches the ring any more
            }
            ended.countDown();
        }
    }

    private CaptureEnd readUntilEnd() {
        try {
            loop();
            return endOfStream();
        } catch (ProtocolException e) {
            port.terminate(true);
            int raw = port.reap(0);
            return new CaptureEnd(CaptureEnd.Reason.ERROR, PortProcess.statusOf(raw), PortProcess.signalOf(raw), e);
        } catch (IOException e) {
            int raw = port.reap(2000);
            return closing.get() ? new CaptureEnd(CaptureEnd.Reason.STOPPED, PortProcess.statusOf(raw),
                    PortProcess.signalOf(raw), null)
                    : died("reading from the port program failed (" + e.getMessage() + ")", raw);
        } catch (InterruptedException e) {
            port.terminate(true);
            return died("the reader thread was interrupted", port.reap(0));
        } catch (RuntimeException | Error e) {
            port.terminate(true);
            int raw = port.reap(0);
            return new CaptureEnd(CaptureEnd.Reason.ERROR, PortProcess.statusOf(raw), PortProcess.signalOf(raw),
                    new CaptureException("the reader failed: " + e, e));
        }
    }

    private void loop() throws IOException, InterruptedException {
        // READY, or a start-up ERROR, comes through the pipe first; READY says whether the port
        // could open the ring (it cannot when an exec prefix made it another user).
        // One frame at a time: the packets after READY belong to the loop below, which hands a
        // pull batch over between reads.
        while (info == null && !pipe.ended()) {
            checkBroken();
            pipe.pollOne(toReader);
        }
        if (delivery instanceof PullDelivery pull && pull.consumesRing()) {
            readPipeForRingConsumers(pull);
            return;
        }
        FrameSource packets = ringSource != null ? ringSource : pipe;
        while (true) {
            delivery.beforeRead();
            checkBroken();
            // With a ring, replies and the port's end still come through the pipe.
            if (packets != pipe) pipe.pollAvailable(toReader);
            if (packets.poll(toReader, RING_READ_BYTES)) continue;
            if (packets.ended()) return;
            delivery.idle();
            packets.await();
        }
    }

    /**
     * Pull with a ring: consumers take packets from the ring; this thread reads the pipe, wakes
     * them on WAKE, and once the port is gone moves what is left in the ring to the queue (at
     * most the ring's 4 MiB beyond the queue's bound).
     */
    private void readPipeForRingConsumers(PullDelivery pull) throws IOException {
        while (!pipe.ended() && broken == null) {
            pipe.awaitFrame(toReader);
            pull.signalConsumers();
        }
        checkBroken();
        pull.handBackRing(() -> drainRing(pull.ringSink()));
        checkBroken();
    }

    /** Everything left in the ring of a port that has ended. */
    private void drainRing(FrameSink sink) {
        try {
            while (ringSource.poll(sink, Integer.MAX_VALUE)) {
                // poll hands each frame to the sink
            }
        } catch (ProtocolException e) {
            broken = e;
        }
    }

    private void checkBroken() {
        ProtocolException e = broken;
        if (e != null) throw e;
    }

    // ---------------------------------------------------------------- a handler's request

    /**
     * Reader thread, inside a handler: nobody else reads the pipe, so write the request without
     * blocking on a port that may itself be blocked on its full stdout, and read ahead until
     * the reply, keeping the packets met on the way for after the handler. No thread is started:
     * the port reads requests while its stdout is full, and {@link PortChannel#tryWrite} writes
     * only as much as it can then take.
     */
    void readAheadFor(byte[] frame, CompletableFuture<Object> reply) {
        while (!reply.isDone() && !channel.tryWrite(frame)) {
            // Another writer holds the pipe, or the requests in flight fill what the port takes
            // unread: that write ending, or their replies, free it. Never block on the pipe
            // here: with a ring it may stay quiet while another thread finishes its write.
            if (readAhead(reply, false)) continue;
            // Nothing to read: a port that has exited has left its last frames and the pipe's
            // end behind, which only a blocking read sees (available() is 0 at the end too).
            if (port.process.isAlive()) LockSupport.parkNanos(WRITE_RETRY_NANOS);
            else readAhead(reply, true);
        }
        while (!reply.isDone()) readAhead(reply, true);
    }

    /** Before retrying a write that could not be made, when nothing was there to read. */
    private static final long WRITE_RETRY_NANOS = 50_000;

    /**
     * Reads what the pipe has, keeping packets for after the handler; with {@code block}, waits
     * for one frame (the reply is on its way). Completes {@code reply} exceptionally when the
     * port is gone.
     *
     * @return true when something was read or the end was found
     */
    private boolean readAhead(CompletableFuture<Object> reply, boolean block) {
        if (pipe.ended() || broken != null) {
            // With a ring, how the port ended (EOF, a fatal error) is in the ring.
            if (ringSource != null && broken == null) drainRing(deferring);
            reply.completeExceptionally(broken != null ? broken : provisionalEnd());
            return true;
        }
        try {
            // Replies come through the pipe also when a ring carries the packets.
            if (!block) return pipe.pollAvailable(deferring);
            pipe.pollOne(deferring);
        } catch (ProtocolException ex) {
            broken = ex;
        } catch (IOException ex) {
            pipe.markEnded();
        }
        return true;
    }

    private EpcapException provisionalEnd() {
        if (fatal != null) return fatal;
        if (sawEof) return new CaptureEndedException(new CaptureEnd(CaptureEnd.Reason.END_OF_FILE, 0, 0, null));
        if (sawStopped) return new CaptureEndedException(new CaptureEnd(CaptureEnd.Reason.STOPPED, 0, 0, null));
        return new PortDiedException("the port program ended before answering", -1, 0, port.stderr.lastLines(10));
    }

    // ---------------------------------------------------------------- the end

    private CaptureEnd endOfStream() {
        int raw = port.reap(2000);
        int status = PortProcess.statusOf(raw);
        int signal = PortProcess.signalOf(raw);
        Throwable handlerFailure = delivery.handlerFailure();
        if (handlerFailure != null) {
            return new CaptureEnd(CaptureEnd.Reason.ERROR, status, signal,
                    new CaptureException("the packet handler threw " + handlerFailure, handlerFailure));
        }
        if (fatal != null) return new CaptureEnd(CaptureEnd.Reason.ERROR, status, signal, fatal);
        if (sawEof) return new CaptureEnd(CaptureEnd.Reason.END_OF_FILE, status, signal, null);
        if (sawStopped || closing.get()) return new CaptureEnd(CaptureEnd.Reason.STOPPED, status, signal, null);
        return died(info == null ? "the port program ended before READY" : "the port program died", raw);
    }

    private CaptureEnd died(String what, int raw) {
        int status = PortProcess.statusOf(raw);
        int signal = PortProcess.signalOf(raw);
        return new CaptureEnd(CaptureEnd.Reason.PORT_DIED, status, signal,
                new PortDiedException(what, status, signal, port.stderrTail()));
    }

    private void finish(CaptureEnd result) {
        end = result;
        // Before READY the end is start()'s exception: the caller has it, a warning would repeat it.
        Log.LOGGER.log(result.isNormal() || info == null ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                "{0}: ended: {1}", port.name, result);
        if (!ready.isDone()) {
            ready.completeExceptionally(result.cause().orElseGet(
                    () -> new PortDiedException("the port program ended before READY", -1, 0, port.stderrTail())));
        }
        channel.failAll(() -> endedException(result));
        PortProcess.closeQuietly(port.stdout);
        PortProcess.closeQuietly(port.stdin);
        delivery.end(result, info != null);
    }

    /** What a request made after the end gets; the owner of a linked capture sees the cause. */
    EpcapException endedException(CaptureEnd e) {
        EpcapException cause = linkedCause(e);
        return cause != null ? cause : new CaptureEndedException(e);
    }

    /** The cause an abnormal end raises in a linked capture's owner; null otherwise. */
    EpcapException linkedCause(CaptureEnd e) {
        return linked && !e.isNormal() && e.cause().isPresent() ? e.cause().get() : null;
    }
}
