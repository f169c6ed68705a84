package org.epcap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The port program that the {@code org.epcap:epcap-port} artifact carries for this platform,
 * extracted to a per-user cache directory so that it can run.
 *
 * <p>The jar holds {@code org/epcap/port/PLATFORM/epcap} and its SHA-256 beside it
 * ({@code epcap.sha256}); PLATFORM is {@code linux-x86_64} or {@code linux-aarch64}. The program
 * goes to {@code CACHE/SHA256/epcap}, where CACHE is the system property {@value #CACHE_PROPERTY},
 * else {@code $XDG_CACHE_HOME/epcap}, else {@code ~/.cache/epcap} (never {@code /tmp}, which is
 * often mounted {@code noexec}). The cache and its directories are the user's own, mode 0700; a
 * cached program is used only when it is the user's, a regular file nobody else may write, with
 * the expected hash. Extraction writes a temporary file in the same directory, checks its hash and
 * renames it into place, so two JVMs extracting at once both end with the whole program.
 *
 * <pre>{@code
 * Optional<Path> port = BundledPort.extract();   // empty where no epcap-port jar is on the class path
 * }</pre>
 *
 * <p>Threads: any thread; each cache directory is extracted into at most once per JVM.
 */
public final class BundledPort {
    /** The system property naming the cache directory, for installations whose home is not writable. */
    public static final String CACHE_PROPERTY = "epcap.cache";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    /** What this JVM extracted and checked already, by cache directory: the hash is read once. */
    private static final ConcurrentHashMap<Path, Path> EXTRACTED = new ConcurrentHashMap<>();

    private BundledPort() {
    }

    /**
     * This machine's platform as the epcap-port classifiers name it, e.g. {@code linux-x86_64},
     * or empty where no port is built.
     */
    public static Optional<String> platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.equals("linux")) return Optional.empty();
        return switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> Optional.of("linux-x86_64");
            case "aarch64", "arm64" -> Optional.of("linux-aarch64");
            default -> Optional.empty();
        };
    }

    /** Where the bundled port for {@code platform} lies in the epcap-port jar. */
    static String resource(String platform) {
        return "org/epcap/port/" + platform + "/epcap";
    }

    /**
     * The bundled port, extracted into the cache (or found there, checked), or empty when no
     * epcap-port jar for this platform is on the class path.
     *
     * @throws PortNotFoundException when the jar is there but its program cannot be made to run:
     *                               a corrupt jar, a cache that is not the user's, a full disk
     */
    public static Optional<Path> extract() {
        Optional<String> platform = platform();
        if (platform.isEmpty()) return Optional.empty();
        return extract(BundledPort.class.getClassLoader(), platform.get(), cacheDirectory());
    }

    /** Forgets what this JVM extracted: for tests that change the cache under it. */
    static void forget() {
        EXTRACTED.clear();
    }

    /** The cache directory: {@value #CACHE_PROPERTY}, else the XDG cache, else {@code ~/.cache}. */
    static Path cacheDirectory() {
        String p = System.getProperty(CACHE_PROPERTY);
        if (p != null && !p.isBlank()) return Path.of(p);
        String xdg = System.getenv("XDG_CACHE_HOME");
        // The XDG specification: a relative path is invalid and is ignored.
        if (xdg != null && xdg.startsWith("/")) return Path.of(xdg, "epcap");
        return Path.of(System.getProperty("user.home"), ".cache", "epcap");
    }

    /** As {@link #extract()}, from {@code loader}'s resources into {@code cache}: what tests call. */
    static Optional<Path> extract(ClassLoader loader, String platform, Path cache) {
        URL program = loader.getResource(resource(platform));
        if (program == null) return Optional.empty();
        Path done = EXTRACTED.get(cache);
        if (done != null && Files.isRegularFile(done, LinkOption.NOFOLLOW_LINKS)) return Optional.of(done);
        URL hashFile = loader.getResource(resource(platform) + ".sha256");
        if (hashFile == null) throw new PortNotFoundException("the bundled port " + program + " has no epcap.sha256");
        try {
            String expected = readHash(hashFile);
            Path dir = ownDirectory(ownDirectory(cache).resolve(expected));
            Path target = dir.resolve("epcap");
            if (!usable(target, expected)) {
                install(program, dir, target, expected);
                Log.LOGGER.log(System.Logger.Level.INFO, "the bundled port program is extracted to {0}", target);
            }
            EXTRACTED.put(cache, target);
            return Optional.of(target);
        } catch (IOException | UncheckedIOException e) {
            throw new PortNotFoundException("the bundled port program cannot be extracted into " + cache + ": " + e
                    + " (set -D" + CACHE_PROPERTY + "=DIR to a directory of your own)", e);
        }
    }

    private static String readHash(URL hashFile) throws IOException {
        try (InputStream in = hashFile.openStream()) {
            String hash = new String(in.readNBytes(128), StandardCharsets.US_ASCII).trim();
            // sha256sum's layout ("HASH  FILE") as well as the bare hash.
            int space = hash.indexOf(' ');
            if (space > 0) hash = hash.substring(0, space);
            if (!SHA256.matcher(hash).matches()) throw new IOException(hashFile + " holds no SHA-256: " + hash);
            return hash;
        }
    }

    /**
     * {@code dir}, created mode 0700 when missing; refused unless it is a directory of this
     * user's that nobody else may write (else another user could swap the program under us).
     */
    private static Path ownDirectory(Path dir) throws IOException {
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException exists) {
            // checked below
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory()) throw new IOException(dir + " is not a directory");
        requireOwn(dir, a);
        return dir;
    }

    private static void requireOwn(Path p, PosixFileAttributes a) throws IOException {
        String me = System.getProperty("user.name");
        if (!a.owner().getName().equals(me)) throw new IOException(p + " belongs to " + a.owner().getName() + ", not " + me);
        Set<PosixFilePermission> perms = a.permissions();
        if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(p + " may be written by others (" + PosixFilePermissions.toString(perms) + ")");
        }
    }

    /** Whether {@code target} is there, the user's, unwritable by others, executable, with the hash. */
    private static boolean usable(Path target, String expected) throws IOException {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException missing) {
            return false;
        }
        if (!a.isRegularFile()) return false;
        try {
            requireOwn(target, a);
        } catch (IOException notOurs) {
            return false;
        }
        if (!a.permissions().contains(PosixFilePermission.OWNER_EXECUTE)) return false;
        try (InputStream in = Files.newInputStream(target, LinkOption.NOFOLLOW_LINKS)) {
            return expected.equals(sha256(in, OutputStream.nullOutputStream()));
        }
    }

    /** Not synced to disk: a program torn by a crash fails its hash at the next JVM's start. */
    private static void install(URL program, Path dir, Path target, String expected) throws IOException {
        Path tmp = Files.createTempFile(dir, ".epcap-", ".part", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            String got;
            try (InputStream in = program.openStream();
                 OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                got = sha256(in, out);
            }
            if (!got.equals(expected)) {
                throw new IOException("the bundled port " + program + " has SHA-256 " + got + ", its jar says "
                        + expected + ": the jar is corrupt");
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the cache's file system cannot rename atomically", e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Copies {@code in} to {@code out} and returns the bytes' SHA-256 in hex. */
    private static String sha256(InputStream in, OutputStream out) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
            out.write(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
