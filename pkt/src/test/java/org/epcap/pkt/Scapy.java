package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a scapy script from the test resources with Debian's {@code /usr/bin/python3} (the only
 * interpreter with python3-scapy) and reads its cases: one line each, tab-separated
 * {@code name, dlt, hex, Layer#i.field=value…}. Skips the calling test when scapy is missing.
 */
final class Scapy {
    static final String PYTHON = "/usr/bin/python3";

    /** One packet scapy built, and the field values scapy dissects from it. */
    record Case(String name, int dlt, byte[] bytes, Map<String, String> fields) {
        String field(String key) {
            String v = fields.get(key);
            if (v == null) {
                throw new AssertionError(name + ": scapy reported no " + key + " (has " + fields.keySet() + ")");
            }
            return v;
        }

        long num(String key) {
            return Long.parseLong(field(key));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private Scapy() {
    }

    static List<Case> run(String resource) {
        assertTrue(Files.isExecutable(Path.of(PYTHON)), "no " + PYTHON + ": the scapy oracle tests need it (bin/install-deps)");
        try {
            String script;
            try (InputStream in = Scapy.class.getResourceAsStream(resource)) {
                script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Process p = new ProcessBuilder(PYTHON, "-c", script).redirectError(ProcessBuilder.Redirect.PIPE).start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("scapy script " + resource + " did not finish");
            }
            String errText = new String(err, StandardCharsets.UTF_8);
            assertTrue(!errText.contains("No module named 'scapy'"), "python3-scapy is not installed (bin/install-deps installs it)");
            if (p.exitValue() != 0) {
                throw new AssertionError("scapy script " + resource + " failed: " + errText);
            }
            List<Case> cases = new ArrayList<>();
            for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split("\t");
                Map<String, String> fields = new LinkedHashMap<>();
                for (int i = 3; i < parts.length; i++) {
                    int eq = parts[i].indexOf('=');
                    fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
                }
                cases.add(new Case(parts[0], Integer.parseInt(parts[1]), HexFormat.of().parseHex(parts[2]), fields));
            }
            return cases;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + PYTHON, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Case find(List<Case> cases, String name) {
        for (Case c : cases) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no scapy case " + name);
    }
}
