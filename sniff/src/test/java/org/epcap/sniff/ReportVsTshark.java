package org.epcap.sniff;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Holds sniff's reports of a file against tshark's fields, packet by packet, for the fields
 * both report: addresses, ports, protocol, TCP flags/seq/ack/win, ICMP type/code, TTL/hop limit.
 * The expected names (protocol numbers, TCP flag bits) are written here from the RFCs, not
 * taken from the codec.
 */
final class ReportVsTshark {
    /** IANA protocol numbers and the names a report may give them (lower case). */
    private static final Map<String, Set<String>> PROTOCOLS = Map.ofEntries(
            Map.entry("0", Set.of("hopopts", "hopopt")), Map.entry("1", Set.of("icmp")),
            Map.entry("2", Set.of("igmp")), Map.entry("4", Set.of("ipip", "ipv4")),
            Map.entry("6", Set.of("tcp")), Map.entry("17", Set.of("udp")),
            Map.entry("41", Set.of("ipv6")), Map.entry("43", Set.of("routing", "ipv6-route")),
            Map.entry("44", Set.of("fragment", "ipv6-frag")), Map.entry("47", Set.of("gre")),
            Map.entry("50", Set.of("esp")), Map.entry("51", Set.of("ah")),
            Map.entry("58", Set.of("icmpv6", "icmp6", "ipv6-icmp")), Map.entry("59", Set.of("none", "ipv6-nonxt")),
            Map.entry("60", Set.of("dstopts", "ipv6-opts")), Map.entry("112", Set.of("vrrp")),
            Map.entry("132", Set.of("sctp")));
    /** RFC 9293 / 3168 flag bits, lowest first. */
    private static final String[] TCP_FLAGS = {"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr"};

    private final String file;
    private final List<String> mismatches = new ArrayList<>();
    private int compared;

    ReportVsTshark(String file) {
        this.file = file;
    }

    List<String> mismatches() {
        return mismatches;
    }

    /** How many field values were held against tshark's. */
    int compared() {
        return compared;
    }

    void compare(List<ReportedPacket> reports, List<Map<String, String>> tshark) {
        if (reports.size() != tshark.size()) {
            mismatches.add(file + ": " + reports.size() + " reports, tshark shows " + tshark.size() + " packets");
            return;
        }
        for (int i = 0; i < reports.size(); i++) {
            packet(i + 1, reports.get(i), tshark.get(i));
        }
    }

    private void packet(int n, ReportedPacket r, Map<String, String> t) {
        String at = file + " #" + n;
        same(at, "pcap len", r.pcap().get("len"), t.get("frame.len"));
        same(at, "pcap caplen", r.pcap().get("caplen"), t.get("frame.cap_len"));

        ReportedPacket.Section ether = r.first("ether");
        if (ether != null && t.containsKey("eth.src")) {
            mac(at, ether, "source_macaddr", t.get("eth.src"));
            mac(at, ether, "destination_macaddr", t.get("eth.dst"));
        }
        ip(at, r, t, "ipv4", "ip", "ttl", "ip.ttl");
        ip(at, r, t, "ipv6", "ipv6", "hop_limit", "ipv6.hlim");

        ReportedPacket.Section ip = r.last("ipv4", "ipv6");
        String transport = ip == null ? null : ip.fields().get("protocol");
        transport(at, r, t, "tcp", "tcp", transport);
        ReportedPacket.Section tcp = r.first("tcp");
        if (tcp != null && t.containsKey("tcp.srcport")) {
            field(at, tcp, "seq", t.get("tcp.seq_raw"));
            field(at, tcp, "ack", t.get("tcp.ack_raw"));
            field(at, tcp, "win", t.get("tcp.window_size_value"));
            String flags = need(at, tcp, "flags");
            if (flags != null) {
                compared++;
                Set<String> want = tcpFlags(t.get("tcp.flags"));
                Set<String> got = new TreeSet<>();
                String inner = flags.replaceAll("[\\[\\]]", "");
                for (String f : inner.split(",")) {
                    if (!f.isBlank() && Arrays.asList(TCP_FLAGS).contains(f.strip().toLowerCase(Locale.ROOT))) {
                        got.add(f.strip().toLowerCase(Locale.ROOT));
                    }
                }
                if (!want.equals(got)) {
                    mismatches.add(at + " tcp flags: report " + flags + ", tshark " + t.get("tcp.flags") + " = " + want);
                }
            }
        }
        transport(at, r, t, "udp", "udp", transport);
        ReportedPacket.Section udp = r.first("udp");
        if (udp != null && t.containsKey("udp.srcport")) {
            field(at, udp, "ulen", t.get("udp.length"));
        }
        transport(at, r, t, "sctp", "sctp", transport);
        icmp(at, r, t, "icmp", "icmp", transport);
        icmp(at, r, t, "icmp6", "icmpv6", transport);
    }

