package org.epcap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What stands between this JVM and a live capture, found without starting one: which port
 * program would run and why, its release against the library's, how it would gain capture
 * rights (root, file capabilities, a sudo rule, or not at all), the caller's groups, the mount
 * flags under the port, and {@code /dev/shm}. Each problem comes with the command that fixes
 * it. {@code sniff --doctor} prints it.
 *
 * <pre>{@code
 * Diagnosis d = Epcap.diagnose(Options.builder().build());
 * System.out.print(d.report());
 * if (!d.ok()) System.exit(1);
 * }</pre>
 *
 * <p>Threads: immutable; safe to share between threads.
 *
 * @param findings every check, in the order made
 */
public record Diagnosis(List<Finding> findings) {
    /**
     * One check.
     *
     * @param subject what was looked at ("port program", "release", ...)
     * @param found   what was found
     * @param problem true when it stops or degrades live capture
     * @param fix     the command or step that mends it; empty when there is nothing to mend
     */
    public record Finding(String subject, String found, boolean problem, String fix) {
    }

    public Diagnosis {
        findings = List.copyOf(findings);
    }

    /** True when no check found a problem. */
    public boolean ok() {
        return findings.stream().noneMatch(Finding::problem);
    }

    /** The findings, one per line, each problem followed by its fix. */
    public String report() {
        StringBuilder b = new StringBuilder();
        for (Finding f : findings) {
            b.append(f.problem() ? "PROBLEM " : "ok      ").append(f.subject()).append(": ").append(f.found()).append('\n');
            if (f.problem() && !f.fix().isEmpty()) b.append("        fix: ").append(f.fix()).append('\n');
        }
        return b.toString();
    }

    private static final Pattern RELEASE = Pattern.compile("^epcap (\\S+),");
    private static final String INSTALL = PortInstall.howTo(System.getProperty("user.name")) + ", then log in again";

    /** Runs the checks for the port program {@code options} name. */
    static Diagnosis of(Options options) {
        List<Finding> out = new ArrayList<>();
        PortProgram.Choice choice = PortProgram.choose(options);
        Path port = choice.path();
        out.add(new Finding("port program", port + " (from " + choice.source() + ")", false, ""));
        try {
            PortProgram.locate(options);
        } catch (PermissionDeniedException | PortNotFoundException e) {
            out.add(new Finding("port program", e.getMessage(), true, e instanceof PermissionDeniedException
                    ? e.getMessage().substring(e.getMessage().indexOf(": ") + 2) : INSTALL));
            groups(out);
            return new Diagnosis(out);
        }
        String release = release(port);
        boolean same = Version.LIBRARY.equals(release);
        out.add(new Finding("release", "port " + (release == null ? "does not say" : release) + ", library "
                + Version.LIBRARY, !same, "install the port of the library's release: " + INSTALL));
        Privileges.Capture rights = Privileges.probe(port);
        boolean sudo = rights == Privileges.Capture.NONE && !SudoCheck.refuses(List.of("sudo"), port);
        out.add(new Finding("capture rights", switch (rights) {
            case ROOT -> "this JVM is root";
            case CAPABILITIES -> "the port has cap_net_raw from file capabilities";
            case NONE -> sudo ? "none of its own; a sudo rule lets 'sudo -n' run it" : "none: not root, no file"
                    + " capabilities, no sudo rule";
        }, rights == Privileges.Capture.NONE && !sudo, INSTALL));
        groups(out);
        mount(out, port, rights == Privileges.Capture.CAPABILITIES);
        shm(out);
        return new Diagnosis(out);
    }

    /** The release in the port's usage line ({@code epcap 0.1.0, a libpcap port program ...}). */
    private static String release(Path port) {
        try {
            Process p = new ProcessBuilder(port.toString(), "-h").redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String text;
            try (InputStream in = p.getInputStream()) {
                text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
            Matcher m = RELEASE.matcher(text);
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The caller's groups now, and whether epcap's is among them or only in /etc/group. */
    private static void groups(List<Finding> out) {
        List<String> now = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Groups:")) now.addAll(List.of(line.substring(7).trim().split("\\s+")));
            }
            String user = System.getProperty("user.name");
            String epcapGid = null;
            boolean listed = false;
            for (String line : Files.readAllLines(Path.of("/etc/group"))) {
                String[] f = line.split(":", -1);
                if (f.length < 4 || !f[0].equals("epcap")) continue;
                epcapGid = f[2];
                listed = List.of(f[3].split(",")).contains(user);
            }
            boolean member = epcapGid != null && now.contains(epcapGid);
            String found = "gids " + String.join(" ", now).trim()
                    + (epcapGid == null ? "; no group epcap on this machine" : member ? "; a member of epcap" : "");
            out.add(new Finding("groups", found, listed && !member,
                    "you were added to epcap after logging in: log in again, or run 'newgrp epcap'"));
        } catch (IOException | RuntimeException e) {
            out.add(new Finding("groups", "unreadable (" + e.getMessage() + ")", false, ""));
        }
    }

    /** File capabilities do nothing on a nosuid mount. */
    private static void mount(List<Finding> out, Path port, boolean relies) {
        try {
            Path real = port.toRealPath();
            String best = "";
            String options = "";
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length < 6) continue;
                String point = f[4].replace("\\040", " ");
                if ((real.startsWith(point)) && point.length() >= best.length()) {
                    best = point;
                    options = f[5];
                }
            }
            boolean nosuid = List.of(options.split(",")).contains("nosuid");
            out.add(new Finding("mount", best + " (" + options + ")", nosuid,
                    "file capabilities do not apply on a nosuid mount: install the port elsewhere with "
                            + "sudo bin/epcap-install (it goes to " + PortProgram.SYSTEM_PATH + ")"));
        } catch (IOException | RuntimeException e) {
            out.add(new Finding("mount", "unknown (" + e.getMessage() + ")", false, ""));
        }
    }

    /** The ring needs /dev/shm; without it packets come through the pipe (slower, still right). */
    private static void shm(List<Finding> out) {
        Path shm = Path.of("/dev/shm");
        try {
            FileStore store = Files.getFileStore(shm);
            long free = store.getUsableSpace();
            boolean usable = Files.isWritable(shm) && free >= (8L << 20);
            out.add(new Finding("/dev/shm", (free >> 20) + " MiB free" + (Files.isWritable(shm) ? "" : ", not writable"),
                    !usable, "packets will come through the pipe instead of the shared-memory ring; mount a tmpfs"
                            + " at /dev/shm with room for 8 MiB per capture"));
        } catch (IOException e) {
            out.add(new Finding("/dev/shm", "missing", true, "packets will come through the pipe; mount a tmpfs at"
                    + " /dev/shm"));
        }
    }
}
