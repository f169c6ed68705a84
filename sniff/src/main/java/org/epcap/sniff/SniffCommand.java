package org.epcap.sniff;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.epcap.BadOptionException;
import org.epcap.Direction;
import org.epcap.EpcapException;
import org.epcap.Options;
import org.epcap.TimestampUnit;
import org.epcap.Timeout;
import org.epcap.kafka.KafkaExport;
import org.epcap.kafka.KafkaExportException;
import org.epcap.kafka.PacketLayout;
import org.epcap.kafka.RecordKind;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The {@code sniff} command: capture from an interface or read a file, print each packet
 * decoded (text or JSON), optionally save the packets to a pcap or pcapng file.
 *
 * <pre>{@code
 * int status = SniffCommand.commandLine(System.out, System.err).execute("-r", "trace.pcap", "--json", "tcp");
 * }</pre>
 *
 * Exit status: 0 done, 1 the capture failed (the port's typed message is printed), 2 usage.
 */
public final class SniffCommand implements Callable<Integer> {
    // The flags' values, set by picocli as CommandModel describes each flag (its names, its
    // help); a field keeps its initial value when its flag is absent.
    CommandSpec spec;
    String interfaceName;
    Path file;
    Path write;
    boolean pcapng;
    Long count;
    Integer snaplen;
    boolean promiscuous;
    boolean monitor;
    Integer buffer;
    String timeout;
    String direction;
    String timeUnit;
    boolean nano;
    String user;
    String group;
    Path chroot;
    String exec;
    Integer clusterId;
    String cpuAffinity;
    boolean[] verbose = new boolean[0];
    boolean listInterfaces;
    boolean listDataLinkTypes;
    Integer statsEvery;
    boolean json;
    String format;
    boolean oneline;
    boolean[] noNames = new boolean[0];
    boolean linkHeader;
    boolean quiet;
    boolean absoluteSequences;
    boolean[] timeFlags = new boolean[0];
    boolean[] hex = new boolean[0];
    boolean[] hexAscii = new boolean[0];

    /** -X NAME=VALUE settings, in the order given (filled by {@link KafkaSettingOption}). */
    final Map<String, String> kafkaSettings = new LinkedHashMap<>();

    boolean flows;
    boolean follow;
    Long followStream;
    String followFormat;
    Long followBuffer;
    String kafka;
    String fromKafka;
    String topic;
    String kind;
    boolean metron;
    String captureHost;
    String since;
    String until;
    boolean[] ascii = new boolean[0];
    String timeStampPrecision;
    boolean lineBuffered;
    boolean packetBuffered;
    Path filterFile;
    boolean listDevices;
    boolean doctor;
    String linkType;
    String timeStampType;
    boolean listTimeStampTypes;
    Long rotateMillions;
    Long rotateSeconds;
    Integer rotateCount;
    String dropUser;
    List<String> filterWords = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;

    /** A command printing to the process's stdout and stderr. */
    public SniffCommand() {
        this(System.out, System.err);
    }

    /** A command printing reports to {@code out} and diagnostics and the summary to {@code err}. */
    public SniffCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    // Reports reach fd 1 through Output's 64 KiB buffer, not System.out's 8 KiB one; this
    // PrintStream adds no buffer of its own and records a closed pipe for Output to see.
    private static final PrintStream STDOUT = new PrintStream(new FileOutputStream(FileDescriptor.out), false);

    public static void main(String[] args) {
        StartupWarmup.start();
        skipUnusedPicocliFeatures();
        int status = commandLine(STDOUT, System.err).execute(args);
        System.exit(status);
    }

    /**
     * Turns off two things picocli does as it starts that sniff has no use for. It registers a
     * converter for each java.time and java.sql type, loading and initialising some twenty
     * classes by reflection; sniff has no flag of those types. And it looks for Groovy's
     * {@code groovy.lang.Closure}, which searches every jar of the class path (the Kafka client's
     * among them) before it fails. Set by the tool's own process (main, the archive's training
     * run), not by {@link #commandLine}; a value given with -D on the command line is kept.
     */
    static void skipUnusedPicocliFeatures() {
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", "java\\.sql\\..*,java\\.time\\..*");
        }
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
    }

    /** A picocli command line set up as the tool uses it, printing to {@code out} and {@code err}. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        SniffCommand command = new SniffCommand(out, err);
        command.spec = CommandModel.of(command);
        CommandLine cl = new CommandLine(command.spec);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setUnmatchedOptionsArePositionalParams(false);
        // A usage error is one line naming the flag, not the whole help.
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("sniff: " + ex.getMessage());
            // picocli's "Did you mean" for a mistyped flag.
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.getErr().println("Try 'sniff --help' for more information.");
            return c.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cl;
    }

    @Override
    public Integer call() {
        if (listInterfaces || listDevices) {
            return runGuarded(() -> InterfaceList.print(out));
        }
        if (listDataLinkTypes || listTimeStampTypes) {
            if (file != null) {
                throw usage((listDataLinkTypes ? "-L" : "-J") + " lists an interface's types; it cannot be combined with -r");
            }
            Options options = options();
            return runGuarded(() -> {
                if (listDataLinkTypes) TypeList.printLinkTypes(options, out);
                else TypeList.printTimestampTypes(options, out, err);
            });
        }
        if (!kafkaSettings.isEmpty() && kafka == null && fromKafka == null) {
            throw usage("-X " + kafkaSettings.keySet().iterator().next()
                    + "=...: a Kafka setting needs --kafka or --from-kafka");
        }
        if ((topic != null || kind != null || metron || captureHost != null) && kafka == null && fromKafka == null) {
            throw usage("--topic, --kind, --metron and --capture-host need --kafka or --from-kafka");
        }
        if ((since != null || until != null) && fromKafka == null) {
            throw usage("--since and --until choose the window of --from-kafka");
        }
        if (followChosen() && (kafka != null || fromKafka != null)) {
            throw usage("--follow prints TCP streams; it does not combine with --kafka or --from-kafka");
        }
        if (flows && (kafka != null || fromKafka != null)) {
            throw usage("--flows prints flows; to publish them, use --kafka with --kind flows");
        }
        if (fromKafka != null) {
            FromKafka reader = fromKafka();
            try {
                return runGuarded(() -> reader.run(err));
            } catch (IllegalStateException | IllegalArgumentException | org.apache.kafka.common.KafkaException e) {
                // No such topic, the end not reached in time, a record that is not a packet.
                err.println("sniff: --from-kafka: " + e.getMessage());
                return 1;
            }
        }
        Options options = options();
        if (doctor) {
            org.epcap.Diagnosis d = org.epcap.Epcap.diagnose(options);
            out.print(d.report());
            out.flush();
            return d.ok() ? 0 : 1;
        }
        boolean toStdout = write != null && "-".equals(write.toString());
        if (toStdout && followChosen()) {
            throw usage("-w - writes the capture to standard output: --follow would have nowhere to print");
        }
        Output output = new Output(out, packetBuffered ? Output.Flush.PACKET
                : lineBuffered || (out == STDOUT && Terminal.stdoutIsTerminal()) ? Output.Flush.LINE : Output.Flush.FULL);
        KafkaExport export = kafka == null ? null : kafkaExport(options);
        KafkaReporter toKafka = export == null ? null : new KafkaReporter(export);
        Reporter reporter = toKafka != null ? toKafka : toStdout ? Reporter.NONE : reporter(output);
        CaptureRun run = new CaptureRun(options, reporter, err)
                .count(count == null ? 0 : count)
                .statsEvery(statsEvery == null ? null : Duration.ofSeconds(statsEvery))
                .write(saveTo(toStdout));
        if (export == null) {
            return runGuarded(run::run);
        }
        run.onStart(export::attach);
        int status;
        try {
            status = runGuarded(run::run);
        } catch (KafkaExportException e) {
            err.println("sniff: " + e.getMessage());
            status = 1;
        } finally {
            if (!toKafka.finish(err, run.kernelStats())) {
                err.println("sniff: some records were not acknowledged by Kafka (see 'failed' above)");
            }
        }
        return status == 0 && export.report().recordsFailed() > 0 ? 1 : status;
    }

    /**
     * Kept referenced (java.util.logging holds its loggers weakly, and would forget the level),
     * and in a class of its own: logging starts only for a run that talks to Kafka.
     */
    private static final class KafkaLogs {
        static final java.util.logging.Logger LOGGER = java.util.logging.Logger.getLogger("org.apache.kafka");
    }

    // The client logs its whole configuration at INFO and each failed connection attempt at WARN:
    // sniff's stderr is for the summary and for what went wrong, which sniff says itself.
    private static void quietKafka() {
        KafkaLogs.LOGGER.setLevel(java.util.logging.Level.SEVERE);
    }

    private KafkaExport kafkaExport(Options options) {
        quietKafka();
        if (topic == null) throw usage("--kafka needs --topic TOPIC");
        RecordKind k = switch (kind == null ? "packets" : normalized(kind)) {
            case "packets" -> RecordKind.PACKETS;
            case "flows" -> RecordKind.FLOWS;
            case "events" -> RecordKind.EVENTS;
            default -> throw usage("--kind: must be packets, flows or events, got '" + kind + "'");
        };
        if (metron && k != RecordKind.PACKETS) throw usage("--metron is a layout of --kind packets");
        try {
            KafkaExport.Builder b = KafkaExport.builder(kafka, topic).kind(k)
                    .packetLayout(metron ? PacketLayout.METRON : PacketLayout.COMMUNITY_ID);
            if (captureHost != null) b.host(captureHost);
            options.interfaceName().or(() -> options.file().map(Path::toString)).ifPresent(b::interfaceName);
            kafkaSettings.forEach(b::producerSetting);
            if (statsEvery != null) {
                b.reportEvery(Duration.ofSeconds(statsEvery), r -> err.println("kafka: " + r));
            }
            return b.build();
        } catch (IllegalArgumentException | org.apache.kafka.common.KafkaException e) {
            throw usage("--kafka: " + e.getMessage());
        }
    }

    /** An ISO 8601 instant or decimal seconds since the epoch, as nanoseconds since the epoch. */
    private long captureTime(String option, String text) {
        try {
            if (text.matches("-?[0-9]+(\\.[0-9]{0,9})?")) {
                return new java.math.BigDecimal(text).movePointRight(9).longValueExact();
            }
            java.time.Instant t = java.time.Instant.parse(text);
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
            throw usage(option + ": '" + text + "' is neither an ISO 8601 instant (2026-12-02T11:00:00Z) nor "
                    + "seconds since the epoch");
        }
    }

    private FromKafka fromKafka() {
        quietKafka();
        if (kafka != null) throw usage("--kafka and --from-kafka cannot be combined");
        if (topic == null) throw usage("--from-kafka needs --topic TOPIC");
        if (write == null || "-".equals(write.toString())) throw usage("--from-kafka needs -w FILE");
        if (file != null || interfaceName != null) throw usage("--from-kafka reads a topic: no -r or -i");
        if (kind != null || metron) throw usage("--kind and --metron are for --kafka; --from-kafka reads packets");
        long sinceNanos = since == null ? Long.MIN_VALUE : captureTime("--since", since);
        long untilNanos = until == null ? Long.MAX_VALUE : captureTime("--until", until);
        return new FromKafka(fromKafka, topic, kafkaSettings, write, pcapng, count == null ? 0 : count,
                Duration.ofMinutes(10), new FromKafka.Window(captureHost, sinceNanos, untilNanos));
    }

    private Reporter reporter(Output output) {
        if (followChosen()) {
            return followReporter(output);
        }
        if (flows) {
            if (json || format != null || onelineChosen()) {
                throw usage("--flows prints flow records: it does not combine with the packet reports' flags");
            }
            return new FlowReporter(output, org.epcap.flow.FlowConfig.defaults());
        }
        boolean nanos = nano || "nanosecond".equals(normalized(timeUnit)) || "nano".equals(normalized(timeStampPrecision));
        if (json) {
            return new JsonReporter(output, ReportStyle.DEFAULT.withFormat(packetFormat()));
        }
        if (onelineChosen()) {
            if (format != null) {
                throw usage("--format adds the packet to the report; with the one-line output use -x, -X or -A");
            }
            return new LineReporter(output, lineStyle(nanos));
        }
        return new TextReporter(output, ReportStyle.DEFAULT.withFormat(packetFormat()).withNanos(nanos));
    }

    private boolean followChosen() {
        return follow || followStream != null || followFormat != null || followBuffer != null;
    }

    private Reporter followReporter(Output output) {
        if (json || format != null || onelineChosen() || flows) {
            throw usage("--follow prints TCP streams: it does not combine with --flows or the packet reports' flags");
        }
        FollowFormat f = followFormat == null ? FollowFormat.RAW : FollowFormat.parse(followFormat);
        if (f == null) throw usage("--follow-format: must be raw, ascii or hex, got '" + followFormat + "'");
        if (followStream != null && followStream < 0) {
            throw usage("--follow-stream: must be a stream number (0 or more), got " + followStream);
        }
        if (followBuffer != null && followBuffer < 0) {
            throw usage("--follow-buffer: must be a number of bytes (0 or more), got " + followBuffer);
        }
        return new FollowReporter(output, err, f, followStream == null ? -1 : followStream,
                followBuffer == null ? DEFAULT_FOLLOW_BUFFER : followBuffer,
                org.epcap.flow.tcp.ReassemblyConfig.defaults());
    }

    /** --follow-buffer's default: 32 MiB of text (16 MiB of payload in raw form). */
    static final long DEFAULT_FOLLOW_BUFFER = 32L << 20;

    private boolean onelineChosen() {
        return oneline || linkHeader || quiet || absoluteSequences || timeFlags.length > 0 || hex.length > 0 || hexAscii.length > 0
                || ascii.length > 0;
    }

    LineStyle lineStyle(boolean nanos) {
        if (timeFlags.length > 5) {
            throw usage("-t: at most -ttttt, got " + timeFlags.length + " t's");
        }
        PacketDump dump = hexAscii.length > 0 ? PacketDump.HEX_ASCII
                : hex.length > 0 ? PacketDump.HEX : ascii.length > 0 ? PacketDump.ASCII : PacketDump.NONE;
        boolean whole = hexAscii.length > 1 || (hexAscii.length == 0 && hex.length > 1)
                || (hexAscii.length == 0 && hex.length == 0 && ascii.length > 1);
        return new LineStyle(TimeStamps.Style.ofCount(timeFlags.length), nanos, linkHeader, quiet, dump, whole,
                java.time.ZoneId.systemDefault(), absoluteSequences);
    }

    // -w: where, in which format, rotated how; null when not saving.
    private SaveTo saveTo(boolean toStdout) {
        if (write == null) {
            if (rotateMillions != null || rotateSeconds != null || rotateCount != null) {
                throw usage("-C, -G and -W rotate the -w file: they need -w/--write FILE");
            }
            return null;
        }
        if (toStdout && (rotateMillions != null || rotateSeconds != null)) {
            throw usage("-w -: standard output cannot be rotated (-C, -G)");
        }
        if (rotateMillions != null && rotateMillions < 1) {
            throw usage("-C: must be a positive number of millions of bytes, got " + rotateMillions);
        }
        if (rotateSeconds != null && rotateSeconds < 1) {
            throw usage("-G: must be a positive number of seconds, got " + rotateSeconds);
        }
        if (rotateCount != null && rotateCount < 1) {
            throw usage("-W: must be a positive number of files, got " + rotateCount);
        }
        if (rotateCount != null && rotateMillions == null && rotateSeconds == null) {
            throw usage("-W: needs -C or -G");
        }
        return new SaveTo(toStdout ? null : write, toStdout ? failing(out) : null, pcapng, packetBuffered,
                rotateMillions == null ? 0 : rotateMillions * 1_000_000L,
                rotateSeconds == null ? 0 : rotateSeconds, rotateCount == null ? 0 : rotateCount, dropUser);
    }

    // A PrintStream keeps its errors to itself; the -w - writer must hear of a closed pipe.
    private static java.io.OutputStream failing(PrintStream ps) {
        return new java.io.FilterOutputStream(ps) {
            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                ps.write(b, off, len);
                if (ps.checkError()) {
                    throw new java.io.IOException("Broken pipe");
                }
            }

            @Override
            public void flush() throws java.io.IOException {
                if (ps.checkError()) {
                    throw new java.io.IOException("Broken pipe");
                }
            }
        };
    }

    private interface Work {
        void run() throws Exception;
    }

    // The port's typed errors become exit status 1 with their message; nothing else is caught.
    private int runGuarded(Work work) {
        try {
            work.run();
            return 0;
        } catch (EpcapException e) {
            err.println("sniff: " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            err.println("sniff: " + FileErrors.describe(e));
            return 1;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            err.println("sniff: " + e);
            return 1;
        }
    }

    /** The port options the flags ask for; a refused value is a usage error naming its flag. */
    Options options() {
        if (file != null && interfaceName != null) {
            throw usage("-r/--file and -i/--interface cannot be combined: read a file or capture live");
        }
        if (timeStampPrecision != null && !Set.of("micro", "nano").contains(normalized(timeStampPrecision))) {
            throw usage("--time-stamp-precision: must be micro or nano, got '" + timeStampPrecision + "'");
        }
        if ("nano".equals(normalized(timeStampPrecision))) {
            nano = true;
        }
        if (pcapng && write == null) {
            throw usage("--pcapng needs -w/--write FILE");
        }
        if (count != null && count < 1) {
            throw usage("-c/--count: must be a positive number of packets, got " + count);
        }
        if (statsEvery != null && statsEvery < 1) {
            throw usage("--stats-every: must be a positive number of seconds, got " + statsEvery);
        }
        Options.Builder b = Options.builder();
        if (interfaceName != null) b.interfaceName(interfaceName);
        if (file != null) b.file(StandardInput.isDash(file) ? StandardInput.path() : file);
        if (snaplen != null) b.snaplen(snaplen);
        b.promiscuous(promiscuous).monitor(monitor);
        if (buffer != null) b.buffer(buffer);
        if (timeout != null) b.timeout(parseTimeout(timeout));
        if (direction != null) b.direction(parseDirection(direction));
        if (timeUnit != null) b.timeUnit(parseTimeUnit(timeUnit));
        if (nano) b.timeUnit(TimestampUnit.NANOSECOND);
        if (user != null && dropUser != null && !user.equals(dropUser)) {
            throw usage("--user " + user + " and -Z " + dropUser + " name different users");
        }
        if (user != null) b.user(user);
        else if (dropUser != null) b.user(dropUser);
        if (group != null) b.group(group);
        if (chroot != null) b.chroot(chroot);
        if (exec != null) b.exec(exec);
        if (clusterId != null) b.clusterId(clusterId);
        if (cpuAffinity != null) b.cpuAffinity(cpuAffinity);
        if (linkType != null) b.linkType(linkType);
        if (timeStampType != null) b.timestampType(timeStampType);
        b.verbose(verbose.length);
        String filter = filterExpression();
        if (filter != null) b.filter(filter);
        try {
            return b.build();
        } catch (BadOptionException e) {
            throw usage(flagFor(e.getMessage()));
        }
    }

    // -F FILE wins over the words, as in tcpdump (which warns about them too).
    private String filterExpression() {
        if (filterFile != null) {
            if (!filterWords.isEmpty()) {
                err.println("sniff: warning: -F " + filterFile + " is used; the expression on the command line is ignored");
            }
            try {
                String text = java.nio.file.Files.readString(filterFile);
                return FilterFile.expression(text);
            } catch (java.io.IOException e) {
                throw new ParameterException(spec.commandLine(), "-F " + FileErrors.describe(e));
            }
        }
        return filterWords.isEmpty() ? null : String.join(" ", filterWords);
    }

    // The builder names its options as Java methods; the user typed flags.
    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("interfaceName", "-i/--interface"), Map.entry("filter", "filter expression"),
            Map.entry("snaplen", "-s/--snaplen"), Map.entry("buffer", "-B/--buffer"),
            Map.entry("timeout", "--timeout"), Map.entry("direction", "-Q/--direction"),
            Map.entry("file", "-r/--file"), Map.entry("chroot", "--chroot"), Map.entry("user", "--user"),
            Map.entry("group", "--group"), Map.entry("exec", "--exec"), Map.entry("cpuAffinity", "--cpu-affinity"),
            Map.entry("clusterId", "--cluster-id"), Map.entry("verbose", "-v"), Map.entry("progname", "epcap.progname"),
            Map.entry("linkType", "-y"), Map.entry("timestampType", "-j"));

    static String flagFor(String builderMessage) {
        int colon = builderMessage.indexOf(':');
        if (colon > 0) {
            String flag = FLAGS.get(builderMessage.substring(0, colon));
            if (flag != null) {
                return flag + builderMessage.substring(colon);
            }
        }
        return builderMessage;
    }

    private PacketFormat packetFormat() {
        if (format == null) return PacketFormat.NONE;
        switch (normalized(format)) {
            case "hex": return PacketFormat.HEX;
            case "binary": return PacketFormat.BINARY;
            default: throw usage("--format: must be hex or binary, got '" + format + "'");
        }
    }

    private Timeout parseTimeout(String s) {
        switch (normalized(s)) {
            case "immediate": return Timeout.IMMEDIATE;
            case "infinity": return Timeout.INFINITY;
            default:
                try {
                    long ms = Long.parseLong(s.strip());
                    if (ms == 0) return Timeout.IMMEDIATE;
                    if (ms < 0 || ms > Integer.MAX_VALUE) {
                        throw usage("--timeout: must be 0 to " + Integer.MAX_VALUE + " ms, 'immediate' or 'infinity', got '" + s + "'");
                    }
                    return Timeout.of(Duration.ofMillis(ms));
                } catch (NumberFormatException e) {
                    throw usage("--timeout: must be milliseconds, 'immediate' or 'infinity', got '" + s + "'");
                }
        }
    }

    private Direction parseDirection(String s) {
        switch (normalized(s)) {
            case "in": return Direction.IN;
            case "out": return Direction.OUT;
            case "inout": return Direction.INOUT;
            default: throw usage("-Q/--direction: must be in, out or inout, got '" + s + "'");
        }
    }

    private TimestampUnit parseTimeUnit(String s) {
        switch (normalized(s)) {
            case "microsecond": return TimestampUnit.MICROSECOND;
            case "timestamp": return TimestampUnit.TIMESTAMP;
            case "nanosecond": return TimestampUnit.NANOSECOND;
            default: throw usage("--time-unit: must be microsecond, timestamp or nanosecond, got '" + s + "'");
        }
    }

    private static String normalized(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
