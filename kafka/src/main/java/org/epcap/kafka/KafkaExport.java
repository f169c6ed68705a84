package org.epcap.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.epcap.CaptureEnd;
import org.epcap.Epcap;
import org.epcap.EpcapException;
import org.epcap.RawPacketHandler;
import org.epcap.Stats;
import org.epcap.flow.FlowConfig;
import org.epcap.kafka.json.ExtractorConfig;

/**
 * Publishes a capture into a Kafka topic as packets, flow records or events
 * ({@link RecordKind}), with the official producer: idempotent, {@code acks=all}.
 *
 * <pre>{@code
 * try (KafkaExport export = KafkaExport.builder("10.0.0.5:9092", "packets")
 *              .reportEvery(Duration.ofSeconds(10), r -> System.err.println(r))
 *              .build();
 *      Epcap capture = Epcap.start(Options.live("eth0"), export)) {
 *     export.attach(capture);          // kernel drops in the reports
 *     capture.awaitEnd(Duration.ofMinutes(5));
 * }                                     // the capture closes first, then the export flushes
 * System.err.println(export.report()); // captured, sent, acknowledged, dropped where
 * }</pre>
 *
 * <p><b>Backpressure.</b> The export is the capture's handler: when the brokers are slower than
 * the capture, the producer's bounded buffer fills, {@link #onPacket} waits in the producer's
 * {@code send}, the reader thread stops reading the port, the port stops reading the kernel, and
 * the kernel drops and counts ({@link ExportReport#kernelDropped()}). There is no queue of its
 * own anywhere.
 *
 * <p><b>Losing nothing.</b> Every record handed to the producer ends acknowledged or failed:
 * {@link #close} waits up to the close timeout for the acknowledgements, and records still in
 * flight then are failed and counted.
 *
 * <p><b>Threads.</b> {@link #onPacket}, {@link #onEnd}, {@link #accept} and {@link #finish} run
 * on one thread: the capture's reader thread, or the thread that feeds packets from elsewhere.
 * {@link #report}, {@link #attach} and {@link #close} may be called from any thread; the
 * periodic report runs on a daemon thread of its own. Close the capture before the export (as
 * try-with-resources does when the export is declared first), so that {@link #onEnd} has
 * published what the capture left open.
 */
public final class KafkaExport implements RawPacketHandler, AutoCloseable {
    private final RecordSender sender;
    private final RecordMaker maker;
    private final Duration closeTimeout;
    private final Consumer<ExportReport> reports;
    private final ScheduledExecutorService timer;
    private volatile Epcap attached;
    private volatile Stats lastStats;
    private long taken;
    private volatile long takenSeen;
    private volatile boolean finished;
    private volatile boolean closed;

