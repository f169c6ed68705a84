package org.epcap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Epcap.diagnose over real port programs: this build's, one of another release, one that cannot run. */
class DiagnosisTest {
    private static Diagnosis.Finding find(Diagnosis d, String subject) {
        return d.findings().stream().filter(f -> f.subject().equals(subject)).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError("no " + subject + " in\n" + d.report()));
    }

    @Test
    void thisBuildsPortIsFine() {
        Path port = Tools.assumePortProgram();
        Diagnosis d = Epcap.diagnose(Options.builder().progname(port).build());
        String report = d.report();
        assertTrue(find(d, "port program").found().equals(port + " (from OPTIONS)"), report);
        assertTrue(find(d, "release").found().equals("port " + Version.LIBRARY + ", library " + Version.LIBRARY),
                report);
        assertFalse(find(d, "capture rights").problem(), report);
        assertTrue(report.contains("/dev/shm"), report);
        if (ExecPolicy.isRoot()) assertTrue(d.ok(), report);
    }

    @Test
    void anotherReleaseIsAProblemWithItsFix() {
        Path other = Tools.assumePortProgram().resolveSibling("test/epcap-other-version");
        Diagnosis d = Epcap.diagnose(Options.builder().progname(other).build());
        Diagnosis.Finding release = find(d, "release");
        assertTrue(release.problem() && release.found().startsWith("port 0.0.0-other, library "), d.report());
        assertTrue(release.fix().contains("bin/epcap-install"), d.report());
        assertFalse(d.ok());
    }

    @Test
    void aPortThatCannotRunIsAProblem(@TempDir Path dir) throws Exception {
        Path port = dir.resolve("epcap");
        Files.copy(Tools.assumePortProgram(), port);
        Files.setPosixFilePermissions(port, PosixFilePermissions.fromString("rw-r--r--"));
        Diagnosis d = Epcap.diagnose(Options.builder().progname(port).build());
        assertTrue(d.findings().stream().anyMatch(f -> f.problem() && f.found().contains("is not executable")),
                d.report());
        assertFalse(d.ok());
    }
}
