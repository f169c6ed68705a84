package org.epcap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * How to start a capture: an immutable value, one typed method per option of the Erlang
 * epcap, validated by {@link Builder#build()} before anything is spawned.
 *
 * <pre>{@code
 * Options live = Options.builder()
 *         .interfaceName("eth0")
 *         .filter("udp and port 53")
 *         .snaplen(256)
 *         .timeout(Timeout.IMMEDIATE)
 *         .build();
 * Options offline = Options.builder().file(Path.of("trace.pcap")).filter("tcp").build();
 * }</pre>
 *
 * <h2>Defaults (as in the seed)</h2>
 * <ul>
 * <li><b>exec prefix</b>: {@code sudo -n} when this JVM is not root and the capture is live;
 *     none when the JVM is root or a file is read (see {@link ExecPolicy}, the one place that
 *     decides). An explicit {@link Builder#exec(String)} is always used as given, also with a
 *     file (the seed drops it for files; we keep it so that {@code strace} works everywhere).
 *     {@code exec("")} means "no prefix".</li>
 * <li><b>timeout</b>: {@link Timeout#IMMEDIATE} ({@code -t 0}).</li>
 * <li><b>direction</b>: {@link Direction#INOUT} ({@code -Q inout}).</li>
 * <li><b>chroot</b>: none given, so no {@code -d}: the port program, when it runs as root,
 *     chroots into a private empty directory it creates for itself and deletes on exit.
 *     The seed instead passed its {@code priv/tmp} directory, which the library created.</li>
 * <li><b>port program</b>: {@link Builder#progname(Path)}, else the system property
 *     {@code epcap.progname}, else the environment variable {@code EPCAP_PROGNAME}, else
 *     {@code epcap} on the {@code PATH} (see {@link PortProgram}).</li>
 * </ul>
 *
 * <h2>Differences from the seed's {@code getopts}</h2>
 * The switches come out in one fixed order (the seed keeps the order of its option list);
 * a repeated setting keeps the last value. {@code cluster_id} becomes the port switch
 * {@code -c N} (the seed passed {@code -e PCAP_PF_RING_CLUSTER_ID=N}; the port program sets
 * that variable itself), and {@code cpu_affinity} becomes {@code -a CPUS} (the seed prefixed
 * the command with {@code taskset -c CPUS}).
 *
 * <p>Threads: an {@code Options} is immutable and may be shared between threads and captures; a
 * {@link Builder} belongs to the thread that fills it.
 */
public final class Options {
    /** The largest snaplen libpcap allows. */
    public static final int MAX_SNAPLEN = 262144;
    /** Default bound of the pull-mode packet queue, in bytes. */
    public static final int DEFAULT_QUEUE_BYTES = 16 << 20;
    /** Default time {@link Epcap#start(Options)} waits for the port's READY. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(15);

    private static final Pattern CPU_LIST = Pattern.compile("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");
    /** A link-layer or time-stamp type as the port takes it (native/options.c checks it again). */
    private static final Pattern TYPE_WORD = Pattern.compile("[A-Za-z0-9_]{1,32}");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String interfaceName;
    private final String filter;
    private final Integer snaplen;
    private final boolean promiscuous;
    private final boolean monitor;
    private final Integer buffer;
    private final Timeout timeout;
    private final Direction direction;
    private final TimestampUnit timeUnit;
    private final Path file;
    private final boolean inject;
    private final Path chroot;
    private final String user;
    private final String group;
    private final Path progname;
    private final List<String> exec;
    private final Map<String, String> env;
    private final String cpuAffinity;
    private final Integer clusterId;
    private final int verbose;
    private final int queueBytes;
    private final Duration readyTimeout;
    /** Null: not chosen (the ring, except for a small regular file; see the builder). */
    private final Boolean sharedMemory;
    private final String linkType;
    private final String timestampType;

    private Options(Builder b, Timeout timeout) {
        interfaceName = b.interfaceName;
        filter = b.filter == null || b.filter.isEmpty() ? null : b.filter;
        snaplen = b.snaplen;
        promiscuous = b.promiscuous;
        monitor = b.monitor;
        buffer = b.buffer;
        this.timeout = timeout;
        direction = b.direction;
        timeUnit = b.timeUnit;
        file = b.file;
        inject = b.inject;
        chroot = b.chroot;
        user = b.user;
        group = b.group;
        progname = b.progname;
        exec = b.exec == null ? null : List.copyOf(b.exec);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
        cpuAffinity = b.cpuAffinity;
        clusterId = b.clusterId;
        verbose = b.verbose;
        queueBytes = b.queueBytes;
        readyTimeout = b.readyTimeout;
        sharedMemory = b.sharedMemory;
        linkType = b.linkType;
        timestampType = b.timestampType;
    }

    /** A builder with every option at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this value's options, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.interfaceName = interfaceName;
        b.filter = filter;
        b.snaplen = snaplen;
        b.promiscuous = promiscuous;
        b.monitor = monitor;
        b.buffer = buffer;
        b.timeout = timeout;
        b.direction = direction;
        b.timeUnit = timeUnit;
        b.file = file;
        b.inject = inject;
        b.chroot = chroot;
        b.user = user;
        b.group = group;
        b.progname = progname;
        b.exec = exec == null ? null : new ArrayList<>(exec);
        b.env.putAll(env);
        b.cpuAffinity = cpuAffinity;
        b.clusterId = clusterId;
        b.verbose = verbose;
        b.queueBytes = queueBytes;
        b.readyTimeout = readyTimeout;
        b.sharedMemory = sharedMemory;
        b.linkType = linkType;
        b.timestampType = timestampType;
        return b;
    }

    public Optional<String> interfaceName() { return Optional.ofNullable(interfaceName); }
    public Optional<String> filter() { return Optional.ofNullable(filter); }
    public OptionalInt snaplen() { return snaplen == null ? OptionalInt.empty() : OptionalInt.of(snaplen); }
    public boolean promiscuous() { return promiscuous; }
    public boolean monitor() { return monitor; }
    public OptionalInt buffer() { return buffer == null ? OptionalInt.empty() : OptionalInt.of(buffer); }
    public Timeout timeout() { return timeout; }
    public Direction direction() { return direction; }
    public Optional<TimestampUnit> timeUnit() { return Optional.ofNullable(timeUnit); }
    public Optional<Path> file() { return Optional.ofNullable(file); }
    public boolean inject() { return inject; }
    public Optional<Path> chroot() { return Optional.ofNullable(chroot); }
    public Optional<String> user() { return Optional.ofNullable(user); }
    public Optional<String> group() { return Optional.ofNullable(group); }
    public Optional<Path> progname() { return Optional.ofNullable(progname); }
    /** The explicit exec prefix tokens, empty when none was given (then {@link ExecPolicy} decides). */
    public Optional<List<String>> exec() { return Optional.ofNullable(exec); }
    public Map<String, String> env() { return env; }
    public Optional<String> cpuAffinity() { return Optional.ofNullable(cpuAffinity); }
    public OptionalInt clusterId() { return clusterId == null ? OptionalInt.empty() : OptionalInt.of(clusterId); }
    public int verbose() { return verbose; }
    /** The link-layer type asked for ({@code -y}), as given: a libpcap name or a number. */
    public Optional<String> linkType() { return Optional.ofNullable(linkType); }
    /** The time-stamp type asked for ({@code -j}), as given: a libpcap name. */
    public Optional<String> timestampType() { return Optional.ofNullable(timestampType); }
    /** The bound of the pull-mode packet queue in bytes (library only; no port switch). */
    public int queueBytes() { return queueBytes; }
    /** How long {@link Epcap#start(Options)} waits for READY (library only; no port switch). */
    public Duration readyTimeout() { return readyTimeout; }
    /** Whether packets may come through a shared-memory ring (library only; the port's {@code -R}). */
    public boolean sharedMemory() { return sharedMemory == null || sharedMemory; }
    /** Whether {@link Builder#sharedMemory(boolean)} was called: else the library picks by the input. */
    boolean sharedMemoryChosen() { return sharedMemory != null; }

    /** True when capturing from an interface, false when reading a file. */
    public boolean isLive() {
        return file == null;
    }

    /**
     * The command these options name: the exec prefix given with {@link Builder#exec(String)}
     * (none when it was not given), the port program's path, the switches, and the filter last.
     * Computed from the options alone: it runs nothing. The command {@link Epcap#start} would
     * run, with the default prefix chosen for this machine, is {@link ExecPolicy#command}.
     *
     * <pre>{@code
     * Options.builder().file(Path.of("/tmp/foo")).build().argv();
     * // [/usr/lib/epcap/epcap, -f, /tmp/foo, -Q, inout, -t, 0]
     * }</pre>
     */
    public List<String> argv() {
        return command(exec != null ? exec : List.of(), List.of());
    }

    /** The command with this exec prefix, and switches of the library's own (the ring's -R) first. */
    List<String> command(List<String> prefix, List<String> librarySwitches) {
        List<String> argv = new ArrayList<>(prefix);
        argv.add(PortProgram.resolve(this).toString());
        argv.addAll(librarySwitches);
        argv.addAll(switches());
        return Collections.unmodifiableList(argv);
    }

    /** The port program's switches and the filter, without the program itself. */
    List<String> switches() {
        List<String> s = new ArrayList<>();
        if (buffer != null) add(s, "-b", buffer.toString());
        if (chroot != null) add(s, "-d", chroot.toString());
        if (clusterId != null) add(s, "-c", clusterId.toString());
        if (cpuAffinity != null) add(s, "-a", cpuAffinity);
        if (file != null) add(s, "-f", file.toString());
        if (group != null) add(s, "-g", group);
        if (interfaceName != null) add(s, "-i", interfaceName);
        if (monitor) s.add("-M");
        if (promiscuous) s.add("-P");
        if (snaplen != null) add(s, "-s", snaplen.toString());
        if (timeUnit == TimestampUnit.MICROSECOND) add(s, "-T", "1");
        if (timeUnit == TimestampUnit.TIMESTAMP) add(s, "-T", "0");
        if (timeUnit == TimestampUnit.NANOSECOND) s.add("-n");
        if (user != null) add(s, "-u", user);
        if (verbose > 0) s.add("-" + "v".repeat(verbose));
        if (inject) s.add("-X");
        if (linkType != null) add(s, "-y", linkType);
        if (timestampType != null) add(s, "-j", timestampType);
        add(s, "-Q", direction.switchValue());
        add(s, "-t", Long.toString(timeout.millis()));
        env.forEach((k, v) -> add(s, "-e", k + "=" + v));
        if (filter != null) {
            // A filter that starts with '-' must not be read as switches.
            if (filter.startsWith("-")) s.add("--");
            s.add(filter);
        }
        return s;
    }

    private static void add(List<String> s, String sw, String value) {
        s.add(sw);
        s.add(value);
    }

    @Override
    public String toString() {
        return "Options" + switches();
    }

    /**
     * Collects options; {@link #build()} validates them all and names the first bad one.
     * Setting an option twice keeps the last value ({@link #env} adds).
     */
    public static final class Builder {
        private String interfaceName;
        private String filter;
        private Integer snaplen;
        private boolean promiscuous;
        private boolean monitor;
        private Integer buffer;
        private Timeout timeout = Timeout.IMMEDIATE;
        /** A timeout given as a Duration, checked in build() so that a bad one is a BadOptionException. */
        private Duration timeoutDuration;
        private Direction direction = Direction.INOUT;
        private TimestampUnit timeUnit;
        private Path file;
        private boolean inject;
        private Path chroot;
        private String user;
        private String group;
        private Path progname;
        private List<String> exec;
        private final Map<String, String> env = new LinkedHashMap<>();
        private String cpuAffinity;
        private Integer clusterId;
        private int verbose;
        private int queueBytes = DEFAULT_QUEUE_BYTES;
        private Duration readyTimeout = DEFAULT_READY_TIMEOUT;
        private Boolean sharedMemory;
        private String linkType;
        private String timestampType;

        private Builder() {
        }

        /** Seed {@code interface}, switch {@code -i}. Unset: the first device libpcap finds. */
        public Builder interfaceName(String name) { interfaceName = name; return this; }
        /** Seed {@code filter}: a pcap-filter(7) expression, the last argument. Empty: none. */
        public Builder filter(String expression) { filter = expression; return this; }
        /** Seed {@code snaplen}, switch {@code -s}: bytes kept per packet, 1 to 262144. */
        public Builder snaplen(int bytes) { snaplen = bytes; return this; }
        /** Seed {@code promiscuous}, switch {@code -P}. */
        public Builder promiscuous(boolean on) { promiscuous = on; return this; }
        /** Seed {@code monitor}, switch {@code -M} (802.11 monitor mode). */
        public Builder monitor(boolean on) { monitor = on; return this; }
        /** Seed {@code buffer}, switch {@code -b}: the kernel capture buffer in bytes. */
        public Builder buffer(int bytes) { buffer = bytes; return this; }
        /** Seed {@code timeout}, switch {@code -t}: IMMEDIATE, INFINITY or {@link Timeout#of}. */
        public Builder timeout(Timeout t) { timeout = t; timeoutDuration = null; return this; }
        /** Seed {@code {timeout, Ms}}: a positive whole number of milliseconds. */
        public Builder timeout(Duration d) {
            timeoutDuration = Objects.requireNonNull(d, "timeout");
            timeout = null;
            return this;
        }
        /** Seed {@code direction}, switch {@code -Q}. */
        public Builder direction(Direction d) { direction = d; return this; }
        /** Seed {@code time_unit}, switch {@code -T}; NANOSECOND gives {@code -n}. */
        public Builder timeUnit(TimestampUnit unit) { timeUnit = unit; return this; }
        /** Seed {@code file}, switch {@code -f}: read a pcap or pcapng file instead. */
        public Builder file(Path path) { file = path; return this; }
        /** Seed {@code inject}, switch {@code -X}: allow {@link Epcap#send(byte[])}. */
        public Builder inject(boolean on) { inject = on; return this; }
        /** Seed {@code chroot}, switch {@code -d}. Unset: the port's private empty directory. */
        public Builder chroot(Path dir) { chroot = dir; return this; }
        /** Seed {@code user}, switch {@code -u}: the user the port drops to. */
        public Builder user(String name) { user = name; return this; }
        /** Seed {@code group}, switch {@code -g}: the group the port drops to. */
        public Builder group(String name) { group = name; return this; }
        /** Seed {@code progname}: the port program to run. */
        public Builder progname(Path path) { progname = path; return this; }
        /**
         * Seed {@code exec}: a command prefix split at white space, e.g. {@code "sudo -n"} or
         * {@code "strace -f -o trace"}; {@code ""} for none. Unset: see {@link ExecPolicy}.
         */
        public Builder exec(String commandPrefix) {
            Objects.requireNonNull(commandPrefix, "exec");
            String trimmed = commandPrefix.strip();
            exec = trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
            return this;
        }
        /** Seed {@code env}, switch {@code -e KEY=VAL}; repeatable. */
        public Builder env(String key, String value) {
            env.put(Objects.requireNonNull(key, "env key"), Objects.requireNonNull(value, "env value"));
            return this;
        }
        /** Seed {@code cpu_affinity} ("1,3,5-7"), switch {@code -a}. */
        public Builder cpuAffinity(String cpus) { cpuAffinity = cpus; return this; }
        /** Seed {@code cluster_id} (PF_RING, 0 to 255), switch {@code -c}. */
        public Builder clusterId(int id) { clusterId = id; return this; }
        /** Seed {@code verbose}, switch {@code -v} repeated; 0 for quiet. */
        public Builder verbose(int level) { verbose = level; return this; }
        /**
         * Bound of the pull-mode queue in bytes (at least 64 KiB); the library's, not the port's.
         * Through the pipe the reader stops reading when the queue holds this much, so memory peaks
         * at this plus one read (1 MiB) and, while a reply is awaited, what the pipe held ahead of
         * it. With the shared-memory ring consumers take packets from the ring, which is the
         * bound; the queue then only takes what is left in the ring when the port has ended.
         */
        public Builder queueBytes(int bytes) { queueBytes = bytes; return this; }
        /** How long start waits for the port's READY before killing it. */
        public Builder readyTimeout(Duration d) { readyTimeout = d; return this; }
        /**
         * Packets through a 4 MiB ring in {@code /dev/shm} shared with the port, so that each is
         * copied once on its way; false, or no usable {@code /dev/shm}, sends everything through
         * the port's stdout pipe. {@link Epcap#info()} says which is used. Not called: the ring,
         * except for a regular file smaller than the ring, whose packets take the pipe (setting
         * the ring up, a 4 MiB file written and mapped by both sides, costs more than the pipe's
         * extra copy of so few bytes: about 17 ms of CPU a start).
         */
        public Builder sharedMemory(boolean on) { sharedMemory = on; return this; }

        /**
         * The link-layer type to capture with, as {@code tcpdump -y} takes it (switch {@code -y}):
         * a name from libpcap's table without {@code DLT_}, in any case, or its number. The
         * port sets it after opening the device ({@code pcap_set_datalink}), so packets, the
         * filter and {@link CaptureInfo#dataLinkType()} are of that type. {@link
         * Epcap#interfaceTypes(Options)} lists what a device offers; a type it does not offer
         * makes {@link Epcap#start} throw a {@link CaptureException} with code {@link
         * ErrorCode#LINK_TYPE_NOT_SUPPORTED}, a name libpcap does not know a {@link
         * BadOptionException}. Unset: the device's own.
         *
         * <pre>{@code
         * // On "any", Linux cooked v2 headers (with the interface index) instead of v1:
         * Options o = Options.builder().interfaceName("any").linkType("LINUX_SLL2").build();
         * // On an Ethernet device, the same packets labelled as DOCSIS (143):
         * Options d = Options.builder().interfaceName("eth0").linkType("DOCSIS").build();
         * }</pre>
         */
        public Builder linkType(String type) { linkType = type; return this; }

        /**
         * The time-stamp type, as {@code tcpdump -j} takes it (switch {@code -j}): {@code host},
         * {@code host_lowprec}, {@code host_hiprec}, {@code host_hiprec_unsynced},
         * {@code adapter} or {@code adapter_unsynced}, set before the device is activated
         * ({@code pcap_set_tstamp_type}). {@link Epcap#interfaceTypes(Options)} lists what a
         * device offers; one it does not offer makes {@link Epcap#start} throw a {@link
         * CaptureException} with code {@link ErrorCode#TSTAMP_TYPE_NOT_SUPPORTED} (libpcap
         * itself would silently keep its default). Unset: the device's default.
         *
         * <pre>{@code
         * // Time stamps from the network adapter's clock, where the NIC offers it:
         * Options o = Options.builder().interfaceName("eth0").timestampType("adapter_unsynced").build();
         * }</pre>
         */
        public Builder timestampType(String type) { timestampType = type; return this; }

        /**
         * Validates every option and returns the value.
         *
         * @throws BadOptionException naming the option and why its value is refused
         */
        public Options build() {
            checkText("interfaceName", interfaceName, false);
            checkText("filter", filter, true);
            checkText("user", user, false);
            checkText("group", group, false);
            if (snaplen != null && (snaplen < 1 || snaplen > MAX_SNAPLEN)) {
                throw bad("snaplen", "must be 1 to " + MAX_SNAPLEN + " bytes, got " + snaplen);
            }
            if (buffer != null && buffer < 1) {
                throw bad("buffer", "must be a positive number of bytes, got " + buffer);
            }
            Timeout t = timeout;
            if (timeoutDuration != null) {
                try {
                    t = Timeout.of(timeoutDuration);
                } catch (IllegalArgumentException e) {
                    throw new BadOptionException(e.getMessage());
                }
            } else if (t == null) {
                throw bad("timeout", "must not be null");
            }
            if (direction == null) throw bad("direction", "must not be null");
            checkPath("file", file);
            checkPath("chroot", chroot);
            checkPath("progname", progname);
            if (file != null && interfaceName != null) {
                throw bad("file", "reads a file; it cannot be combined with interfaceName " + interfaceName);
            }
            if (file != null && inject) {
                throw bad("inject", "needs a live capture, not a file");
            }
            checkType("linkType", linkType);
            checkType("timestampType", timestampType);
            if (file != null && (linkType != null || timestampType != null)) {
                throw bad(linkType != null ? "linkType" : "timestampType", "needs a live capture, not a file");
            }
            if (exec != null) {
                for (String token : exec) checkText("exec", token, false);
            }
            for (Map.Entry<String, String> e : env.entrySet()) {
                if (!ENV_KEY.matcher(e.getKey()).matches()) {
                    throw bad("env", "key must be letters, digits and _, not starting with a digit, got \""
                            + e.getKey() + "\"");
                }
                checkText("env " + e.getKey(), e.getValue(), true);
            }
            if (cpuAffinity != null && !CPU_LIST.matcher(cpuAffinity).matches()) {
                throw bad("cpuAffinity", "must be a CPU list such as 1,3,5-7, got \"" + cpuAffinity + "\"");
            }
            if (clusterId != null && (clusterId < 0 || clusterId > 255)) {
                throw bad("clusterId", "must be 0 to 255, got " + clusterId);
            }
            if (verbose < 0) throw bad("verbose", "must be 0 or more, got " + verbose);
            if (queueBytes < 65536) throw bad("queueBytes", "must be at least 65536, got " + queueBytes);
            if (readyTimeout == null || readyTimeout.isNegative() || readyTimeout.isZero()) {
                throw bad("readyTimeout", "must be positive, got " + readyTimeout);
            }
            return new Options(this, t);
        }

        private static void checkText(String option, String value, boolean emptyOk) {
            if (value == null) return;
            if (!emptyOk && value.isBlank()) throw bad(option, "must not be empty");
            if (value.indexOf('\0') >= 0) throw bad(option, "must not contain a NUL character");
        }

        private static void checkType(String option, String value) {
            if (value != null && !TYPE_WORD.matcher(value).matches()) {
                throw bad(option, "must be a libpcap type name such as "
                        + (option.equals("linkType") ? "EN10MB or LINUX_SLL2, or a number" : "host or adapter_unsynced")
                        + ": 1 to 32 ASCII letters, digits and _, got \"" + printable(value) + "\"");
            }
        }

        /** A refused value as a message may show it: short, control characters escaped. */
        private static String printable(String value) {
            StringBuilder b = new StringBuilder();
            value.codePoints().limit(40).forEach(cp -> {
                if (cp < 0x20 || cp == 0x7f) b.append(String.format("\\x%02x", cp));
                else b.appendCodePoint(cp);
            });
            return value.codePointCount(0, value.length()) > 40 ? b + "..." : b.toString();
        }

        private static void checkPath(String option, Path p) {
            if (p != null) checkText(option, p.toString(), false);
        }

        private static BadOptionException bad(String option, String reason) {
            return new BadOptionException(option + ": " + reason);
        }
    }
}
