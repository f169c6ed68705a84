package org.epcap.sniff;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.epcap.Options;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The sniff command's flags, help and version as picocli's model, built by code and bound to
 * a {@link SniffCommand}'s fields.
 *
 * <p>Why by code: picocli builds the same model from annotations, reading each attribute of
 * each one through a reflective proxy; for these 60 flags that took about twice as long as
 * building it here (the command line ready to parse: 90-200 ms against 40-70 ms on a loaded
 * two-core machine), and bin/sniff pays it at every start (bench/sniff-bench.sh, start-up
 * line). Here the only reflection is finding each field once.
 *
 * <pre>{@code
 * SniffCommand command = new SniffCommand(System.out, System.err);
 * command.spec = CommandModel.of(command);
 * int status = new CommandLine(command.spec).execute("-r", "trace.pcap", "--json");
 * }</pre>
 */
final class CommandModel {
    private final CommandSpec spec;
    private final SniffCommand command;

    private CommandModel(SniffCommand command) {
        this.command = command;
        this.spec = CommandSpec.wrapWithoutInspection(command);
        // No ${...} in sniff's texts: without this picocli scans every string of every flag for
        // variables as it is added, a quarter of building the model.
        spec.interpolateVariables(false);
    }

    /** The model of {@code command}: parsing sets its fields; executing runs its {@code call()}. */
    static CommandSpec of(SniffCommand command) {
        CommandModel m = new CommandModel(command);
        m.usage();
        m.options();
        m.spec.addPositional(PositionalParamSpec.builder()
                .paramLabel("EXPRESSION").arity("0..*").type(List.class).auxiliaryTypes(String.class)
                .description("A pcap-filter(7) expression, as tcpdump takes it (e.g. tcp and port 80).")
                .getter(m.field("filterWords")).setter(m.field("filterWords"))
                .initialValue(command.filterWords).build());
        // mixinStandardHelpOptions's two, last in the help as they were there.
        m.spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).arity("0").type(boolean.class)
                .paramLabel("<helpRequested>").initialValue(false)
                .description("Show this help message and exit.").build());
        m.spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).arity("0").type(boolean.class)
                .paramLabel("<versionRequested>").initialValue(false)
                .description("Print version information and exit.").build());
        return m.spec;
    }

    private void usage() {
        spec.name("sniff").version("sniff (epcap for Java) 0.1.0");
        Map<String, String> exitCodes = new LinkedHashMap<>();
        exitCodes.put("0", "done: end of file or count reached");
        exitCodes.put("1", "the capture failed (no such device, bad filter, permission denied, bad file, ...)");
        exitCodes.put("2", "usage: a bad option or value (the message names it)");
        exitCodes.put("130", "interrupted by Ctrl-C (SIGINT), after the summary");
        UsageMessageSpec u = spec.usageMessage();
        u.sortOptions(false).autoWidth(true)
                .headerHeading("%n").header("Capture packets and print each one decoded.")
                .synopsisHeading("%nUsage: ")
                .descriptionHeading("%nDescription:%n")
                .description(
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
                            + "(the library's default when not root).")
                .parameterListHeading("%nFilter:%n")
                .optionListHeading("%nOptions:%n")
                .exitCodeListHeading("%nExit status:%n").exitCodeList(exitCodes)
                .footerHeading("%nExamples:%n")
                .footer(
                        "  sniff                              capture on the default interface",
                        "  sniff -i eth0 -c 10 udp port 53    ten DNS packets",
                        "  sniff -r trace.pcap --json tcp     a file as JSON lines, TCP only",
                        "  sniff -r trace.pcap --follow       each TCP stream's payload, as tshark -z follow",
                        "  sniff -i eth0 -w out.pcapng --pcapng 'icmp or icmp6'",
                        "  sniff -L -i any                    the link types of 'any' (LINUX_SLL, LINUX_SLL2)",
                        "  sniff -i any -y LINUX_SLL2 -w cooked.pcap   Linux cooked v2 headers");
    }

    // In the order of the help.
    private void options() {
        option("interfaceName", "IFACE",
                "Capture from this interface (default: libpcap's default device).",
                "-i", "--interface");
        option("file", "FILE",
                "Read packets from a pcap or pcapng file instead of an interface.",
                "-r", "--file");
        option("write", "FILE",
                "Also save the packets to FILE (classic pcap; pcapng with --pcapng).",
                "-w", "--write");
        option("pcapng", null,
                "Write -w's file as pcapng instead of classic pcap.",
                "--pcapng");
        option("count", "N",
                "Stop after N packets.",
                "-c", "--count");
        option("snaplen", "BYTES",
                "Keep at most BYTES of each packet (1 to " + Options.MAX_SNAPLEN + ").",
                "-s", "--snaplen");
        option("promiscuous", null,
                "Put the interface in promiscuous mode (the seed's option; note that tcpdump's -p means the opposite).",
                "-p", "--promiscuous");
        option("monitor", null,
                "Put a Wi-Fi interface in monitor mode.",
                "-I", "--monitor");
        option("buffer", "BYTES",
                "Kernel capture buffer size in bytes.",
                "-B", "--buffer");
        option("timeout", "MS|immediate|infinity",
                "libpcap's packet buffer timeout: milliseconds, 'immediate' (default) or 'infinity'.",
                "--timeout");
        option("direction", "in|out|inout",
                "Which packets: received (in), sent (out) or both (inout, default).",
                "-Q", "--direction");
        option("timeUnit", "microsecond|timestamp|nanosecond",
                "The port's time unit; nanosecond asks libpcap for nanosecond timestamps.",
                "--time-unit");
        option("nano", null,
                "Nanosecond timestamps (same as --time-unit nanosecond), shown with 9 digits.",
                "--nano");
        option("user", "USER",
                "The user the port program drops to.",
                "--user");
        option("group", "GROUP",
                "The group the port program drops to.",
                "--group");
        option("chroot", "DIR",
                "The directory the port program chroots into.",
                "--chroot");
        option("exec", "PREFIX",
                "Run the port program through this command prefix, e.g. 'sudo -n' or 'ip netns exec NS'; '' for none.",
                "--exec");
        option("clusterId", "ID",
                "PF_RING cluster id (0 to 255).",
                "--cluster-id");
        option("cpuAffinity", "CPUS",
                "Pin the port program to these CPUs, e.g. 1,3,5-7.",
                "--cpu-affinity");
        option("verbose", null,
                "More diagnostics from the port program on stderr (repeat for more).",
                "-v");
        option("listInterfaces", null,
                "List the interfaces libpcap can capture from, then exit (as -D).",
                "--list-interfaces");
        option("listDataLinkTypes", null,
                "List the interface's link-layer types (for -y), as tcpdump -L, then exit. Opens the "
                + "interface: needs capture rights. With -I, those of monitor mode.",
                "-L", "--list-data-link-types");
        option("statsEvery", "SECONDS",
                "Print the capture statistics on stderr every SECONDS.",
                "--stats-every");
        option("json", null,
                "One JSON object per packet and line instead of the text report.",
                "--json");
        option("format", "hex|binary",
                "Add the whole packet to each report: as hex, or as the list of byte values.",
                "--format");
        option("oneline", null,
                "One line per packet as tcpdump prints it (time, addresses, ports, protocol summary, "
                + "length) instead of the report. The tcpdump output flags -e -q -S -t -x -X -A choose it too.",
                "--oneline");
        option("noNames", null,
                "Accepted for tcpdump's -n/-nn: sniff never turns addresses or ports into names.",
                "-n");
        option("linkHeader", null,
                "One-line output: print the link-level header (MAC addresses, ethertype), as tcpdump -e.",
                "-e");
        option("quiet", null,
                "One-line output: less protocol information, as tcpdump -q.",
                "-q");
        option("absoluteSequences", null,
                "One-line output: absolute TCP sequence numbers, as tcpdump -S "
                + "(without it they are relative to each conversation's first ones, as tcpdump prints them).",
                "-S");
        option("timeFlags", null,
                "One-line output, tcpdump's time column: -t none, -tt seconds since 1970, "
                + "-ttt since the previous packet, -tttt date and time, -ttttt since the first packet.",
                "-t");
        option("hex", null,
                "One-line output: the packet in hex after its link header (-xx: with it), as tcpdump.",
                "-x");
        option("hexAscii", null, new KafkaSettingOption(),
                "One-line output: the packet in hex and ASCII after its link header (-XX: with it). "
                + "Followed by NAME=VALUE, where NAME is a Kafka producer or consumer setting: that setting, "
                + "for --kafka and --from-kafka (e.g. -X compression.type=lz4).",
                "-X");
        option("flows", null,
                "Instead of each packet, each flow: one JSON document (ECS names, "
                + "with its Community ID) per line when the flow ends, and for every flow open at the end.",
                "--flows");
        option("follow", null,
                "Instead of each packet, the payload of each TCP stream, reassembled, "
                + "as tshark -z follow,tcp,raw,N prints it: one block per stream (Filter: tcp.stream eq N, Node 0 the "
                + "client, Node 1 the server, the server's lines indented by a tab), in the order the streams were first "
                + "seen, each printed once it has ended (at the latest at the end of the capture). Missing bytes are a "
                + "line of their own: [gap: N bytes missing (reason)].",
                "--follow");
        option("followStream", "N",
                "With --follow (implied): only stream N, numbered from 0 in the order streams are first "
                + "seen, as tshark's tcp.stream. The filter expression chooses the packets before they are numbered.",
                "--follow-stream");
        option("followFormat", "raw|ascii|hex",
                "With --follow (implied): each chunk as hex (raw, the default), as its length and its "
                + "printable characters (ascii), or as a hex dump with offsets (hex), as tshark's follow modes.",
                "--follow-format");
        option("followBuffer", "BYTES",
                "With --follow: the text held for streams waiting their turn (default 33554432). When full, "
                + "ended streams print ahead of their turn, then the largest open one in parts; stderr says how often.",
                "--follow-buffer");
        option("kafka", "BOOTSTRAP",
                "Publish into Kafka (host:port[,host:port...]) instead of printing: --topic, --kind, -X. "
                + "A full producer buffer holds the capture back, and the kernel drops and counts.",
                "--kafka");
        option("fromKafka", "BOOTSTRAP",
                "Read a --topic of packet records back, in capture-time order, into -w FILE "
                + "(pcapng when FILE ends in .pcapng or with --pcapng).",
                "--from-kafka");
        option("topic", "TOPIC",
                "The Kafka topic of --kafka and --from-kafka.",
                "--topic");
        option("kind", "packets|flows|events",
                "What --kafka publishes: each packet (the default), flow records, or decoded events "
                + "(DNS, TLS hellos, HTTP requests), as docs/kafka.md describes.",
                "--kind");
        option("metron", null,
                "--kafka packets keyed as Apache Metron's pcap topic: "
                + "the capture time in microseconds as the key.",
                "--metron");
        option("captureHost", "NAME",
                "The capture host each --kafka record names (default: this host's name); with "
                + "--from-kafka, only that host's packets are written.",
                "--capture-host");
        option("since", "TIME",
                "--from-kafka writes only packets captured at or after TIME: an ISO 8601 instant "
                + "(2026-12-02T11:00:00Z) or seconds since the epoch (1764673200.5).",
                "--since");
        option("until", "TIME",
                "--from-kafka writes only packets captured before TIME (as --since).",
                "--until");
        option("ascii", null,
                "One-line output: the packet in ASCII after its link header (-AA: with it).",
                "-A");
        option("timeStampPrecision", "micro|nano",
                "As tcpdump: nano is --nano, micro (the default) six digits.",
                "--time-stamp-precision");
        option("lineBuffered", null,
                "Flush the output after each line (for sniff -l | grep ...).",
                "-l");
        option("packetBuffered", null,
                "Flush the output, and the -w file, after each packet.",
                "-U", "--packet-buffered");
        option("filterFile", "FILE",
                "Read the filter expression from FILE ('#' starts a comment); an expression on the command line is then ignored, as by tcpdump.",
                "-F");
        option("listDevices", null,
                "List the interfaces, as tcpdump -D (the same as --list-interfaces).",
                "-D");
        option("doctor", null,
                "Say what stands between you and a live capture (the port program, its release, capture rights, groups, mounts, /dev/shm), each problem with the command that fixes it; exit 1 when there is one.",
                "--doctor");
        option("linkType", "TYPE",
                "The link-layer type to capture with, as tcpdump -y: a name -L lists (e.g. LINUX_SLL2 on "
                + "'any', DOCSIS on Ethernet) or its number. -w files are written with it.",
                "-y", "--linktype");
        option("timeStampType", "TYPE",
                "The time stamp type, as tcpdump -j: a name -J lists (host, adapter, adapter_unsynced, ...); "
                + "one the interface does not offer is an error.",
                "-j", "--time-stamp-type");
        option("listTimeStampTypes", null,
                "List the interface's time stamp types (for -j), as tcpdump -J, then exit. Opens the interface: "
                + "needs capture rights.",
                "-J", "--list-time-stamp-types");
        option("rotateMillions", "MILLIONS",
                "With -w: start a new file once the current one holds more than MILLIONS of bytes (10^6); "
                + "files after the first are named FILE1, FILE2, ... as by tcpdump.",
                "-C");
        option("rotateSeconds", "SECONDS",
                "With -w: start a new file every SECONDS; FILE may hold strftime(3) conversions (%Y-%m-%d_%H:%M:%S).",
                "-G");
        option("rotateCount", "COUNT",
                "With -C: keep COUNT files, named FILE0.. and reused in turn; with -G alone: stop after COUNT files.",
                "-W");
        option("dropUser", "USER",
                "The port program drops to USER (as --user) and the -w files belong to USER. "
                + "The JVM itself keeps its user: Java cannot change it.",
                "-Z");

    }

    private void option(String field, String label, String description, String... names) {
        option(field, label, null, description, names);
    }

    /**
     * Adds the flag {@code names} setting {@code field}, typed as the field is: a boolean takes
     * no value; a boolean[] none either, and counts its repeats (-vv, -tt).
     */
    private void option(String field, String label, IParameterPreprocessor preprocessor, String description,
                        String... names) {
        FieldBinding binding = field(field);
        Class<?> type = binding.field.getType();
        OptionSpec.Builder b = OptionSpec.builder(names).type(type).description(description)
                .getter(binding).setter(binding).initialValue(binding.get())
                .paramLabel(label != null ? label : "<" + field + ">"); // picocli's label for a flag
        if (type == boolean.class) b.arity("0");
        if (type == boolean[].class) b.arity("0").auxiliaryTypes(boolean.class);
        if (preprocessor != null) b.preprocessor(preprocessor);
        spec.addOption(b.build());
    }

    private FieldBinding field(String name) {
        try {
            return new FieldBinding(command, SniffCommand.class.getDeclaredField(name));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("SniffCommand has no field " + name, e);
        }
    }

    /** Reads and writes one field of the command (the package's own fields: no access to open). */
    private static final class FieldBinding implements IGetter, ISetter {
        private final Object target;
        final Field field;

        FieldBinding(Object target, Field field) {
            this.target = target;
            this.field = field;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            try {
                return (T) field.get(target);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public <T> T set(T value) {
            T old = get();
            try {
                field.set(target, value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            return old;
        }
    }
}
