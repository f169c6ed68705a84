package org.epcap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *
 * <h2>Inside</h2>
 * A facade: {@link PortReader} runs the reader thread over a {@link FrameSource} (pipe or
 * ring), {@link FrameDispatcher} decodes frames into {@link PortEvent}s, a {@link Delivery}
 * (push, raw or pull) hands packets over, and {@link PortChannel} owns the port's stdin, request
 * ids and replies (docs/architecture.md).
 */
public final class Epcap implements AutoCloseable, Iterable<Packet> {
    /** How long a request ({@code send}, {@code stats}, {@code setFilter}) waits for its reply. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Options options;
    private final PortProcess port;
    private final PortChannel channel;
    private final Delivery delivery;
    /** The delivery when this is a pull capture; null for push and raw. */
    private final PullDelivery pull;
    private final PortReader reader;
    private final AtomicBoolean closing = new AtomicBoolean();

    private Epcap(Options options, boolean linked, PortProcess port, SharedRing ring, Deliveries how) {
        this.options = options;
        this.port = port;
        this.channel = new PortChannel(port);
        this.delivery = how.create(options, channel, closing);
        this.pull = delivery instanceof PullDelivery p ? p : null;
        this.reader = new PortReader(port, PortProgram.choose(options), channel, delivery, ring, closing,
                linked);
    }

    /** Makes the delivery once the channel and the closing flag exist. */
    @FunctionalInterface
    private interface Deliveries {
        Delivery create(Options options, PortChannel channel, AtomicBoolean closing);
    }

    /**
     * Starts a capture whose packets are pulled with {@link #next()} and friends; its end is an
     * event ({@code next()} returns null).
     *
     * @throws EpcapException a typed subclass when the port cannot start the capture
     */
    public static Epcap start(Options options) {
        return launch(options, false, Epcap::pull, false);
    }

    /** As {@link #start(Options)}, linked: an abnormal end is thrown by the owner's next call. */
    public static Epcap startLink(Options options) {
        return launch(options, true, Epcap::pull, false);
    }

    /** Starts a capture that calls {@code handler} on its reader thread. */
    public static Epcap start(Options options, PacketHandler handler) {
        return launch(options, false, push(handler), false);
    }

    /** As {@link #start(Options, PacketHandler)}, linked. */
    public static Epcap startLink(Options options, PacketHandler handler) {
        return launch(options, true, push(handler), false);
    }

    /** Starts a capture that calls the allocation-free {@code handler} on its reader thread. */
    public static Epcap start(Options options, RawPacketHandler handler) {
        return launch(options, false, raw(handler), true);
    }

    /** As {@link #start(Options, RawPacketHandler)}, linked. */
    public static Epcap startLink(Options options, RawPacketHandler handler) {
        return launch(options, true, raw(handler), true);
    }

    private static Delivery pull(Options options, PortChannel channel, AtomicBoolean closing) {
        return new PullDelivery(options.queueBytes(), () -> !channel.idle(), closing);
    }

    private static Deliveries push(PacketHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return (options, channel, closing) -> new PushDelivery(handler, channel::sendStop, closing);
    }

    private static Deliveries raw(RawPacketHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return (options, channel, closing) -> new RawDelivery(handler, channel::sendStop, closing);
    }

