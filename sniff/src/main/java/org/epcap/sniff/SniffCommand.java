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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code sniff} command: capture from an interface or read a file, print each packet
 * decoded (text or JSON), optionally save the packets to a pcap or pcapng file.
 *
 * <pre>{@code
 * int status = new CommandLine(new SniffCommand()).execute("-r", "trace.pcap", "--json", "tcp");
 * }</pre>
 *
 * Exit status: 0 done, 1 the capture failed (the port's typed message is printed), 2 usage.
 */
@Command(name = "sniff",
        mixinStandardHelpOptions = true,
        version = "sniff (epcap for Java) 0.1.0",
        sortOptions = false,
        usageHelpAutoWidth = true,
        headerHeading = "%n",
        header = "Capture packets and print each one decoded.",
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%nDescription:%n",
        description = {
            "Captures from an interface (default: libpcap's default device) or reads a pcap/pcapng file, "
                + "and prints every packet as a report: a 'pcap' line (time, caplen, len, datalink), one line "
                + "per decoded header named as the Erlang pkt records (ether, 802.1q, ipv4, ipv6, tcp, udp, ...), "
                + "then payload_size and the payload with non-printable bytes as dots. A packet that cannot be "
                + "fully decoded shows what was decoded and a decode_error line.",
            "",
            "Ctrl-C, the end of the file or the count prints the summary on stderr: packets captured, "
                + "received by filter, dropped by kernel, dropped by interface.",
            "",
            "A live capture needs capture privileges for the port program: run as root, give native/epcap "
                + "the capabilities (setcap cap_net_raw,cap_net_admin=ep), or let it run through 'sudo -n' "
                + "(the library's default when not root)."},
        parameterListHeading = "%nFilter:%n",
        optionListHeading = "%nOptions:%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:done: end of file or count reached",
            "1:the capture failed (no such device, bad filter, permission denied, bad file, ...)",
            "2:usage: a bad option or value (the message names it)",
            "130:interrupted by Ctrl-C (SIGINT), after the summary"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sniff                              capture on the default interface",
            "  sniff -i eth0 -c 10 udp port 53    ten DNS packets",
            "  sniff -r trace.pcap --json tcp     a file as JSON lines, TCP only",
            "  sniff -r trace.pcap --follow       each TCP stream's payload, as tshark -z follow",
            "  sniff -i eth0 -w out.pcapng --pcapng 'icmp or icmp6'",
            "  sniff -L -i any                    the link types of 'any' (LINUX_SLL, LINUX_SLL2)",
            "  sniff -i any -y LINUX_SLL2 -w cooked.pcap   Linux cooked v2 headers"})
