package org.epcap.sniff;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.epcap.testing.Tools;

/** tshark's view of a capture file: the first occurrence of each shared field, per packet. */
final class Tshark {
    static final List<String> FIELDS = List.of(
            "eth.src", "eth.dst",
            "ip.src", "ip.dst", "ip.proto", "ip.ttl",
            "ipv6.src", "ipv6.dst", "ipv6.nxt", "ipv6.hlim",
            "tcp.srcport", "tcp.dstport", "tcp.flags", "tcp.seq_raw", "tcp.ack_raw", "tcp.window_size_value",
            "udp.srcport", "udp.dstport", "udp.length",
            "icmp.type", "icmp.code", "icmpv6.type", "icmpv6.code",
            "sctp.srcport", "sctp.dstport",
            "frame.len", "frame.cap_len");

    private Tshark() {
    }

    static boolean available() {
        return Tools.find("tshark") != null;
    }

    /** One map per packet, field name to its first value; fields the packet lacks are absent. */
    static List<Map<String, String>> fields(Path file) {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString(), "-T", "fields",
                "-E", "separator=/t", "-E", "occurrence=f"));
        for (String f : FIELDS) {
            cmd.add("-e");
            cmd.add(f);
        }
        Tools.Result p = Tools.run(Duration.ofSeconds(60), cmd);
        if (p.status() != 0) {
            throw new AssertionError("tshark failed on " + file + ": " + p.err());
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : p.out().split("\n")) {
            if (line.isEmpty()) continue;
            String[] v = line.split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < FIELDS.size() && i < v.length; i++) {
                if (!v[i].isEmpty()) row.put(FIELDS.get(i), v[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
