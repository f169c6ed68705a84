package org.epcap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A running capture: the port program as a child process, and the reader thread that turns
 * its frames into packets.
 *
 * <pre>{@code
 * Options options = Options.builder().interfaceName("eth0").filter("icmp").build();
 * try (Epcap cap = Epcap.start(options)) {
 *     for (Packet p; (p = cap.next()) != null; ) {
 *         System.out.println(p.timestamp() + " " + p.length());
 *     }
 * }
 * }</pre>
 *
 * <h2>Pull and push</h2>
 * {@link #start(Options)} hands packets to {@link #next()}, {@link #poll(Duration)},
 * {@link #iterator()} and {@link #packets()}. With the shared-memory ring the consumer takes
 * them from the ring itself, and the ring (4 MiB) is the bound; through the pipe they are
 * queued, bounded in bytes ({@link Options#queueBytes()}). Either way a slow consumer pushes
 * back on the port and then the kernel, which drops packets and counts them in
 * {@link #stats()}. {@link #start(Options, PacketHandler)} instead calls a handler on the
 * reader thread; {@link #start(Options, RawPacketHandler)} does so without allocating.
 *
 * <h2>How a capture ends: {@code start} and {@code startLink}</h2>
 * As in the Erlang seed. Unlinked ({@code start}): the end is an event — {@link #next()}
 * returns {@code null} once the queued packets are consumed ({@link #poll}, whose {@code null}
 * means "nothing yet", throws {@link CaptureEndedException} instead), a handler gets
 * {@link PacketHandler#onEnd}, and {@link #end()} says how it ended. Linked
 * ({@code startLink}): an abnormal end (port died, fatal error) is additionally raised as an
 * exception ({@link PortDiedException}, {@link CaptureException}, …) in the owner's next call
 * to {@link #next()}, {@link #poll}, {@link #send}, {@link #stats}, {@link #setFilter} or
 * {@link #awaitEnd}. A normal end (end of file, {@link #close()}) never throws.
 * {@code send}, {@code stats} and {@code setFilter} after any other end throw
 * {@link CaptureEndedException}.
 *
 * <h2>Thread safety</h2>
 * {@link #send}, {@link #stats}, {@link #setFilter} and {@link #close} are safe from any
 * thread at any time, including while another thread consumes packets, from the consumer
 * itself while the queue is full, and from inside a handler (there the call reads ahead for
 * its reply and the packets read meanwhile are delivered after the handler returns, in
 * order). {@code next}, {@code poll} and iterators may be used from several threads; each
 * packet goes to exactly one of them. Pull methods throw {@link IllegalStateException} on a
 * push capture.
 */
public final class Epcap implements AutoCloseable, Iterable<Packet> {
    /** How long a request ({@code send}, {@code stats}, {@code setFilter}) waits for its reply. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private enum Mode { PULL, PUSH, RAW }

    private static final int DIRECT_WRITE_FROM_READER = 4096;
    /** Ring bytes consumed between looks at the pipe (replies) and, in pull mode, a batch. */
    private static final int RING_READ_BYTES = 256 << 10;
    /** Looks at an empty ring this often before the reader blocks on the pipe (spinUntilFrames). */
    private static final int RING_SPINS = 100;
    private static final int RING_YIELDS = 200;

    private final Options options;
    private final boolean linked;
    private final Mode mode;
    private final PacketHandler handler;
    private final RawPacketHandler raw;
    private final PortProcess port;
    private final FrameReader frames;
    /** Packets, EOF and fatal errors come through here when not null; the pipe brings the rest. */
    private final SharedRing ring;
    private boolean ringDeferring;
    private final PacketQueue queue;
    private final Thread reader;

    private final PortChannel channel;
    private final CompletableFuture<CaptureInfo> ready = new CompletableFuture<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile CaptureEnd end;
    private volatile CaptureInfo info;

    // Reader thread only.
    private int dataLinkType;
    private boolean sawEof;
    private boolean sawStopped;
    private boolean streamEnded;
    // Volatile: with a ring in pull mode, consumers find a malformed ring record.
    private volatile ProtocolException broken;
    private EpcapException fatal;
    private Throwable handlerFailure;
    private final ArrayDeque<Packet> deferred = new ArrayDeque<>();
    private Packet[] batch = new Packet[256];
    private int batchCount;
    private long batchBytes;

    // Consumers (pull).
    private final ReentrantLock consumerLock = new ReentrantLock();
    private volatile Batch batchAtHand = Batch.EMPTY;
    /** Pull with a ring: frames were published, or the ring is no longer the consumers' source. */
    private final java.util.concurrent.locks.Condition ringData = consumerLock.newCondition();
    /** Pull with a ring: the port has ended and the reader moved what was left to the queue. */
    private boolean ringHandedBack;
    private static final Batch TIMED_OUT = new Batch(new Packet[0], 0);
    private static final Batch WOKEN = new Batch(new Packet[0], 0);
    /** How long a consumer waiting on the ring sleeps before it looks at close() again. */
    private static final long RING_WAIT_SLICE = 50_000_000L;

    private Epcap(Options options, boolean linked, Mode mode, PacketHandler handler, RawPacketHandler raw,
                  PortProcess port, SharedRing ring) {
        this.options = options;
        this.ring = ring;
        this.linked = linked;
        this.mode = mode;
        this.handler = handler;
        this.raw = raw;
        this.port = port;
        this.channel = new PortChannel(port);
        this.frames = new FrameReader(port.stdout, FrameReader.DEFAULT_CHUNK);
        this.queue = mode == Mode.PULL ? new PacketQueue(options.queueBytes()) : null;
        this.reader = new Thread(this::readLoop, port.name + "-reader");
        reader.setDaemon(true);
    }

    /**
     * Starts a capture whose packets are pulled with {@link #next()} and friends; its end is an
     * event ({@code next()} returns null).
     *
     * @throws EpcapException a typed subclass when the port cannot start the capture
     */
    public static Epcap start(Options options) {
        return launch(options, false, Mode.PULL, null, null);
    }

    /** As {@link #start(Options)}, linked: an abnormal end is thrown by the owner's next call. */
    public static Epcap startLink(Options options) {
        return launch(options, true, Mode.PULL, null, null);
    }

    /** Starts a capture that calls {@code handler} on its reader thread. */
    public static Epcap start(Options options, PacketHandler handler) {
        return launch(options, false, Mode.PUSH, java.util.Objects.requireNonNull(handler, "handler"), null);
    }

    /** As {@link #start(Options, PacketHandler)}, linked. */
    public static Epcap startLink(Options options, PacketHandler handler) {
        return launch(options, true, Mode.PUSH, java.util.Objects.requireNonNull(handler, "handler"), null);
    }

    /** Starts a capture that calls the allocation-free {@code handler} on its reader thread. */
    public static Epcap start(Options options, RawPacketHandler handler) {
        return launch(options, false, Mode.RAW, null, java.util.Objects.requireNonNull(handler, "handler"));
    }

    /** As {@link #start(Options, RawPacketHandler)}, linked. */
    public static Epcap startLink(Options options, RawPacketHandler handler) {
        return launch(options, true, Mode.RAW, null, java.util.Objects.requireNonNull(handler, "handler"));
    }

    private static Epcap launch(Options options, boolean linked, Mode mode, PacketHandler handler,
                                RawPacketHandler raw) {
        PortProgram.locate(options);
        List<String> prefix = ExecPolicy.prefix(options);
        if (!prefix.isEmpty()) PortProgram.requireCommand(prefix.get(0));
        SharedRing ring = options.sharedMemory() ? SharedRing.create(SharedRing.DEFAULT_CAPACITY) : null;
        PortProcess port;
        try {
            List<String> argv = options.command(prefix, ring == null ? List.of() : List.of("-R", ring.path().toString()));
            port = PortProcess.spawn(argv, options.verbose() > 0);
        } catch (RuntimeException e) {
            if (ring != null) {
                ring.deleteFile();
                ring.unmap();
            }
            throw e;
        }
        Epcap cap = new Epcap(options, linked, mode, handler, raw, port, ring);
        cap.reader.start();
        try {
            cap.awaitReady();
        } catch (PortDiedException e) {
            if (SudoCheck.refuses(prefix, PortProgram.resolve(options))) {
                throw new PermissionDeniedException("'" + String.join(" ", prefix) + "' may not run the port program "
                        + PortProgram.resolve(options) + ": add a sudo rule or file capabilities for it"
                        + " (see the README)", e);
            }
            throw e;
        }
        return cap;
    }

    private void awaitReady() {
        try {
            info = ready.get(options.readyTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            closing.set(true);
            port.terminate(true);
            joinThreads();
            throw new PortTimeoutException("the port program sent no READY within " + options.readyTimeout()
                    + "; killed it. stderr: " + port.stderr.lastLines(10));
        } catch (ExecutionException e) {
            joinThreads();
            throw (EpcapException) e.getCause();
        } catch (InterruptedException e) {
            closing.set(true);
            port.terminate(true);
            joinThreads();
            Thread.currentThread().interrupt();
            throw new EpcapException(null, "interrupted while waiting for the port's READY", e);
        }
    }

    /**
     * Lists the devices libpcap sees, by running the port program with {@code -L} (no exec
     * prefix: listing needs no privileges).
     */
    public static List<NetworkInterfaceInfo> interfaces() {
        return interfaces(Options.builder().build());
    }

    /** As {@link #interfaces()}, with the port program {@code options} name. */
    public static List<NetworkInterfaceInfo> interfaces(Options options) {
        return InterfaceLister.list(PortProgram.locate(options));
    }

    // ---------------------------------------------------------------- pull

    /**
     * The next packet, waiting as long as it takes.
     *
     * @return the packet, or {@code null} when the capture has ended (end of file, closed, or
     *         — unlinked — died) and every queued packet has been taken
     * @throws EpcapException linked, when the capture ended abnormally
     */
    public Packet next() {
        Packet p = take(-1);
        return p == ENDED ? null : p;
    }

    /**
     * The next packet, waiting at most {@code timeout}: for a consumer that does other work
     * between packets. Unlike {@link #next()}, {@code null} here only ever means "nothing yet";
     * the end is not a null but, as for {@link #send} and the other calls on an ended capture,
     * a {@link CaptureEndedException} saying how it ended.
     *
     * <pre>{@code
     * try {
     *     while (true) {
     *         Packet p = cap.poll(Duration.ofSeconds(1));
     *         if (p == null) housekeeping(); else handle(p);
     *     }
     * } catch (CaptureEndedException e) {
     *     System.out.println("ended: " + e.end());
     * }
     * }</pre>
     *
     * @return the packet, or {@code null} when none came within {@code timeout}
     * @throws CaptureEndedException when the capture has ended and every packet was taken
     * @throws EpcapException linked, when the capture ended abnormally (its cause, as {@code next})
     */
    public Packet poll(Duration timeout) {
        Packet p = take(Math.max(0, timeout.toNanos()));
        if (p == ENDED) {
            // close() ends the queue before the reader has recorded how the capture ended.
            CaptureEnd e = end;
            throw new CaptureEndedException(e != null ? e : new CaptureEnd(CaptureEnd.Reason.STOPPED, -1, 0, null));
        }
        return p;
    }

    /** The packets as an iterator; {@code hasNext()} blocks until a packet or the end. */
    @Override
    public Iterator<Packet> iterator() {
        requirePull();
        return new Iterator<>() {
            private Packet next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next != null) return true;
                if (done) return false;
                next = Epcap.this.next();
                done = next == null;
                return !done;
            }

            @Override
            public Packet next() {
                if (!hasNext()) throw new NoSuchElementException("the capture has ended");
                Packet p = next;
                next = null;
                return p;
            }
        };
    }

    /** The packets as a sequential stream that ends with the capture. */
    public Stream<Packet> packets() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** What take() returns once the capture has ended and every packet was taken. */
    private static final Packet ENDED = new Packet(0, 0, 0, 0, new byte[0]);

    /** A packet; null when none came within nanos (never for nanos &lt; 0); or {@link #ENDED}. */
    private Packet take(long nanos) {
        requirePull();
        // Most calls find a packet in the batch at hand: one compare-and-set, no lock.
        Packet p = batchAtHand.take();
        return p != null ? p : takeNextBatch(nanos);
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

    private Packet takeNextBatch(long nanos) {
        long deadline = nanos < 0 ? 0 : System.nanoTime() + nanos;
        try {
            if (nanos < 0) consumerLock.lockInterruptibly();
            else if (!consumerLock.tryLock(nanos, TimeUnit.NANOSECONDS)) return null;
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
        try {
            while (true) {
                // Another consumer may have installed a fresh batch while this one waited.
                Packet p = batchAtHand.take();
                if (p != null) return p;
                if (mode == Mode.PULL && ringInUse()) {
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
                if (next == PacketQueue.ENDED) {
                    CaptureEnd e = end;
                    if (e != null) raiseIfLinked(e);
                    return ENDED;
                }
                batchAtHand = new Batch(next, next.length);
            }
        } catch (InterruptedException e) {
            throw interrupted(e);
        } finally {
            consumerLock.unlock();
        }
    }

    /**
     * Pull with a ring: the consumer holding {@code consumerLock} takes packets from the ring
     * itself, so no reader thread stands between the port and it (on two cores, a third busy
     * thread costs the port its CPU). The reader thread meanwhile reads the pipe and signals
     * {@link #ringData} when a WAKE comes.
     *
     * @return a batch; {@link #TIMED_OUT}; {@link #WOKEN} after a wait, which released the lock,
     *         so that the caller looks at the batch at hand first; or null when the ring is no
     *         longer the source
     */
    private Batch batchFromRing(long nanos, long deadline) throws InterruptedException {
        while (!ringHandedBack && !closing.get() && broken == null) {
            try {
                boolean took = ring.consume(this::ringFrame, RING_READ_BYTES);
                if (took && ring.takeWriterWake()) channel.wakeWriter();
                if (batchCount > 0) return takeBatch();
                if (took) continue; // only frames that are not packets (EOF, an error)
            } catch (ProtocolException e) {
                broken = e;
                port.terminate(true); // the reader sees the end and reports it as an error
                return null;
            }
            long left = nanos < 0 ? RING_WAIT_SLICE : deadline - System.nanoTime();
            if (left <= 0) return TIMED_OUT; // poll(Duration.ZERO) does not spin
            if (spinUntilFrames()) continue;
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

    /**
     * Wakes consumers waiting on the ring. A consumer holding the lock is not waiting: it looks
     * at the ring again before it sleeps (and the port sends WAKE again after that), so the
     * signal is not needed then, and the reader must not wait for it.
     */
    private void signalConsumers() {
        if (!consumerLock.tryLock()) return;
        try {
            ringData.signalAll();
        } finally {
            consumerLock.unlock();
        }
    }

    private static EpcapException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new EpcapException(null, "interrupted while waiting for a packet", e);
    }

    private void requirePull() {
        if (mode != Mode.PULL) throw new IllegalStateException("this capture pushes packets to a handler");
    }

    // ---------------------------------------------------------------- requests

    /**
     * Injects {@code packet} on the capture's interface (needs {@link Options#inject()}).
     *
     * @return the number of bytes {@code pcap_inject} wrote
     * @throws InjectException when injection is disabled or failed; the capture continues
     */
    public int send(byte[] packet) {
        if (packet.length == 0 || packet.length > Options.MAX_SNAPLEN) {
            throw new IllegalArgumentException("send: a packet is 1 to " + Options.MAX_SNAPLEN + " bytes, got "
                    + packet.length);
        }
        return (Integer) request(Wire.INJECT, packet);
    }

    /** Capture statistics from the port ({@code pcap_stats}). */
    public Stats stats() {
        return (Stats) request(Wire.STATS_REQUEST, new byte[0]);
    }

    /**
     * Replaces the capture's filter; returns when the new filter is in place.
     *
     * @throws BadFilterException when it does not compile; the old filter stays
     */
    public void setFilter(String expression) {
        if (expression.indexOf('\0') >= 0) throw new BadFilterException("setFilter: NUL in the expression");
        request(Wire.SET_FILTER, expression.getBytes(StandardCharsets.UTF_8));
    }

    private Object request(int type, byte[] payload) {
        CaptureEnd e = end;
        if (e != null) throw afterEnd(e);
        if (closing.get()) throw new CaptureEndedException(new CaptureEnd(CaptureEnd.Reason.STOPPED, -1, 0, null));
        CompletableFuture<Object> reply = new CompletableFuture<>();
        int id = channel.register(reply);
        // finish() may have failed and cleared the pending replies just before the put.
        CaptureEnd endedMeanwhile = end;
        if (endedMeanwhile != null && channel.forget(id)) throw afterEnd(endedMeanwhile);
        if (queue != null) queue.wakeReader();
        byte[] frame = Wire.request(type, id, payload);
        if (Thread.currentThread() == reader) {
            requestFromReader(frame, reply);
        } else {
            try {
                channel.write(frame);
            } catch (IOException ex) {
                channel.forget(id);
                throw deadPipe(ex);
            }
        }
        try {
            return reply.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException ex) {
            throw (EpcapException) ex.getCause();
        } catch (TimeoutException ex) {
            channel.forget(id);
            throw new PortTimeoutException("no reply from the port within " + REQUEST_TIMEOUT);
        } catch (InterruptedException ex) {
            channel.forget(id);
            Thread.currentThread().interrupt();
            throw new EpcapException(null, "interrupted while waiting for the port's reply", ex);
        }
    }

    /**
     * A handler asked: nobody else reads the pipe, so read ahead here until the reply, keeping
     * the packets met on the way for later. A large frame is written by a helper thread so
     * that a port blocked on its own full stdout cannot deadlock us.
     */
    private void requestFromReader(byte[] frame, CompletableFuture<Object> reply) {
        Thread helper = null;
        if (frame.length <= DIRECT_WRITE_FROM_READER) {
            try {
                channel.write(frame);
            } catch (IOException ex) {
                // The port is gone; what it wrote before going (EOF, an error) is still in the
                // pipe, and the pump below reads it to tell why.
            }
        } else {
            helper = new Thread(() -> {
                try {
                    channel.write(frame);
                } catch (IOException ex) {
                    // As above: the pump finds out why.
                }
            }, port.name + "-writer");
            helper.setDaemon(true);
            helper.start();
        }
        pump(reply);
        if (helper != null) {
            try {
                helper.join(REQUEST_TIMEOUT.toMillis());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void pump(CompletableFuture<Object> reply) {
        while (!reply.isDone()) {
            if (streamEnded || broken != null) {
                // With a ring, how the port ended (EOF, a fatal error) is in the ring.
                if (ringInUse() && broken == null) drainRing(true);
                reply.completeExceptionally(broken != null ? broken : provisionalEnd());
                return;
            }
            try {
                // Replies come through the pipe also when a ring carries the packets.
                if (!frames.hasFrame()) {
                    if (!frames.fill()) streamEnded = true;
                    continue;
                }
                frames.take();
                dispatchFrame(true);
            } catch (ProtocolException ex) {
                broken = ex;
            } catch (IOException ex) {
                streamEnded = true;
            }
        }
    }

    private EpcapException provisionalEnd() {
        if (fatal != null) return fatal;
        if (sawEof) return new CaptureEndedException(new CaptureEnd(CaptureEnd.Reason.END_OF_FILE, 0, 0, null));
        if (sawStopped) return new CaptureEndedException(new CaptureEnd(CaptureEnd.Reason.STOPPED, 0, 0, null));
        return new PortDiedException("the port program ended before answering", -1, 0, port.stderr.lastLines(10));
    }

    private EpcapException deadPipe(IOException ex) {
        if (Thread.currentThread() != reader) {
            try {
                ended.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            CaptureEnd e = end;
            if (e != null) return afterEnd(e);
        }
        return new PortDiedException("cannot write to the port program (" + ex.getMessage() + ")", -1, 0,
                port.stderr.lastLines(10));
    }

    private EpcapException afterEnd(CaptureEnd e) {
        if (linked && !e.isNormal() && e.cause().isPresent()) return e.cause().get();
        return new CaptureEndedException(e);
    }

    private void raiseIfLinked(CaptureEnd e) {
        if (linked && !e.isNormal() && e.cause().isPresent()) throw e.cause().get();
    }

    // ---------------------------------------------------------------- state and end

    /** What the port said when the capture opened. */
    public CaptureInfo info() {
        return info;
    }

    /** The options this capture was started with. */
    public Options options() {
        return options;
    }

    /** The process id of the spawned command (the exec prefix's when there is one). */
    public long pid() {
        return port.pid();
    }

    /** How the capture ended, or empty while it runs. Never throws. */
    public Optional<CaptureEnd> end() {
        return Optional.ofNullable(end);
    }

    /**
     * Waits up to {@code timeout} for the capture to end (and, in push mode, for the handler's
     * end event to return).
     *
     * @return how it ended, or empty on timeout
     * @throws EpcapException linked, when it ended abnormally
     */
    public Optional<CaptureEnd> awaitEnd(Duration timeout) {
        try {
            if (!ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EpcapException(null, "interrupted while waiting for the end", e);
        }
        raiseIfLinked(end);
        return Optional.of(end);
    }

    /**
     * Stops the capture: sends STOP, closes the port's stdin, waits briefly for it to exit,
     * then SIGTERM and SIGKILL; reaps it and joins the reader thread. Queued packets are
     * discarded. Idempotent; safe from any thread, including a handler (which then returns
     * before the end event is delivered).
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            if (Thread.currentThread() != reader) joinThreads();
            return;
        }
        if (queue != null) queue.end(true);
        channel.sendStop();
        if (Thread.currentThread() == reader) return;
        joinThreads();
    }

    private void joinThreads() {
        if (!join(reader, 3000)) {
            port.terminate(true);
            if (!join(reader, 2000)) {
                PortProcess.closeQuietly(port.stdout);
                join(reader, 2000);
            }
        }
        port.stderr.join(1000);
    }

    private static boolean join(Thread t, long millis) {
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    // ---------------------------------------------------------------- reader thread

    private void readLoop() {
        try {
            readUntilEnd();
        } finally {
            // Whatever went wrong above, no consumer may wait for packets that cannot come.
            if (queue != null) queue.end(false);
            if (ring != null) {
                if (mode == Mode.PULL) {
                    // No consumer may touch the ring once it is unmapped. The queue has ended,
                    // so no consumer waits on it holding the lock.
                    consumerLock.lock();
                    try {
                        ringHandedBack = true;
                        ringData.signalAll();
                    } finally {
                        consumerLock.unlock();
                    }
                }
                ring.deleteFile();
                ring.unmap(); // nobody touches the ring any more
            }
            ended.countDown();
        }
    }

    private void readUntilEnd() {
        CaptureEnd result;
        try {
            loop();
            result = endOfStream();
        } catch (ProtocolException e) {
            port.terminate(true);
            int raw = port.reap(0);
            result = new CaptureEnd(CaptureEnd.Reason.ERROR, PortProcess.statusOf(raw), PortProcess.signalOf(raw), e);
        } catch (IOException e) {
            int raw = port.reap(2000);
            result = closing.get() ? new CaptureEnd(CaptureEnd.Reason.STOPPED, PortProcess.statusOf(raw),
                    PortProcess.signalOf(raw), null)
                    : died("reading from the port program failed (" + e.getMessage() + ")", raw);
        } catch (InterruptedException e) {
            port.terminate(true);
            int raw = port.reap(0);
            result = died("the reader thread was interrupted", raw);
        } catch (RuntimeException | Error e) {
            port.terminate(true);
            int raw = port.reap(0);
            result = new CaptureEnd(CaptureEnd.Reason.ERROR, PortProcess.statusOf(raw), PortProcess.signalOf(raw),
                    new CaptureException("the reader failed: " + e, e));
        }
        finish(result);
    }

    private void loop() throws IOException, InterruptedException {
        if (ring != null) {
            // READY, or a start-up ERROR, comes through the pipe first; READY says whether the
            // port could open the ring (it cannot when an exec prefix made it another user).
            while (info == null && !streamEnded && broken == null) readPipe(true);
            if (ringInUse() && mode == Mode.PULL) {
                pipeLoopForPull();
                return;
            }
            if (ringInUse()) {
                ringLoop();
                return;
            }
        }
        while (true) {
            if (mode != Mode.PULL) drainDeferred();
            if (broken != null) throw broken;
            if (streamEnded) return;
            if (!frames.hasFrame()) {
                if (mode == Mode.PULL) {
                    flushBatch();
                    // Wait for room unless a reply is awaited: it may be behind the packets.
                    queue.awaitRoom(() -> channel.idle() && !closing.get());
                }
                if (!frames.fill()) streamEnded = true;
                continue;
            }
            frames.take();
            dispatchFrame(false);
        }
    }

    /**
     * The reader of a push capture with a shared-memory ring: packets from the ring, replies and
     * wake-ups from the pipe. It blocks on the pipe only when the ring is empty, having told the
     * port, which then sends WAKE. (Pull captures: {@link #pipeLoopForPull()}.)
     */
    private void ringLoop() throws IOException, InterruptedException {
        while (true) {
            drainDeferred();
            if (broken != null) throw broken;
            if (streamEnded) {
                // The port is gone: what it published before going is all there is.
                drainRing(false);
                return;
            }
            readPipe(false);
            if (ring.consume(this::ringFrame, RING_READ_BYTES)) {
                if (ring.takeWriterWake()) channel.wakeWriter();
                continue;
            }
            if (spinUntilFrames()) continue;
            if (ring.prepareToSleep()) readPipe(true);
        }
    }

    /**
     * Pull with a ring: consumers take packets from the ring (batchFromRing); this thread reads
     * the pipe, wakes them on WAKE, and once the port is gone moves what is left in the ring to
     * the queue (at most the ring's 4 MiB beyond the queue's bound).
     */
    private void pipeLoopForPull() throws IOException {
        while (!streamEnded && broken == null) {
            readPipe(true);
            signalConsumers();
        }
        // A consumer that found the ring broken waits for the queue's end with the lock held.
        if (broken != null) throw broken;
        consumerLock.lock();
        try {
            ringHandedBack = true;
            drainRing(false);
            flushBatch();
            ringData.signalAll();
        } finally {
            consumerLock.unlock();
        }
        if (broken != null) throw broken;
    }

    private boolean ringInUse() {
        return ring != null && info != null && info.sharedMemory();
    }

    /**
     * Waits a little for frames before the reader blocks on the pipe: the port publishes every
     * 64 KiB, so under load the next frames are microseconds away and a sleep and WAKE would cost
     * more. First a few pause instructions, then yields: on two cores the port, a pull consumer
     * or the JIT may need this CPU, and a yield gives it to them.
     */
    private boolean spinUntilFrames() {
        for (int i = 0; i < RING_SPINS; i++) {
            if (ring.hasFrames()) return true;
            Thread.onSpinWait();
        }
        for (int i = 0; i < RING_YIELDS; i++) {
            if (ring.hasFrames()) return true;
            Thread.yield();
        }
        return false;
    }

    /**
     * Takes the whole frames the pipe has; with {@code block}, waits until at least one has come
     * (a frame read earlier and still buffered counts: the reply a caller waits for may be it).
     */
    private void readPipe(boolean block) throws IOException {
        boolean took = false;
        while (!streamEnded) {
            if (frames.hasFrame()) {
                frames.take();
                dispatchFrame(false);
                took = true;
                continue;
            }
            if ((took || !block) && port.stdout.available() <= 0) return;
            if (!frames.fill()) streamEnded = true;
        }
    }

    /** Everything left in the ring of a port that has ended. */
    private void drainRing(boolean deferring) {
        ringDeferring = deferring;
        try {
            while (ring.consume(this::ringFrame, Integer.MAX_VALUE)) {
                // consume() hands each frame to ringFrame
            }
        } catch (ProtocolException e) {
            broken = e;
        } finally {
            ringDeferring = false;
        }
    }

    private CaptureEnd endOfStream() {
        flushBatch();
        int raw = port.reap(2000);
        int status = PortProcess.statusOf(raw);
        int signal = PortProcess.signalOf(raw);
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
        if (!ready.isDone()) {
            ready.completeExceptionally(result.cause().orElseGet(
                    () -> new PortDiedException("the port program ended before READY", -1, 0, port.stderrTail())));
        }
        channel.failAll(() -> afterEnd(result));
        if (queue != null) queue.end(closing.get());
        PortProcess.closeQuietly(port.stdout);
        PortProcess.closeQuietly(port.stdin);
        if (info != null) {
            try {
                if (mode == Mode.PUSH) handler.onEnd(result);
                else if (mode == Mode.RAW) raw.onEnd(result);
            } catch (RuntimeException | Error e) {
                // The end event is the last word; a handler failing on it changes nothing.
            }
        }
        ended.countDown();
    }

    private void dispatchFrame(boolean deferring) {
        dispatch(frames.type(), frames.buffer(), frames.bodyOffset(), frames.bodyLength(), deferring);
    }

    /** A frame from the ring, in SharedRing's copy: handled as one from the pipe. */
    private void ringFrame(int type, byte[] b, int off, int len) {
        dispatch(type, b, off, len, ringDeferring);
    }

    private void dispatch(int type, byte[] b, int off, int len, boolean deferring) {
        switch (type) {
            case Wire.PACKET:
                packet(b, off, len, deferring);
                break;
            case Wire.READY:
                ready(new Wire.Cursor(b, off, off + len));
                break;
            case Wire.WAKE:
                break; // the ring has frames: the reader's loop takes them
            case Wire.EOF:
                sawEof = true;
                break;
            case Wire.STOPPED:
                sawStopped = true;
                break;
            case Wire.ERROR:
                error(new Wire.Cursor(b, off, off + len));
                break;
            case Wire.STATS: {
                Wire.Cursor c = new Wire.Cursor(b, off, off + len);
                int id = c.s32();
                Stats s = new Stats(c.s64(), c.s64(), c.s64(), c.s64(), c.u8() == 1);
                complete(id, s);
                break;
            }
            case Wire.FILTER_OK:
                complete(Wire.s32(b, off), Boolean.TRUE);
                break;
            case Wire.INJECTED: {
                Wire.Cursor c = new Wire.Cursor(b, off, off + len);
                int id = c.s32();
                complete(id, c.s32());
                break;
            }
            default:
                throw new ProtocolException("unexpected frame type 0x" + Integer.toHexString(type));
        }
    }

    private void ready(Wire.Cursor c) {
        if (info != null) throw new ProtocolException("a second READY");
        int dlt = c.s32();
        int snaplen = c.s32();
        int precision = c.u8();
        int flags = c.u8();
        CaptureInfo i = new CaptureInfo(dlt, snaplen, precision == 1, (flags & 1) != 0, (flags & 2) != 0,
                c.str16(), c.str16(), c.str16(), (flags & 4) != 0);
        if (i.sharedMemory() && ring == null) throw new ProtocolException("READY says ring, but none was given");
        // The port has the ring mapped: the file is no longer needed, and no crash can leave it.
        if (ring != null) ring.deleteFile();
        dataLinkType = dlt;
        info = i;
        ready.complete(i);
    }

    private void error(Wire.Cursor c) {
        int id = c.s32();
        int code = c.u16();
        boolean isFatal = c.u8() != 0;
        EpcapException e = ErrorCode.toException(code, c.rest());
        channel.fail(id, e);
        if (isFatal || info == null) fatal = e;
    }

    private void complete(int id, Object value) {
        channel.complete(id, value);
    }

    private void packet(byte[] b, int off, int len, boolean deferring) {
        if (info == null) throw new ProtocolException("PACKET before READY");
        if (len < Wire.PACKET_HEADER) throw new ProtocolException("PACKET body of " + len + " bytes");
        long sec = Wire.s64(b, off);
        int nsec = Wire.s32(b, off + 8);
        int wireLength = Wire.s32(b, off + 12);
        int dataOff = off + Wire.PACKET_HEADER;
        int caplen = len - Wire.PACKET_HEADER;
        if (dropping()) return;
        if (mode == Mode.RAW && !deferring) {
            frames.expose(true);
            try {
                raw.onPacket(dataLinkType, b, dataOff, caplen, carrySeconds(sec, nsec), carryNanos(nsec), wireLength);
            } catch (RuntimeException | Error e) {
                handlerFailed(e);
            } finally {
                frames.expose(false);
            }
            return;
        }
        accept(sec, nsec, wireLength, Arrays.copyOfRange(b, dataOff, dataOff + caplen), deferring);
    }

    /** Packets after close(), or after a handler failed, are not wanted. */
    private boolean dropping() {
        return mode == Mode.PULL ? closing.get() : discarding();
    }

    /*
     * A file may hold an impossible sub-second field and libpcap passes it on; carried into the
     * seconds, the time is the same and nanos() stays in range.
     */
    private static long carrySeconds(long sec, int nsec) {
        return nsec >= 0 && nsec < 1_000_000_000 ? sec : sec + (nsec & 0xffffffffL) / 1_000_000_000L;
    }

    private static int carryNanos(int nsec) {
        return nsec >= 0 && nsec < 1_000_000_000 ? nsec : (int) ((nsec & 0xffffffffL) % 1_000_000_000L);
    }

    private void accept(long sec, int nsec, int wireLength, byte[] data, boolean deferring) {
        Packet p = new Packet(dataLinkType, carrySeconds(sec, nsec), carryNanos(nsec), wireLength, data);
        if (mode == Mode.PULL) {
            if (batchCount == batch.length) batch = Arrays.copyOf(batch, batchCount * 2);
            batch[batchCount++] = p;
            batchBytes += data.length + PacketQueue.PACKET_OVERHEAD;
        } else if (deferring) {
            deferred.add(p);
        } else {
            deliver(p);
        }
    }

    private void deliver(Packet p) {
        try {
            if (mode == Mode.PUSH) {
                handler.onPacket(p);
            } else {
                raw.onPacket(p.dataLinkType(), p.array(), 0, p.caplen(), p.epochSecond(), p.nanos(), p.length());
            }
        } catch (RuntimeException | Error e) {
            handlerFailed(e);
        }
    }

    private void drainDeferred() {
        Packet p;
        while ((p = deferred.poll()) != null) {
            if (discarding()) {
                deferred.clear();
                return;
            }
            deliver(p);
        }
    }

    private boolean discarding() {
        return handlerFailure != null || closing.get();
    }

    private void handlerFailed(Throwable t) {
        if (handlerFailure != null) return;
        handlerFailure = t;
        channel.sendStop();
    }

    private void flushBatch() {
        if (batchCount == 0) return;
        Packet[] full = batchCount == batch.length ? batch : Arrays.copyOf(batch, batchCount);
        queue.put(full, batchBytes);
        batch = new Packet[Math.max(256, batchCount)];
        batchCount = 0;
        batchBytes = 0;
    }

    @Override
    public String toString() {
        return "Epcap[" + port.name + ", " + (info == null ? "starting" : info.source())
                + (end == null ? "" : ", " + end) + "]";
    }
}