    private KafkaExport(Builder b) {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                ProducerSettings.of(b.bootstrapServers, "epcap-" + b.host, b.producer));
        this.sender = new RecordSender(producer, b.bootstrapServers);
        this.maker = switch (b.kind) {
            case PACKETS -> new PacketRecordMaker(b.topic, b.layout, b.flowConfig, b.interfaceName, b.host, sender);
            case FLOWS -> new FlowRecordMaker(b.topic, b.flowConfig, sender);
            case EVENTS -> new EventRecordMaker(b.topic, b.extractorConfig, sender);
        };
        this.closeTimeout = b.closeTimeout;
        this.reports = b.reports;
        if (b.reports != null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "epcap-kafka-report");
                t.setDaemon(true);
                return t;
            });
            long every = b.reportEvery.toMillis();
            timer.scheduleAtFixedRate(this::periodicReport, every, every, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    /**
     * An export to {@code topic} through the cluster at {@code bootstrapServers}
     * ({@code host:port[,host:port...]}).
     */
    public static Builder builder(String bootstrapServers, String topic) {
        return new Builder(bootstrapServers, topic);
    }

    @Override
    public void onPacket(int dataLinkType, byte[] buf, int off, int caplen, long sec, int nsec, int length) {
        accept(dataLinkType, sec * 1_000_000_000L + nsec, buf, off, caplen, length);
    }

    /**
     * One packet from a source other than a capture (a file read with {@code PcapReader}, bytes
     * from elsewhere); the bytes are copied before the call returns. Waits while the producer's
     * buffer is full.
     *
     * @param dataLinkType the {@code DLT_*} link type
     * @param timeNanos    capture time, nanoseconds since the epoch
     * @param wireLength   the packet's length on the wire (at least {@code caplen})
     * @throws KafkaExportException when Kafka took no record within {@code max.block.ms}
     */
    public void accept(int dataLinkType, long timeNanos, byte[] buf, int off, int caplen, int wireLength) {
        if (finished) {
            throw new IllegalStateException("the export has finished: no more packets");
        }
        takenSeen = ++taken;
        maker.accept(dataLinkType, buf, off, caplen, timeNanos, wireLength);
    }

    @Override
    public void onEnd(CaptureEnd end) {
        finish();
    }

    /** The packets have ended: publishes what the flow table or the event decoder still hold. */
    public void finish() {
        if (!finished) {
            finished = true;
            maker.finish();
        }
    }

    /**
     * Takes the kernel's counters from {@code capture} for the reports (see {@link ExportReport}),
     * read at each periodic report and at {@link #close}. Asks nothing now: the capture's reader
     * thread may be busy in this export, and would not read the reply.
     */
    public void attach(Epcap capture) {
        this.attached = Objects.requireNonNull(capture);
    }

    /** The counts now, with the kernel's counters last read from the attached capture (if any). */
    public ExportReport report() {
        return report(lastStats);
    }

    /** The counts now, with {@code kernel}'s counters (null or unavailable: unknown). */
    public ExportReport report(Stats kernel) {
        boolean known = kernel != null && kernel.available();
        return new ExportReport(known ? kernel.received() : -1, known ? kernel.dropped() : -1,
                known ? kernel.interfaceDropped() : -1, takenSeen, sender.sent(), sender.acknowledged(),
                sender.failed(), sender.blockedNanos(), maker.flowsEvicted(), maker.boundsHit(),
                Optional.ofNullable(sender.firstError()));
    }

    private void refreshStats() {
        Epcap cap = attached;
        if (cap == null) {
            return;
        }
        try {
            lastStats = cap.stats();
        } catch (EpcapException e) {
            // The capture has ended: its last counters stand.
        }
    }

    private void periodicReport() {
        if (closed) {
            return;
        }
        refreshStats();
        reports.accept(report());
    }

    /**
     * Flushes the producer and waits up to the close timeout for every acknowledgement; what is
     * still in flight then fails and is counted. After a record timed out
     * ({@link KafkaExportException}) it does not wait. The final report goes to the report consumer,
     * if one was given. Close the capture first.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        refreshStats();
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
        }
        // After a timeout the brokers are gone or far behind: what is in flight fails now.
        sender.close(sender.timedOut() ? Duration.ZERO : closeTimeout);
        if (reports != null) {
            reports.accept(report());
        }
    }

    /** Settings of a {@link KafkaExport}. Not thread-safe. */
    public static final class Builder {
        private final String bootstrapServers;
        private final String topic;
        private RecordKind kind = RecordKind.PACKETS;
        private PacketLayout layout = PacketLayout.COMMUNITY_ID;
        private FlowConfig flowConfig = FlowConfig.defaults();
        private ExtractorConfig extractorConfig = ExtractorConfig.defaults();
        private String interfaceName;
        private String host = localHostName();
        private final Map<String, String> producer = new LinkedHashMap<>();
        private Duration closeTimeout = Duration.ofSeconds(30);
        private Duration reportEvery;
        private Consumer<ExportReport> reports;

        private Builder(String bootstrapServers, String topic) {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("no bootstrap servers given (host:port[,host:port...])");
            }
            if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("'" + topic + "' is not a Kafka topic name "
                        + "(1 to 249 of letters, digits, '.', '_', '-')");
            }
            this.bootstrapServers = bootstrapServers;
            this.topic = topic;
        }

        /** What to publish (default {@link RecordKind#PACKETS}). */
        public Builder kind(RecordKind kind) {
            this.kind = Objects.requireNonNull(kind);
            return this;
        }

        /** How packet records are keyed (default {@link PacketLayout#COMMUNITY_ID}). */
        public Builder packetLayout(PacketLayout layout) {
            this.layout = Objects.requireNonNull(layout);
            return this;
        }

        /** The flow table's bounds and the Community ID seed (default {@link FlowConfig#defaults()}). */
        public Builder flowConfig(FlowConfig config) {
            this.flowConfig = Objects.requireNonNull(config);
            return this;
        }

        /** The event decoder's bounds (default {@link ExtractorConfig#defaults()}). */
        public Builder extractorConfig(ExtractorConfig config) {
            this.extractorConfig = Objects.requireNonNull(config);
            return this;
        }

        /** The interface or file name each packet record carries (default none). */
        public Builder interfaceName(String name) {
            this.interfaceName = name;
            return this;
        }

        /** The capture host each record carries, and the producer's client id (default the host name). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /**
         * A producer setting over the export's defaults ({@code acks=all}, idempotence,
         * {@code batch.size=131072}, {@code linger.ms=5}, {@code buffer.memory=33554432}).
         *
         * @throws IllegalArgumentException for a name the producer does not know, or for the
         *                                  serializers and bootstrap servers, which are the export's
         */
        public Builder producerSetting(String name, String value) {
            producer.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            ProducerSettings.of(bootstrapServers, "check", producer);
            return this;
        }

        /** How long {@link KafkaExport#close} waits for acknowledgements (default 30 s). */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** A report every {@code every}, and a final one at close, given to {@code to}. */
        public Builder reportEvery(Duration every, Consumer<ExportReport> to) {
            if (every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("the report interval must be positive, got " + every);
            }
            this.reportEvery = every;
            this.reports = Objects.requireNonNull(to);
            return this;
        }

        /**
         * Starts the producer (it connects on the first record).
         *
         * @throws org.apache.kafka.common.KafkaException when the producer's settings are refused
         */
        public KafkaExport build() {
            return new KafkaExport(this);
        }

        private static String localHostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        }
    }
}
