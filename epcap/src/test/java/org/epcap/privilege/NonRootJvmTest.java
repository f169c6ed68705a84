package org.epcap.privilege;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.epcap.Epcap;
import org.epcap.testing.Netns;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A JVM that is not root captures live: through a {@code sudo -n} rule for the port program,
 * or through file capabilities on a copy of it (then with no exec prefix at all); with
 * neither it gets the typed permission error. The child JVM runs as nobody inside the test's
 * own network namespace.
 */
class NonRootJvmTest {
    private static final int UDP_PORT = 7001;
    private static final int COUNT = 10;
    private static final String NOBODY = "65534";

    private static Path work;
    private static Path classpath;
    private static Netns net;

    @BeforeAll
    static void setUp() throws Exception {
        Tools.assumeRoot();
        Tools.assumeTool("setpriv");
        PortBuilds.port();
        net = Netns.create();
        work = Files.createTempDirectory("epcap-nonroot");
        open(work);
        classpath = work.resolve("classes");
        copyTree(codeSource(Epcap.class), classpath);
        Path child = codeSource(ChildCapture.class).resolve("org/epcap/privilege");
        Files.createDirectories(classpath.resolve("org/epcap/privilege"));
        try (Stream<Path> s = Files.list(child)) {
            for (Path p : (Iterable<Path>) s.filter(p -> p.getFileName().toString().startsWith("ChildCapture"))::iterator) {
                Files.copy(p, classpath.resolve("org/epcap/privilege").resolve(p.getFileName()));
            }
        }
        try (Stream<Path> s = Files.walk(classpath)) {
            for (Path p : (Iterable<Path>) s::iterator) open(p);
        }
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (net != null) net.close();
        if (work != null) {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted((x, y) -> y.compareTo(x)).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void sudoRuleForThePortProgram() throws Exception {
        Tools.assumeTool("sudo");
        Path port = PortBuilds.port();
        Path rule = Path.of("/etc/sudoers.d/epcap-test-" + ProcessHandle.current().pid());
        try {
            Files.writeString(rule, "nobody ALL=(root) NOPASSWD: " + port + "\n");
            Files.setPosixFilePermissions(rule, PosixFilePermissions.fromString("r--r-----"));
            Tools.check(List.of(Tools.assumeTool("visudo").toString(), "-cf", rule.toString()));
            List<String> out = runChild(port, "default", true);
            assertEquals("PREFIX sudo -n", out.get(0), "the default prefix: " + out);
            assertTrue(out.contains("CAPTURED " + COUNT), "captured through sudo: " + out);
            // The port, root through sudo, opened the ring as the sudo caller.
            assertTrue(out.stream().anyMatch(l -> l.startsWith("READY ") && l.endsWith(" ring")),
                    "packets through the shared-memory ring: " + out);
            assertRefusedAsRoot(port);
        } finally {
            Files.deleteIfExists(rule);
        }
    }

    @Test
    void fileCapabilitiesOnACopy() throws Exception {
        Tools.assumeTool("setcap");
        Path dir = work.resolve("caps");
        Files.createDirectories(dir);
        // Others may enter it and run the program, but not list or change it.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path port = dir.resolve("epcap");
        Files.copy(PortBuilds.port(), port, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(port, PosixFilePermissions.fromString("rwxr-xr-x"));
        Tools.check(List.of(Tools.assumeTool("setcap").toString(), "cap_net_raw,cap_net_admin+ep", port.toString()));
        List<String> out = runChild(port, "default", true);
        assertEquals("PREFIX none", out.get(0), "no sudo for a port with file capabilities: " + out);
        assertTrue(out.stream().anyMatch(l -> l.startsWith("READY ") && l.endsWith(" ring")),
                "the port, the JVM's own user, opened the ring: " + out);
        assertTrue(out.contains("CAPTURED " + COUNT), "captured with file capabilities: " + out);
        assertRefusedAsRoot(port);
    }

    /**
     * bin/epcap-install, the dumpcap model in one command: the copy is root:GROUP 0750 with the
     * capabilities, a member captures with no prefix, and someone outside the group gets the
     * permission error naming the command that lets them in.
     */
    @Test
    void installCommandGrantsItsGroupOnly() throws Exception {
        Path script = Path.of(System.getProperty("user.dir")).resolveSibling("bin/epcap-install");
        String group = "epcapt" + ProcessHandle.current().pid();
        Path dir = work.resolve("libexec");
        Files.createDirectories(dir);
        open(dir);
        Path port = dir.resolve("epcap");
        List<String> install = List.of(script.toString(), "--port", PortBuilds.port().toString(), "--dest",
                port.toString(), "--group", group, "--user", "nobody");
        try {
            Tools.Result r = Tools.run(install);
            assertEquals(0, r.status(), r.out() + r.err());
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(port)));
            assertEquals(group, Files.readAttributes(port, java.nio.file.attribute.PosixFileAttributes.class)
                    .group().getName());
            String caps = Tools.run(List.of(Tools.assumeTool("getcap").toString(), port.toString())).out();
            assertTrue(caps.contains("cap_net_admin,cap_net_raw=ep"), caps);
            List<String> member = runChild(port, "default", true, "--init-groups");
            assertEquals("PREFIX none", member.get(0), "a member needs no prefix: " + member);
            assertTrue(member.contains("CAPTURED " + COUNT), "a member captures: " + member);
            List<String> other = runChild(port, "default", false, "--clear-groups");
            assertTrue(other.size() > 1 && other.get(1).startsWith("ERROR PermissionDeniedException")
                    && other.get(1).contains("usermod -aG " + group), "outside the group: " + other);
        } finally {
            Tools.run(List.of(script.toString(), "--uninstall", "--dest", port.toString(), "--group", group));
        }
        assertTrue(!Files.exists(port), "uninstalled");
    }

    /** The port's allow-list refuses user("root") to this caller: a typed error with its reason. */
    private static void assertRefusedAsRoot(Path port) throws Exception {
        List<String> out = runChild(port, "asroot", false);
        assertTrue(out.size() > 1 && out.get(1).startsWith("ERROR PermissionDeniedException ")
                && out.get(1).contains("-u root: a caller other than root may run the port only as themselves"),
                "user(root) is refused with the port's reason: " + out);
    }

    @Test
    void neitherGivesThePermissionError() throws Exception {
        Path dir = work.resolve("plain");
        Files.createDirectories(dir);
        open(dir);
        Path port = dir.resolve("epcap");
        Files.copy(PortBuilds.port(), port, StandardCopyOption.REPLACE_EXISTING);
        open(port);
        List<String> out = runChild(port, "noprefix", false);
        assertEquals("PREFIX none", out.get(0));
        assertTrue(out.size() > 1 && out.get(1).startsWith("ERROR PermissionDeniedException"),
                "the typed permission error: " + out);
    }

    @Test
    void neitherWithTheDefaultSudoPrefix() throws Exception {
        Tools.assumeTool("sudo");
        Path dir = work.resolve("nosudo");
        Files.createDirectories(dir);
        open(dir);
        Path port = dir.resolve("epcap");
        Files.copy(PortBuilds.port(), port, StandardCopyOption.REPLACE_EXISTING);
        open(port);
        List<String> out = runChild(port, "default", false);
        assertEquals("PREFIX sudo -n", out.get(0));
        // sudo exits 1 before the port runs, so no ERROR frame says why; the library asks sudo
        // (sudo -n -l) and reports the refusal as the permission error it is.
        assertTrue(out.size() > 1 && out.get(1).startsWith("ERROR PermissionDeniedException"),
                "sudo refusing (no rule) is the typed permission error: " + out);
    }

    /** Runs the child JVM as nobody in namespace B; sends the traffic once it is READY. */
    private static List<String> runChild(Path port, String mode, boolean expectReady) throws Exception {
        return runChild(port, mode, expectReady, "--clear-groups");
    }

    /** As above; {@code groups} is setpriv's --clear-groups, or --init-groups for nobody's own. */
    private static List<String> runChild(Path port, String mode, boolean expectReady, String groups)
            throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of("ip", "netns", "exec", net.b(), "setpriv", "--reuid=" + NOBODY,
                "--regid=" + NOBODY, groups, java, "-XX:-UsePerfData", "-Xshare:auto", "-cp",
                classpath.toString(), ChildCapture.class.getName(), port.toString(), net.vethB(),
                Integer.toString(UDP_PORT), Integer.toString(COUNT), mode);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
                if (line.startsWith("READY")) net.sendUdp(net.a(), net.ipB(), UDP_PORT, COUNT, 32);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("child JVM did not end: " + lines);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        assertTrue(!lines.isEmpty(), "the child printed nothing (exit " + p.exitValue() + ")");
        assertEquals(expectReady, lines.stream().anyMatch(l -> l.startsWith("READY")), lines.toString());
        return lines;
    }

    private static Path codeSource(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** World-readable (and, for directories and programs, world-executable). */
    private static void open(Path p) {
        try {
            boolean exec = Files.isDirectory(p) || Files.isExecutable(p);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