    private void ip(String at, ReportedPacket r, Map<String, String> t, String layer, String prefix,
                    String hopField, String hopTshark) {
        ReportedPacket.Section s = r.first(layer);
        if (s == null) {
            if (t.containsKey(prefix + ".src") && r.decodeError() == null) {
                mismatches.add(at + ": tshark shows " + prefix + " " + t.get(prefix + ".src") + ", the report has no " + layer);
            }
            return;
        }
        if (!t.containsKey(prefix + ".src")) {
            mismatches.add(at + ": the report has " + layer + ", tshark shows none");
            return;
        }
        address(at, s, "source_address", t.get(prefix + ".src"));
        address(at, s, "destination_address", t.get(prefix + ".dst"));
        field(at, s, hopField, t.get(hopTshark));
        String proto = need(at, s, "protocol");
        String number = t.get(prefix.equals("ip") ? "ip.proto" : "ipv6.nxt");
        if (proto != null && number != null) {
            compared++;
            Set<String> names = PROTOCOLS.get(number);
            boolean ok = proto.equals(number) || (names != null && names.contains(proto.toLowerCase(Locale.ROOT)));
            if (!ok) {
                mismatches.add(at + " " + layer + " protocol: report " + proto + ", tshark " + number
                        + (names == null ? "" : " " + names));
            }
        }
    }

    // A transport header: compared when the report has it; required when the last IP header names it.
    private void transport(String at, ReportedPacket r, Map<String, String> t, String layer, String prefix, String ipProtocol) {
        ReportedPacket.Section s = r.first(layer);
        if (s == null) {
            if (t.containsKey(prefix + ".srcport") && layer.equalsIgnoreCase(ipProtocol) && r.decodeError() == null) {
                mismatches.add(at + ": the IP header says " + layer + ", tshark decodes it, the report has no " + layer);
            }
            return;
        }
        if (!t.containsKey(prefix + ".srcport")) {
            mismatches.add(at + ": the report has " + layer + ", tshark shows none");
            return;
        }
        field(at, s, "source_port", t.get(prefix + ".srcport"));
        field(at, s, "destination_port", t.get(prefix + ".dstport"));
    }

    private void icmp(String at, ReportedPacket r, Map<String, String> t, String layer, String prefix, String ipProtocol) {
        ReportedPacket.Section s = r.first(layer);
        if (s == null) {
            boolean named = ipProtocol != null && PROTOCOLS.getOrDefault(layer.equals("icmp") ? "1" : "58", Set.of())
                    .contains(ipProtocol.toLowerCase(Locale.ROOT));
            if (t.containsKey(prefix + ".type") && named && r.decodeError() == null) {
                mismatches.add(at + ": tshark shows " + prefix + ", the report has no " + layer);
            }
            return;
        }
        if (!t.containsKey(prefix + ".type")) {
            mismatches.add(at + ": the report has " + layer + ", tshark shows none");
            return;
        }
        field(at, s, "type", t.get(prefix + ".type"));
        field(at, s, "code", t.get(prefix + ".code"));
    }

    private void mac(String at, ReportedPacket.Section s, String key, String want) {
        String got = need(at, s, key);
        if (got != null && want != null) {
            compared++;
            if (!got.equalsIgnoreCase(want)) {
                mismatches.add(at + " " + s.layer() + " " + key + ": report " + got + ", tshark " + want);
            }
        }
    }

    private void address(String at, ReportedPacket.Section s, String key, String want) {
        String got = need(at, s, key);
        if (got != null && want != null) {
            compared++;
            if (!sameAddress(got, want)) {
                mismatches.add(at + " " + s.layer() + " " + key + ": report " + got + ", tshark " + want);
            }
        }
    }

    private void field(String at, ReportedPacket.Section s, String key, String want) {
        String got = need(at, s, key);
        if (got != null && want != null) {
            compared++;
            if (!got.equals(want)) {
                mismatches.add(at + " " + s.layer() + " " + key + ": report " + got + ", tshark " + want);
            }
        }
    }

    private String need(String at, ReportedPacket.Section s, String key) {
        String v = s.fields().get(key);
        if (v == null) {
            mismatches.add(at + " " + s.layer() + ": no field " + key + " (fields: " + s.fields().keySet() + ")");
        }
        return v;
    }

    private void same(String at, String what, String got, String want) {
        if (want != null) {
            compared++;
            if (!want.equals(got)) {
                mismatches.add(at + " " + what + ": report " + got + ", tshark " + want);
            }
        }
    }

    private static Set<String> tcpFlags(String hex) {
        int bits = Integer.decode(hex);
        Set<String> s = new TreeSet<>();
        for (int i = 0; i < TCP_FLAGS.length; i++) {
            if ((bits & (1 << i)) != 0) s.add(TCP_FLAGS[i]);
        }
        return s;
    }

    private static boolean sameAddress(String a, String b) {
        if (!a.matches("[0-9A-Fa-f:.]+") || !b.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            // Literal addresses only: InetAddress parses them without any lookup.
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
