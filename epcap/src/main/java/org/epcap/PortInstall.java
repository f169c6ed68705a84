package org.epcap;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The install command for a user who has the jars and no clone: run as root, it installs the
 * port program that the epcap-port jar carries at {@value PortProgram#SYSTEM_PATH}, owned
 * {@code root:epcap}, mode 0750, with {@code cap_net_raw,cap_net_admin=ep} (Wireshark's dumpcap
 * model), and adds users to the group. It runs the same script as a clone's
 * {@code bin/epcap-install}, which the jar carries too, on the bundled program; the switches are
 * that script's ({@code --user NAME}, {@code --uninstall}, {@code --dest PATH}, ...).
 *
 * <pre>
 * sudo java -cp "$(the application's class path)" org.epcap.PortInstall --user alice
 * sudo java -cp ... org.epcap.PortInstall --uninstall
 * </pre>
 *
 * <p>{@link PermissionDeniedException} and {@link Epcap#diagnose} print the first line with
 * this JVM's class path filled in ({@link #command}).
 */
public final class PortInstall {
    /** Where the epcap-port jar holds {@code bin/epcap-install}. */
    static final String SCRIPT = "org/epcap/port/epcap-install";

    private PortInstall() {
    }

    /**
     * The command that installs the bundled port for {@code user}, with this JVM's class path;
     * empty when no epcap-port jar for this platform is on it.
     */
    public static String command(String user) {
        if (BundledPort.platform().isEmpty()
                || PortInstall.class.getClassLoader().getResource(SCRIPT) == null
                || PortInstall.class.getClassLoader().getResource(BundledPort.resource(BundledPort.platform().get())) == null) {
            return "";
        }
        String cp = Stream.of(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(s -> !s.isEmpty()).map(s -> Path.of(s).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Quoted for the shell: a quote inside a path closes, escapes and reopens.
        return "sudo " + java + " -cp '" + cp.replace("'", "'\\''") + "' " + PortInstall.class.getName()
                + " --user " + user;
    }

    /**
     * The install command(s) to name in a message: a clone's {@code bin/epcap-install}, and this
     * class with this JVM's class path when the jars carry a port.
     */
    static String howTo(String user) {
        String fromJars = command(user);
        return "sudo bin/epcap-install --user " + user + " (from the epcap sources)"
                + (fromJars.isEmpty() ? "" : " or, from the jars, " + fromJars);
    }

    /** Runs the install script on the bundled port; exits with its status. */
    public static void main(String[] args) throws Exception {
        if (!ExecPolicy.isRoot()) {
            System.err.println("epcap-install: run it as root: sudo java -cp ... " + PortInstall.class.getName()
                    + " " + String.join(" ", args));
            System.exit(1);
        }
        String platform = BundledPort.platform().orElse(null);
        ClassLoader loader = PortInstall.class.getClassLoader();
        if (platform == null || loader.getResource(BundledPort.resource(platform)) == null
                || loader.getResource(SCRIPT) == null) {
            System.err.println("epcap-install: no epcap-port jar for this platform ("
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ") on the class path");
            System.exit(1);
        }
        // Root's own directory, mode 0700: nobody else can swap the program or the script
        // between their extraction and their use.
        Path dir = Files.createTempDirectory("epcap-install-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        int status;
        try {
            List<String> argv = new ArrayList<>(List.of("bash", extract(loader, SCRIPT, dir.resolve("epcap-install")).toString()));
            boolean uninstall = List.of(args).contains("--uninstall");
            if (!uninstall) {
                // The bundled program, hash checked, from a cache of root's own in this directory.
                Path port = BundledPort.extract(loader, platform, dir.resolve("cache")).orElseThrow();
                argv.addAll(List.of("--port", port.toString()));
            }
            argv.addAll(List.of(args));
            status = new ProcessBuilder(argv).inheritIO().start().waitFor();
        } finally {
            deleteTree(dir);
        }
        System.exit(status);
    }

    private static Path extract(ClassLoader loader, String resource, Path to) throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
