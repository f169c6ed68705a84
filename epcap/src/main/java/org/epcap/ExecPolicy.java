package org.epcap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Decides the exec prefix when {@link Options.Builder#exec(String)} was not given: the one
 * place where the library judges whether the port program needs to be raised to capture.
 *
 * <p>The seed's rule: {@code sudo -n} for a live capture when this JVM is not root; nothing
 * when the JVM is root or a file is read. And nothing either when the port program captures
 * by itself, e.g. installed with {@code setcap cap_net_raw,cap_net_admin+ep} (asked once
 * through {@link Privileges}).
 *
 * <p>Threads: static methods without shared state; any thread may call them.
 */
public final class ExecPolicy {
    private static final List<String> SUDO = List.of("sudo", "-n");

    private ExecPolicy() {
    }

    /**
     * The command {@link Epcap#start} runs for these options: {@link Options#argv()} with the
     * explicit exec prefix, or else the default one. Choosing the default may run the port
     * program once with {@code -p} (see {@link Privileges}).
     *
     * <pre>{@code
     * ExecPolicy.command(Options.builder().interfaceName("eth0").build());
     * // [sudo, -n, /usr/local/libexec/epcap, -i, eth0, -Q, inout, -t, 0] as a user without rights
     * }</pre>
     */
    public static List<String> command(Options options) {
        return options.command(prefix(options), List.of());
    }

    /** The explicit exec prefix, or the default one. */
    static List<String> prefix(Options options) {
        return options.exec().orElseGet(() -> defaultPrefix(options));
    }

    /** The prefix tokens for these options when none was given explicitly. */
    public static List<String> defaultPrefix(Options options) {
        if (!options.isLive() || isRoot()) return List.of();
        // A port program with file capabilities (setcap) captures by itself.
        if (Privileges.capturesUnprefixed(PortProgram.resolve(options))) return List.of();
        return SUDO;
    }

    /** True when this process runs with effective user id 0. */
    public static boolean isRoot() {
        try {
            // /proc/self belongs to the process's effective uid.
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer && (Integer) uid == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
