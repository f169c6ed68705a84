package org.epcap.flow.tcp;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.epcap.pkt.testing.ExternalTool;

/**
 * tshark's "Follow TCP Stream" as the oracle: one run per file with {@code -z follow,tcp,raw,N}
 * for every stream number that can exist, parsed into the bytes each endpoint sent, stream by
 * stream.
 */
final class TsharkFollow {
    private TsharkFollow() {
    }

    /** One stream as tshark followed it: node 0 (its client), node 1, and each node's bytes in order. */
    record Stream(int index, String node0, String node1, byte[] fromNode0, byte[] fromNode1) {
    }

    /** The path of {@code name}, or a failed test: the oracle is part of the test, not optional. */
    static String require(String name) {
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/bin")) {
            if (java.nio.file.Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new AssertionError(name + " is not installed (bin/install-deps installs it): it is this test's oracle");
    }

    /**
     * Protocols switched off in tshark. OpenFlow's packet-in and packet-out carry whole frames, and
     * dissecting the inner IP header overwrites the addresses that tshark's follow tap reads after
     * the dissection, so it files the segment under the wrong endpoint (seen in of10_s4810.pcap and
     * of13_ericsson.pcapng): follow must see TCP payloads as bytes.
     */
    static final List<String> DISABLED = List.of("openflow");

    /** Every stream that tshark follows in {@code file}: asks for {@code guess} and more until one is empty. */
    static Map<Integer, Stream> follow(Path file, int guess) {
        int n = Math.max(8, guess);
        while (true) {
            Map<Integer, Stream> s = follow(file, 0, n);
            if (!s.containsKey(n - 1) || n >= 1 << 16) {
                return s;
            }
            n *= 2;
        }
    }

    /** The streams {@code from..to-1} that tshark follows in {@code file}, by index. */
    static Map<Integer, Stream> follow(Path file, int from, int to) {
        List<String> cmd = new ArrayList<>(List.of(require("tshark"), "-n", "-q", "-r", file.toString()));
        for (String p : DISABLED) {
            cmd.add("--disable-protocol");
            cmd.add(p);
        }
        for (int i = from; i < to; i++) {
            cmd.add("-z");
            cmd.add("follow,tcp,raw," + i);
        }
        ExternalTool.Result r = ExternalTool.run(cmd, 300);
        if (r.exitCode() != 0 && r.stdout().isEmpty()) {
            throw new AssertionError("tshark failed on " + file + ": " + r.stderr());
        }
        return parse(r.stdout());
    }

    static Map<Integer, Stream> parse(String out) {
        Map<Integer, Stream> streams = new LinkedHashMap<>();
        String[] lines = out.split("\n");
        int i = 0;
        while (i < lines.length) {
            if (!lines[i].startsWith("Filter: tcp.stream eq ")) {
                i++;
                continue;
            }
            int index = Integer.parseInt(lines[i].substring("Filter: tcp.stream eq ".length()).trim());
            String node0 = lines[i + 1].substring("Node 0: ".length()).trim();
            String node1 = lines[i + 2].substring("Node 1: ".length()).trim();
            i += 3;
            ByteArrayOutputStream a = new ByteArrayOutputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (i < lines.length && !lines[i].startsWith("=====")) {
                String l = lines[i++];
                if (l.startsWith("\t")) {
                    b.writeBytes(HexFormat.of().parseHex(l.trim()));
                } else if (!l.isBlank()) {
                    a.writeBytes(HexFormat.of().parseHex(l.trim()));
                }
            }
            if (!node0.equals(":0")) {
                streams.put(index, new Stream(index, node0, node1, a.toByteArray(), b.toByteArray()));
            }
        }
        return streams;
    }

    /** An endpoint as tshark prints it ({@code 10.0.0.1:80}, IPv6 with or without brackets), canonical. */
    static String canonical(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        String address = endpoint.substring(0, colon).replace("[", "").replace("]", "");
        try {
            return InetAddress.getByName(address).getHostAddress() + "|" + endpoint.substring(colon + 1);
        } catch (UnknownHostException e) {
            throw new AssertionError("not an address literal: " + endpoint, e);
        }
    }
}
