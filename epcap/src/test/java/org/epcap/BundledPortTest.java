package org.epcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The port program of the epcap-port jar on this module's class path (the one the port module
 * packaged from native/static/out): extracted to a user's cache, checked, repaired, shared by
 * JVMs starting at once, and a working port, statically linked.
 */
@Timeout(120)
class BundledPortTest {
    private static final String PLATFORM = "linux-x86_64";
    private static final ClassLoader LOADER = BundledPortTest.class.getClassLoader();

    @BeforeEach
    @AfterEach
    void forget() {
        BundledPort.forget();
    }

    /** The bundled program's bytes, read from the class path here, not through BundledPort. */
    private static byte[] bundled() throws IOException {
        assumeFalse(Boolean.getBoolean("epcap.static.skip"),
                "the build was told to skip the static port (-Depcap.static.skip=true; CI builds it)");
        try (InputStream in = LOADER.getResourceAsStream(BundledPort.resource(PLATFORM))) {
            assertTrue(in != null, "the epcap-port jar carries " + BundledPort.resource(PLATFORM));
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static Path extract(Path cache) {
        return BundledPort.extract(LOADER, PLATFORM, cache).orElseThrow();
    }

    @Test
    void extractsIntoTheCacheUnderItsHashForTheUserAlone(@TempDir Path dir) throws Exception {
        byte[] program = bundled();
        String hash = sha256(program);
        // sha256sum wrote the jar's hash file (native/static/build.sh): an oracle of our own hashing.
        try (InputStream in = LOADER.getResourceAsStream(BundledPort.resource(PLATFORM) + ".sha256")) {
            assertEquals(hash, new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+")[0]);
        }
        Path cache = dir.resolve("home/.cache/epcap");
        Path port = extract(cache);
        assertEquals(cache.resolve(hash).resolve("epcap"), port);
        assertArrayEquals(program, Files.readAllBytes(port));
        for (Path p : List.of(cache, port.getParent(), port)) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
        try (Stream<Path> left = Files.list(port.getParent())) {
            assertEquals(List.of(port), left.toList(), "no temporary file is left");
        }
    }

    @Test
    void theExtractedPortReadsAFileAsLibpcapDoes(@TempDir Path dir) throws Exception {
        bundled();
        Path port = extract(dir.resolve("cache"));
        Path file = Tools.assumeCorpus().resolve("tcpdump/dns_tcp.pcap");
        int n = 0;
        try (Epcap cap = Epcap.start(Options.builder().progname(port).file(file).build())) {
            while (cap.next() != null) n++;
            assertEquals(Version.LIBRARY, cap.info().portVersion(), "the bundled port is this release's");
        }
        String tcpdump = Tools.check(List.of(Tools.assumeTool("tcpdump").toString(), "-nn", "-r", file.toString()));
        assertEquals(tcpdump.lines().count(), n, "packets, as tcpdump counts them");
    }

    @Test
    void theBundledPortNeedsNoSharedLibrary(@TempDir Path dir) throws Exception {
        bundled();
        Path port = extract(dir.resolve("cache"));
        String dynamic = Tools.check(List.of(Tools.assumeTool("readelf").toString(), "-d", port.toString()));
        assertFalse(dynamic.contains("(NEEDED)"), "readelf -d lists no NEEDED library:\n" + dynamic);
    }

    @Test
    void aTamperedOrSwappedCopyIsReplaced(@TempDir Path dir) throws Exception {
        byte[] program = bundled();
        Path cache = dir.resolve("cache");
        Path port = extract(cache);
        // Another program under the same name (a truncated download, an attacker with the user's rights).
        Files.write(port, "#!/bin/sh\necho not the port\n".getBytes(StandardCharsets.US_ASCII));
        BundledPort.forget();
        assertEquals(port, extract(cache));
        assertArrayEquals(program, Files.readAllBytes(port), "the program is written again");
        // A symbolic link in its place: the link is replaced, its target untouched.
        Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "keep me");
        Files.delete(port);
        Files.createSymbolicLink(port, elsewhere);
        BundledPort.forget();
        assertEquals(port, extract(cache));
        assertTrue(Files.isRegularFile(port, LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep me", Files.readString(elsewhere));
        // Writable by the group: replaced by one that is not.
        Files.setPosixFilePermissions(port, PosixFilePermissions.fromString("rwxrwx---"));
        BundledPort.forget();
        extract(cache);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(port)));
    }

    @Test
    void aCacheOthersMayWriteIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        bundled();
        Path cache = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        PortNotFoundException e = assertThrows(PortNotFoundException.class, () -> extract(cache));
        assertTrue(e.getMessage().contains(cache.toString()) && e.getMessage().contains("written by others")
                && e.getMessage().contains(BundledPort.CACHE_PROPERTY), e.getMessage());
    }

    /** Four JVMs extract into one empty cache at once: each ends with the whole program. */
    @Test
    void jvmsStartingAtOnceShareTheCache(@TempDir Path dir) throws Exception {
        byte[] program = bundled();
        Path cache = dir.resolve("cache");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> jvms = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            jvms.add(new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                    "-D" + BundledPort.CACHE_PROPERTY + "=" + cache, ExtractMain.class.getName())
                    .redirectErrorStream(true).start());
        }
        Path expected = cache.resolve(sha256(program)).resolve("epcap");
        for (Process p : jvms) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.endsWith(expected + " " + sha256(Files.readAllBytes(expected))), out);
        }
        assertArrayEquals(program, Files.readAllBytes(expected));
        try (Stream<Path> left = Files.list(expected.getParent())) {
            assertEquals(List.of(expected), left.toList(), "no temporary file is left");
        }
    }

    /** The library finds the bundled port by itself when nothing names or installs another. */
    @Test
    void portProgramChoosesTheBundledOneLast(@TempDir Path dir) throws Exception {
        bundled();
        assumeFalse(System.getenv(PortProgram.ENVIRONMENT) != null, PortProgram.ENVIRONMENT + " is set");
        assumeFalse(Files.exists(Path.of(PortProgram.SYSTEM_PATH)) || Files.exists(Path.of(PortProgram.PACKAGE_PATH)),
                "a port is installed on this machine");
        String old = System.getProperty(PortProgram.PROPERTY);
        String oldCache = System.getProperty(BundledPort.CACHE_PROPERTY);
        try {
            System.clearProperty(PortProgram.PROPERTY);
            System.setProperty(BundledPort.CACHE_PROPERTY, dir.resolve("cache").toString());
            PortProgram.Choice c = PortProgram.choose(Options.builder().file(Path.of("x.pcap")).build());
            assertEquals(PortProgram.Source.BUNDLED, c.source());
            assertTrue(c.path().startsWith(dir.resolve("cache")), c.path().toString());
            try (Epcap cap = Epcap.start(Options.builder()
                    .file(Tools.assumeCorpus().resolve("tcpdump/dns_tcp.pcap")).timeout(Duration.ofSeconds(5)).build())) {
                assertEquals(Optional.of(PortProgram.Source.BUNDLED),
                        Optional.ofNullable(cap.info().portProgram()).map(PortProgram.Choice::source));
            }
        } finally {
            if (old != null) System.setProperty(PortProgram.PROPERTY, old);
            if (oldCache == null) System.clearProperty(BundledPort.CACHE_PROPERTY);
            else System.setProperty(BundledPort.CACHE_PROPERTY, oldCache);
        }
    }

    /** One JVM of {@link #jvmsStartingAtOnceShareTheCache}: prints the path and the hash it sees. */
    public static final class ExtractMain {
        public static void main(String[] args) throws Exception {
            Path p = BundledPort.extract().orElseThrow();
            System.out.println(p + " " + sha256(Files.readAllBytes(p)));
        }
    }
}
