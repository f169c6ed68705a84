package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.epcap.testing.Tools;

/** Captures that a scapy script among the test resources writes (run with Debian's /usr/bin/python3). */
final class ScapyCapture {
    private ScapyCapture() {
    }

    /** Runs resource {@code script} (beside this class) in {@code dir}; returns the capture it wrote. */
    static Path write(String script, Path dir) throws IOException {
        Path python = Tools.assumePython();
        Path copy = dir.resolve(script);
        try (InputStream in = ScapyCapture.class.getResourceAsStream(script)) {
            assertTrue(in != null, "resource " + script);
            Files.write(copy, in.readAllBytes());
        }
        Path out = dir.resolve(script.replace(".py", ".pcap"));
        Tools.Result r = Tools.run(Duration.ofSeconds(120), List.of(python.toString(), copy.toString(), out.toString()));
        assertEquals(0, r.status(), script + ": " + r.err());
        return out;
    }
}
