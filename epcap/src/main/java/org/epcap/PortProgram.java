package org.epcap;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the port program, in this order: {@link Options#progname()}, the system property
 * {@code epcap.progname}, the environment variable {@code EPCAP_PROGNAME}, the system-installed
 * port at {@value #SYSTEM_PATH} (what {@code bin/epcap-install} puts there, with capabilities
 * for the group {@code epcap}) or {@value #PACKAGE_PATH} (the epcap-port Debian package's),
 * the port the {@code org.epcap:epcap-port} jar carries for this platform ({@link BundledPort},
 * extracted to a per-user cache), then {@code epcap} on the {@code PATH}. {@link CaptureInfo}
 * says which was used.
 *
 * <pre>{@code
 * PortProgram.Choice c = PortProgram.choose(options);
 * System.out.println(c.path() + " (" + c.source() + ")");
 * }</pre>
 *
 * <p>Threads: static methods without shared state; any thread may call them.
 */
public final class PortProgram {
    /** The system property naming the port program. */
    public static final String PROPERTY = "epcap.progname";
    /** The environment variable naming the port program. */
    public static final String ENVIRONMENT = "EPCAP_PROGNAME";
    /** Where bin/epcap-install puts the port: the library looks there without being told. */
    public static final String SYSTEM_PATH = "/usr/local/libexec/epcap";
    /** Where the epcap-port Debian package (bin/build-deb) puts it; looked at after {@link #SYSTEM_PATH}. */
    public static final String PACKAGE_PATH = "/usr/libexec/epcap/epcap";
    private static final String NAME = "epcap";
    /** Why the bundled port could not be used, when it could not: locate's message says it. */
    private static volatile String bundledProblem;

    /** Where the port program was found. */
    public enum Source {
        /** {@link Options.Builder#progname}. */
        OPTIONS,
        /** The system property {@value PortProgram#PROPERTY}. */
        PROPERTY,
        /** The environment variable {@value PortProgram#ENVIRONMENT}. */
        ENVIRONMENT,
        /** The system-installed port, {@value PortProgram#SYSTEM_PATH} or {@value PortProgram#PACKAGE_PATH}. */
        SYSTEM,
        /** The epcap-port jar's, extracted by {@link BundledPort}. */
        BUNDLED,
        /** {@code epcap} on the {@code PATH}, or a bare {@code epcap} when it is nowhere. */
        PATH
    }

    /** The port program chosen, and why. */
    public record Choice(Path path, Source source) {
    }

    private PortProgram() {
    }

    /** The port program these options name, found or not (a bare {@code epcap} when nothing matched). */
    public static Path resolve(Options options) {
        return choose(options).path();
    }

    /** As {@link #resolve}, with the reason for the choice. */
    public static Choice choose(Options options) {
        if (options.progname().isPresent()) return new Choice(options.progname().get(), Source.OPTIONS);
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) return new Choice(Path.of(p), Source.PROPERTY);
        p = System.getenv(ENVIRONMENT);
        if (p != null && !p.isBlank()) return new Choice(Path.of(p), Source.ENVIRONMENT);
        // Owned root:epcap, mode 0750: present for everyone, runnable by its group.
        for (String installed : new String[] {SYSTEM_PATH, PACKAGE_PATH}) {
            Path system = Path.of(installed);
            if (Files.isRegularFile(system)) return new Choice(system, Source.SYSTEM);
        }
        try {
            Optional<Path> bundled = BundledPort.extract();
            if (bundled.isPresent()) return new Choice(bundled.get(), Source.BUNDLED);
        } catch (PortNotFoundException e) {
            bundledProblem = e.getMessage();
            Log.LOGGER.log(System.Logger.Level.WARNING, e.getMessage());
        }
        Path found = onPath(NAME);
        return new Choice(found != null ? found : Path.of(NAME), Source.PATH);
    }

    /**
     * The port program, checked to be an executable file.
     *
     * @throws PortNotFoundException when it is missing or not executable
     */
    public static Path locate(Options options) {
        Path p = resolve(options);
        if (!p.isAbsolute() && p.getNameCount() == 1 && !Files.exists(p)) {
            throw new PortNotFoundException("port program " + p + " not found: install it with sudo bin/epcap-install"
                    + " (from the epcap sources; it goes to " + SYSTEM_PATH + ", where the library looks), or name"
                    + " it with Options.progname, the system property " + PROPERTY + " or " + ENVIRONMENT
                    + ", or put it on the PATH" + (bundledProblem == null ? "" : "; " + bundledProblem));
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
        if (!Files.isExecutable(p)) {
            String group = runnableByGroupOnly(p);
            if (group != null) {
                String user = System.getProperty("user.name");
                throw new PermissionDeniedException(what + " " + p + " may be run by the members of the group "
                        + group + " only: sudo usermod -aG " + group + " " + user + ", then log in again");
            }
            throw new PortNotFoundException(what + " " + p + " is not executable");
        }
    }

    /** The group of a program that its group may run and others may not (the dumpcap model), else null. */
    private static String runnableByGroupOnly(Path p) {
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
            Set<PosixFilePermission> perms = a.permissions();
            if (perms.contains(PosixFilePermission.GROUP_EXECUTE) && !perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return a.group().getName();
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system, or unreadable attributes: only "not executable" is known.
        }
        return null;
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