public final class SniffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE",
            description = "Capture from this interface (default: libpcap's default device).")
    String interfaceName;

    @Option(names = {"-r", "--file"}, paramLabel = "FILE",
            description = "Read packets from a pcap or pcapng file instead of an interface.")
    Path file;

    @Option(names = {"-w", "--write"}, paramLabel = "FILE",
            description = "Also save the packets to FILE (classic pcap; pcapng with --pcapng).")
    Path write;

    @Option(names = "--pcapng", description = "Write -w's file as pcapng instead of classic pcap.")
    boolean pcapng;

    @Option(names = {"-c", "--count"}, paramLabel = "N", description = "Stop after N packets.")
    Long count;

    @Option(names = {"-s", "--snaplen"}, paramLabel = "BYTES",
            description = "Keep at most BYTES of each packet (1 to " + Options.MAX_SNAPLEN + ").")
    Integer snaplen;

    @Option(names = {"-p", "--promiscuous"},
            description = "Put the interface in promiscuous mode (the seed's option; note that tcpdump's -p means the opposite).")
    boolean promiscuous;

    @Option(names = {"-I", "--monitor"}, description = "Put a Wi-Fi interface in monitor mode.")
    boolean monitor;

    @Option(names = {"-B", "--buffer"}, paramLabel = "BYTES", description = "Kernel capture buffer size in bytes.")
    Integer buffer;

    @Option(names = "--timeout", paramLabel = "MS|immediate|infinity",
            description = "libpcap's packet buffer timeout: milliseconds, 'immediate' (default) or 'infinity'.")
    String timeout;

    @Option(names = {"-Q", "--direction"}, paramLabel = "in|out|inout",
            description = "Which packets: received (in), sent (out) or both (inout, default).")
    String direction;

    @Option(names = "--time-unit", paramLabel = "microsecond|timestamp|nanosecond",
            description = "The port's time unit; nanosecond asks libpcap for nanosecond timestamps.")
    String timeUnit;

    @Option(names = "--nano", description = "Nanosecond timestamps (same as --time-unit nanosecond), shown with 9 digits.")
    boolean nano;

    @Option(names = "--user", paramLabel = "USER", description = "The user the port program drops to.")
    String user;

    @Option(names = "--group", paramLabel = "GROUP", description = "The group the port program drops to.")
    String group;

    @Option(names = "--chroot", paramLabel = "DIR", description = "The directory the port program chroots into.")
    Path chroot;

    @Option(names = "--exec", paramLabel = "PREFIX",
            description = "Run the port program through this command prefix, e.g. 'sudo -n' or 'ip netns exec NS'; '' for none.")
    String exec;

    @Option(names = "--cluster-id", paramLabel = "ID", description = "PF_RING cluster id (0 to 255).")
    Integer clusterId;

    @Option(names = "--cpu-affinity", paramLabel = "CPUS", description = "Pin the port program to these CPUs, e.g. 1,3,5-7.")
    String cpuAffinity;

    @Option(names = "-v", description = "More diagnostics from the port program on stderr (repeat for more).")
    boolean[] verbose = new boolean[0];

    @Option(names = "--list-interfaces", description = "List the interfaces libpcap can capture from, then exit (as -D).")
    boolean listInterfaces;

    @Option(names = {"-L", "--list-data-link-types"},
            description = "List the interface's link-layer types (for -y), as tcpdump -L, then exit. Opens the "
                    + "interface: needs capture rights. With -I, those of monitor mode.")
    boolean listDataLinkTypes;

    @Option(names = "--stats-every", paramLabel = "SECONDS",
            description = "Print the capture statistics on stderr every SECONDS.")
    Integer statsEvery;

    @Option(names = "--json", description = "One JSON object per packet and line instead of the text report.")
    boolean json;

    @Option(names = "--format", paramLabel = "hex|binary",
            description = "Add the whole packet to each report: as hex, or as the list of byte values.")
    String format;

    @Option(names = "--oneline",
            description = "One line per packet as tcpdump prints it (time, addresses, ports, protocol summary, "
                    + "length) instead of the report. The tcpdump output flags -e -q -t -x -X -A choose it too.")
    boolean oneline;

    @Option(names = "-n", description = "Accepted for tcpdump's -n/-nn: sniff never turns addresses or ports into names.")
    boolean[] noNames = new boolean[0];

    @Option(names = "-e", description = "One-line output: print the link-level header (MAC addresses, ethertype), as tcpdump -e.")
    boolean linkHeader;

    @Option(names = "-q", description = "One-line output: less protocol information, as tcpdump -q.")
    boolean quiet;

    @Option(names = "-S", description = "One-line output: absolute TCP sequence numbers, as tcpdump -S "
            + "(without it they are relative to each conversation's first ones, as tcpdump prints them).")
    boolean absoluteSequences;

    @Option(names = "-t", description = "One-line output, tcpdump's time column: -t none, -tt seconds since 1970, "
            + "-ttt since the previous packet, -tttt date and time, -ttttt since the first packet.")
    boolean[] timeFlags = new boolean[0];

    @Option(names = "-x", description = "One-line output: the packet in hex after its link header (-xx: with it), as tcpdump.")
    boolean[] hex = new boolean[0];

    @Option(names = "-X", preprocessor = KafkaSettingOption.class,
            description = "One-line output: the packet in hex and ASCII after its link header (-XX: with it). "
                    + "Followed by NAME=VALUE, where NAME is a Kafka producer or consumer setting: that setting, "
                    + "for --kafka and --from-kafka (e.g. -X compression.type=lz4).")
    boolean[] hexAscii = new boolean[0];

    /** -X NAME=VALUE settings, in the order given (filled by {@link KafkaSettingOption}). */
    final Map<String, String> kafkaSettings = new LinkedHashMap<>();

    @Option(names = "--flows", description = "Instead of each packet, each flow: one JSON document (ECS names, "
            + "with its Community ID) per line when the flow ends, and for every flow open at the end.")
    boolean flows;

    @Option(names = "--follow", description = "Instead of each packet, the payload of each TCP stream, reassembled, "
            + "as tshark -z follow,tcp,raw,N prints it: one block per stream (Filter: tcp.stream eq N, Node 0 the "
            + "client, Node 1 the server, the server's lines indented by a tab), in the order the streams were first "
            + "seen, each printed once it has ended (at the latest at the end of the capture). Missing bytes are a "
            + "line of their own: [gap: N bytes missing (reason)].")
    boolean follow;

    @Option(names = "--follow-stream", paramLabel = "N",
            description = "With --follow (implied): only stream N, numbered from 0 in the order streams are first "
                    + "seen, as tshark's tcp.stream. The filter expression chooses the packets before they are numbered.")
    Long followStream;

    @Option(names = "--follow-format", paramLabel = "raw|ascii|hex",
            description = "With --follow (implied): each chunk as hex (raw, the default), as its length and its "
                    + "printable characters (ascii), or as a hex dump with offsets (hex), as tshark's follow modes.")
    String followFormat;

    @Option(names = "--follow-buffer", paramLabel = "BYTES",
            description = "With --follow: the text held for streams waiting their turn (default 33554432). When full, "
                    + "ended streams print ahead of their turn, then the largest open one in parts; stderr says how often.")
    Long followBuffer;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP",
            description = "Publish into Kafka (host:port[,host:port...]) instead of printing: --topic, --kind, -X. "
                    + "A full producer buffer holds the capture back, and the kernel drops and counts.")
    String kafka;

    @Option(names = "--from-kafka", paramLabel = "BOOTSTRAP",
            description = "Read a --topic of packet records back, in capture-time order, into -w FILE "
                    + "(pcapng when FILE ends in .pcapng or with --pcapng).")
    String fromKafka;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "The Kafka topic of --kafka and --from-kafka.")
    String topic;

    @Option(names = "--kind", paramLabel = "packets|flows|events",
            description = "What --kafka publishes: each packet (the default), flow records, or decoded events "
                    + "(DNS, TLS hellos, HTTP requests), as docs/kafka.md describes.")
    String kind;

    @Option(names = "--metron", description = "--kafka packets keyed as Apache Metron's pcap topic: "
            + "the capture time in microseconds as the key.")
    boolean metron;

    @Option(names = "--capture-host", paramLabel = "NAME",
            description = "The capture host each --kafka record names (default: this host's name); with "
                    + "--from-kafka, only that host's packets are written.")
    String captureHost;

    @Option(names = "--since", paramLabel = "TIME",
            description = "--from-kafka writes only packets captured at or after TIME: an ISO 8601 instant "
                    + "(2026-12-02T11:00:00Z) or seconds since the epoch (1764673200.5).")
    String since;

    @Option(names = "--until", paramLabel = "TIME",
            description = "--from-kafka writes only packets captured before TIME (as --since).")
    String until;

    @Option(names = "-A", description = "One-line output: the packet in ASCII after its link header (-AA: with it).")
    boolean[] ascii = new boolean[0];

    @Option(names = "--time-stamp-precision", paramLabel = "micro|nano",
            description = "As tcpdump: nano is --nano, micro (the default) six digits.")
    String timeStampPrecision;

    @Option(names = "-l", description = "Flush the output after each line (for sniff -l | grep ...).")
    boolean lineBuffered;

    @Option(names = {"-U", "--packet-buffered"},
            description = "Flush the output, and the -w file, after each packet.")
    boolean packetBuffered;

    @Option(names = "-F", paramLabel = "FILE",
            description = "Read the filter expression from FILE ('#' starts a comment); an expression on the command line is then ignored, as by tcpdump.")
    Path filterFile;

    @Option(names = "-D", description = "List the interfaces, as tcpdump -D (the same as --list-interfaces).")
    boolean listDevices;

    @Option(names = "--doctor", description = "Say what stands between you and a live capture (the port program, its release, capture rights, groups, mounts, /dev/shm), each problem with the command that fixes it; exit 1 when there is one.")
    boolean doctor;

    @Option(names = {"-y", "--linktype"}, paramLabel = "TYPE",
            description = "The link-layer type to capture with, as tcpdump -y: a name -L lists (e.g. LINUX_SLL2 on "
                    + "'any', DOCSIS on Ethernet) or its number. -w files are written with it.")
    String linkType;

    @Option(names = {"-j", "--time-stamp-type"}, paramLabel = "TYPE",
            description = "The time stamp type, as tcpdump -j: a name -J lists (host, adapter, adapter_unsynced, ...); "
                    + "one the interface does not offer is an error.")
    String timeStampType;

    @Option(names = {"-J", "--list-time-stamp-types"},
            description = "List the interface's time stamp types (for -j), as tcpdump -J, then exit. Opens the interface: "
                    + "needs capture rights.")
    boolean listTimeStampTypes;

    @Option(names = "-C", paramLabel = "MILLIONS",
            description = "With -w: start a new file once the current one holds more than MILLIONS of bytes (10^6); "
                    + "files after the first are named FILE1, FILE2, ... as by tcpdump.")
    Long rotateMillions;

    @Option(names = "-G", paramLabel = "SECONDS",
            description = "With -w: start a new file every SECONDS; FILE may hold strftime(3) conversions (%%Y-%%m-%%d_%%H:%%M:%%S).")
    Long rotateSeconds;

    @Option(names = "-W", paramLabel = "COUNT",
            description = "With -C: keep COUNT files, named FILE0.. and reused in turn; with -G alone: stop after COUNT files.")
    Integer rotateCount;

    @Option(names = "-Z", paramLabel = "USER",
            description = "The port program drops to USER (as --user) and the -w files belong to USER. "
                    + "The JVM itself keeps its user: Java cannot change it.")
    String dropUser;

    @Parameters(paramLabel = "EXPRESSION", arity = "0..*",
            description = "A pcap-filter(7) expression, as tcpdump takes it (e.g. tcp and port 80).")
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
        System.exit(commandLine(STDOUT, System.err).execute(args));
    }

    /** A picocli command line set up as the tool uses it, printing to {@code out} and {@code err}. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new SniffCommand(out, err));
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
