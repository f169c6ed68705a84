package org.epcap.privilege;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.epcap.testing.Tools;

/** The port program builds these tests run: the one under test and its test-hook twin. */
final class PortBuilds {
    private PortBuilds() {
    }

    static Path port() {
        return Tools.assumePortProgram().toAbsolutePath();
    }

    /** native/epcap-debug: the same build with the test-only {@code -Z} switch. */
    static Path debugPort() {
        Path p = port().resolveSibling("epcap-debug");
        assertTrue(Files.isExecutable(p), "needs " + p + ": make -C native epcap-debug (make test-tools builds it)");
        return p;
    }

    /** The benchmark's bounded raw sender (bench/native/blast). */
    static Path blast() {
        Path p = port().getParent().resolveSibling("bench").resolve("native").resolve("blast");
        if (!Files.isExecutable(p)) Tools.run(java.util.List.of("make", "-C", p.getParent().toString(), "blast"));
        assertTrue(Files.isExecutable(p), "needs " + p + ": make -C bench/native");
        return p;
    }
}