    /**
     * {@code raw}: a raw handler reads each packet in place, so the ring copies runs of small
     * records to the heap in bulk, that handler's one copy; a {@link Packet} is copied once,
     * straight from the mapping (bench/ring-bench.sh measured both ways for both).
     */
    /** A regular file smaller than the ring: its packets are better through the pipe (see Options). */
    private static boolean smallFile(Options options) {
        Path file = options.file().orElse(null);
        try {
            return file != null && Files.isRegularFile(file) && Files.size(file) < SharedRing.DEFAULT_CAPACITY;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static Epcap launch(Options options, boolean linked, Deliveries how, boolean raw) {
        PortProgram.locate(options);
        List<String> prefix = ExecPolicy.prefix(options);
        if (!prefix.isEmpty()) PortProgram.requireCommand(prefix.get(0));
        boolean wantRing = options.sharedMemory() && (options.sharedMemoryChosen() || !smallFile(options));
        SharedRing ring = wantRing
                ? SharedRing.create(SharedRing.DEFAULT_CAPACITY, raw ? SharedRing.SMALL_RECORD : 0) : null;
        if (wantRing && ring == null) {
            Log.LOGGER.log(System.Logger.Level.INFO, "no shared-memory ring (/dev/shm is missing, full or not"
                    + " writable): packets come through the pipe");
        }
        PortProcess port;
        try {
            List<String> argv = options.command(prefix, ring == null ? List.of() : List.of("-R", ring.path().toString()));
            port = PortProcess.spawn(argv, options.verbose() > 0);
            Log.LOGGER.log(System.Logger.Level.DEBUG, "{0}: started pid {1}: {2}", port.name, String.valueOf(port.pid()),
                    String.join(" ", argv));
        } catch (RuntimeException e) {
            if (ring != null) {
                ring.deleteFile();
                ring.unmap();
            }
            throw e;
        }
        Epcap cap = new Epcap(options, linked, port, ring, how);
        cap.reader.start();
        try {
            cap.awaitReady();
        } catch (PortDiedException e) {
            PortProgram.Choice program = PortProgram.choose(options);
            if (SudoCheck.refuses(prefix, program.path())) {
                // A sudo rule for the bundled port's cached copy would let its user run anything as root.
                String rule = program.source() == PortProgram.Source.BUNDLED ? ""
                        : "; or add a sudo rule for it (README, 'Capture rights without a root JVM')";
                throw new PermissionDeniedException("'" + String.join(" ", prefix) + "' may not run the port program "
                        + program.path() + ". To capture without sudo, install the port for the group"
                        + " epcap (it goes to " + PortProgram.SYSTEM_PATH + ", where the library finds it): "
                        + PortInstall.howTo(System.getProperty("user.name")) + "; then log in again" + rule, e);
            }
            throw e;
        }
        return cap;
    }

    private void awaitReady() {
        try {
            reader.ready.get(options.readyTimeout().toNanos(), TimeUnit.NANOSECONDS);
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
     * What stands between this JVM and a live capture with these options' port program, each
     * problem with the command that fixes it; starts no capture.
     *
     * <pre>{@code
     * System.out.print(Epcap.diagnose(Options.builder().build()).report());
     * }</pre>
     */
    public static Diagnosis diagnose(Options options) {
        return Diagnosis.of(options);
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

    /**
     * The link-layer types and time-stamp types of the interface {@code options} name (the
     * default device when none), as {@code tcpdump -L} and {@code tcpdump -J} list them. Runs
     * the port program with {@code -l} through the exec prefix a capture with these options
     * would use: libpcap lists link-layer types only of an opened device, so this needs capture
     * rights. {@link Options.Builder#monitor(boolean)} lists the types of monitor mode.
     *
     * <pre>{@code
     * InterfaceTypes t = Epcap.interfaceTypes(Options.builder().interfaceName("eth0").build());
     * t.linkTypes();      // [LinkType[value=1, name=EN10MB, description=Ethernet], LinkType[value=143, name=DOCSIS, ...]]
     * t.timestampTypes(); // [TimestampType[value=0, name=host, description=Host], ...]
     * }</pre>
     *
     * @throws EpcapException a typed subclass, as {@link #start(Options)} would throw for the
     *                        device (no such device, permission denied, ...)
     */
    public static InterfaceTypes interfaceTypes(Options options) {
        return InterfaceLister.types(options);
    }

    /** The link-layer types of {@code interfaceName}: {@link #interfaceTypes(Options)}' list. */
    public static List<InterfaceTypes.LinkType> linkTypes(String interfaceName) {
        return interfaceTypes(Options.builder().interfaceName(interfaceName).build()).linkTypes();
    }

    /** The time-stamp types of {@code interfaceName}: {@link #interfaceTypes(Options)}' list. */
    public static List<InterfaceTypes.TimestampType> timestampTypes(String interfaceName) {
        return interfaceTypes(Options.builder().interfaceName(interfaceName).build()).timestampTypes();
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
        return p == PullDelivery.ENDED ? null : p;
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
        if (p == PullDelivery.ENDED) {
            // close() ends the queue before the reader has recorded how the capture ended.
            CaptureEnd e = reader.end();
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

    /** A packet; null when none came within nanos (never for nanos &lt; 0); or the end. */
    private Packet take(long nanos) {
        requirePull();
        Packet p = pull.take(nanos);
        if (p == PullDelivery.ENDED) {
            CaptureEnd e = reader.end();
            if (e != null) raiseIfLinked(e);
        }
        return p;
    }

    private void requirePull() {
        if (pull == null) throw new IllegalStateException("this capture pushes packets to a handler");
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
        CaptureEnd e = reader.end();
        if (e != null) throw reader.endedException(e);
        if (closing.get()) throw new CaptureEndedException(new CaptureEnd(CaptureEnd.Reason.STOPPED, -1, 0, null));
        CompletableFuture<Object> reply = new CompletableFuture<>();
        byte[] frame = Wire.request(type, 0, payload);
        int id = channel.register(reply, frame.length);
        Wire.putS32(frame, 5, id);
        // The reader may have failed and cleared the pending replies just before the register.
        CaptureEnd endedMeanwhile = reader.end();
        if (endedMeanwhile != null && channel.forget(id)) throw reader.endedException(endedMeanwhile);
        if (pull != null) pull.wakeReader();
        if (reader.isReaderThread()) {
            reader.readAheadFor(frame, reply);
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

    private EpcapException deadPipe(IOException ex) {
        try {
            reader.ended.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        CaptureEnd e = reader.end();
        if (e != null) return reader.endedException(e);
        return new PortDiedException("cannot write to the port program (" + ex.getMessage() + ")", -1, 0,
                port.stderr.lastLines(10));
    }

    private void raiseIfLinked(CaptureEnd e) {
        EpcapException cause = reader.linkedCause(e);
        if (cause != null) throw cause;
    }

    // ---------------------------------------------------------------- state and end

    /** What the port said when the capture opened. */
    public CaptureInfo info() {
        return reader.info();
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
        return Optional.ofNullable(reader.end());
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
            if (!reader.ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EpcapException(null, "interrupted while waiting for the end", e);
        }
        CaptureEnd e = reader.end();
        raiseIfLinked(e);
        return Optional.of(e);
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
            if (!reader.isReaderThread()) joinThreads();
            return;
        }
        if (pull != null) pull.discard();
        channel.sendStop();
        if (reader.isReaderThread()) return;
        joinThreads();
    }

    private void joinThreads() {
        Thread t = reader.thread();
        if (!join(t, 3000)) {
            port.terminate(true);
            if (!join(t, 2000)) {
                PortProcess.closeQuietly(port.stdout);
                join(t, 2000);
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

    @Override
    public String toString() {
        CaptureInfo info = reader.info();
        CaptureEnd end = reader.end();
        return "Epcap[" + port.name + ", " + (info == null ? "starting" : info.source())
                + (end == null ? "" : ", " + end) + "]";
    }
}
