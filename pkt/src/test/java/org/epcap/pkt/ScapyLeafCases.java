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
 * The packets scapy builds in {@code scapy/leaf_cases.py}, with scapy's own field values: one
 * python run for all the leaf-protocol tests (python starts slowly).
 */
final class ScapyLeafCases {

    /** One scapy-built header (and what follows it), and the field values scapy reports. */
    record Case(String name, String layer, byte[] bytes, Map<String, String> scapy) {
        String get(String key) {
            String v = scapy.get(key);
            if (v == null) {
                throw new AssertionError(name + ": scapy printed no " + key);
            }
            return v;
        }

        long num(String key) {
            return Long.parseLong(get(key));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Case> cases;

    private ScapyLeafCases() {
    }

    static synchronized List<Case> all() throws IOException, InterruptedException {
        if (cases == null) {
            cases = run();
        }
        assertTrue(!cases.isEmpty(), "scapy (/usr/bin/python3 with python3-scapy) is not available");
        return cases;
    }

    /** Decodes {@code layer} the way the dispatcher would ("vrrp6": VRRP under IPv6). */
    static Header decode(String layer, byte[] b, int offset, int limit) {
        return switch (layer) {
            case "tcp" -> Tcp.decode(b, offset, limit);
            case "udp" -> Udp.decode(b, offset, limit);
            case "sctp" -> Sctp.decode(b, offset, limit);
            case "icmp" -> Icmp.decode(b, offset, limit);
            case "icmp6" -> Icmp6.decode(b, offset, limit);
            case "igmp" -> Igmp.decode(b, offset, limit);
            case "gre" -> Gre.decode(b, offset, limit);
            case "vrrp" -> Vrrp.decode(b, offset, limit);
            case "vrrp6" -> Vrrp.decode(b, offset, limit, 6);
            case "lldp" -> Lldp.decode(b, offset, limit);
            case "802.1x" -> Eapol.decode(b, offset, limit);
            default -> throw new IllegalArgumentException(layer);
        };
    }

    private static List<Case> run() throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            return List.of();
        }
        Path script = Files.createTempFile("leaf_cases", ".py");
        try (InputStream in = ScapyLeafCases.class.getResourceAsStream("/scapy/leaf_cases.py")) {
            Files.write(script, in.readAllBytes());
        }
        try {
            Process p = new ProcessBuilder(python.toString(), script.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("scapy script did not finish");
            }
            if (p.exitValue() != 0) {
                // No scapy: skip. A scapy that fails on our script is a test bug: fail.
                Process probe = new ProcessBuilder(python.toString(), "-c", "import scapy")
                        .redirectErrorStream(true).start();
                probe.getInputStream().readAllBytes();
                if (probe.waitFor() != 0) {
                    return List.of();
                }
                throw new AssertionError("scapy script failed with status " + p.exitValue());
            }
            List<Case> list = new ArrayList<>();
            for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                Map<String, String> fields = new LinkedHashMap<>();
                for (int i = 3; i < parts.length; i++) {
                    int eq = parts[i].indexOf('=');
                    fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
                }
                list.add(new Case(parts[0], parts[1], HexFormat.of().parseHex(parts[2]), fields));
            }
            return list;
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
