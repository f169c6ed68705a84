package org.epcap;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the port program: {@link Options#progname()}, else the system property
 * {@code epcap.progname}, else the environment variable {@code EPCAP_PROGNAME}, else
 * {@code epcap} on the {@code PATH}.
 *
 * <p>Threads: static methods without shared state; any thread may call them.
 */
public final class PortProgram {
    /** The system property naming the port program. */
    public static final String PROPERTY = "epcap.progname";
    /** The environment variable naming the port program. */
    public static final String ENVIRONMENT = "EPCAP_PROGNAME";
    private static final String NAME = "epcap";

    private PortProgram() {
    }

    /** The port program these options name, found or not (a bare {@code epcap} when nothing matched). */
    public static Path resolve(Options options) {
        if (options.progname().isPresent()) return options.progname().get();
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) return Path.of(p);
        p = System.getenv(ENVIRONMENT);
        if (p != null && !p.isBlank()) return Path.of(p);
        Path found = onPath(NAME);
        return found != null ? found : Path.of(NAME);
    }

    /**
     * The port program, checked to be an executable file.
     *
     * @throws PortNotFoundException when it is missing or not executable
     */
    public static Path locate(Options options) {
        Path p = resolve(options);
        if (!p.isAbsolute() && p.getNameCount() == 1 && !Files.exists(p)) {
            throw new PortNotFoundException("port program " + p + " not found: set Options.progname, "
                    + "the system property " + PROPERTY + ", " + ENVIRONMENT + ", or put it on the PATH");
        }
        requireExecutable(p, "port program");
        return p;
    }

    /** Checks the first token of an exec prefix the way the shell would find it. */
    static void requireCommand(String command) {
        Path p = command.contains("/") ? Path.of(command) : onPath(command);
        if (p == null) throw new PortNotFoundException("exec prefix command " + command + " not found on the PATH");
        requireExecutable(p, "exec prefix command");
    }

    private static void requireExecutable(Path p, String what) {
        if (!Files.exists(p)) throw new PortNotFoundException(what + " " + p + " does not exist");
        if (!Files.isRegularFile(p)) throw new PortNotFoundException(what + " " + p + " is not a file");
        if (!Files.isExecutable(p)) throw new PortNotFoundException(what + " " + p + " is not executable");
    }

    static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }
}
