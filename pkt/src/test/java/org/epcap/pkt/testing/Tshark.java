package org.epcap.pkt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * tshark as the oracle: one run per capture file prints, for each frame, the frame's lengths and
 * timestamp and the header fields the codec tests compare. A run is kept in memory and on disk
 * under {@code target/tshark-oracle} (keyed by file, size, fields and tshark version), so the
 * corpus is dissected once per build even when several tests ask.
 */
public final class Tshark {
    /** The fields asked of tshark, in column order. */
    public static final List<String> FIELDS = List.of(
            "frame.number", "frame.cap_len", "frame.len", "frame.time_epoch", "frame.protocols",
            "eth.src", "eth.dst", "eth.type", "vlan.id", "mpls.label",
            "ip.src", "ip.dst", "ip.proto", "ip.ttl", "ip.len", "ip.hdr_len", "ip.flags.mf",
            "ip.frag_offset", "ip.checksum.status",
            "ipv6.src", "ipv6.dst", "ipv6.nxt", "ipv6.hlim", "ipv6.plen",
            "tcp.srcport", "tcp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.window_size_value",
            "tcp.flags", "tcp.hdr_len", "tcp.checksum.status",
            "udp.srcport", "udp.dstport", "udp.length", "udp.checksum.status",
            "icmp.type", "icmp.code", "icmp.checksum.status",
            "icmpv6.type", "icmpv6.code", "icmpv6.checksum.status",
            "sctp.srcport", "sctp.dstport", "sctp.chunk_type", "sctp.checksum.status",
            "arp.opcode", "arp.src.proto_ipv4", "arp.dst.proto_ipv4",
            "igmp.type", "igmp.checksum.status", "gre.proto", "vrrp.version", "vrrp.type",
            "sll.etype", "sll.pkttype", "null.family", "eapol.type", "lldp.tlv.type",
            // above layer 4
            "dns.id", "dns.flags", "dns.count.queries", "dns.count.answers", "dns.count.auth_rr",
            "dns.count.add_rr", "dns.qry.name", "dns.qry.type", "dns.qry.class", "dns.resp.name", "dns.resp.type",
            "dns.resp.class", "dns.resp.ttl", "dns.resp.len", "dns.a", "dns.aaaa", "dns.cname", "dns.ns",
            "dns.ptr.domain_name", "dns.dname", "dns.mx.preference", "dns.mx.mail_exchange", "dns.txt",
            "dns.soa.mname", "dns.soa.rname", "dns.soa.serial_number", "dns.soa.minimum_ttl",
            "dns.srv.priority",
            "dns.srv.weight", "dns.srv.port", "dns.srv.target", "dns.rr.udp_payload_size", "dns.opt.code",
            "dns.svcb.svcpriority", "dns.svcb.targetname", "dns.svcb.svcparam.key",
            "vxlan.flags", "vxlan.vni", "geneve.version", "geneve.proto_type", "geneve.vni", "geneve.option.class",
            "geneve.option.type", "geneve.option.length", "gtp.flags", "gtp.message", "gtp.length", "gtp.teid",
            "dhcp.type", "dhcp.hw.type", "dhcp.hops", "dhcp.id", "dhcp.secs", "dhcp.flags", "dhcp.ip.client",
            "dhcp.ip.your", "dhcp.ip.server", "dhcp.ip.relay", "dhcp.hw.mac_addr", "dhcp.option.type",
            "dhcp.option.dhcp", "dhcp.option.requested_ip_address", "dhcp.option.dhcp_server_id",
            "dhcp.option.ip_address_lease_time", "dhcp.option.hostname", "dhcp.option.request_list_item",
            "ntp.flags", "ntp.stratum", "ntp.ppoll", "ntp.precision", "ntp.refid", "ntp.ctrl.flags2",
            "ntp.ctrl.sequence", "tls.record.content_type", "tls.record.version", "tls.record.length",
            "tls.handshake.type", "tls.handshake.version", "tls.handshake.ciphersuite", "tls.handshake.extension.type",
            "tls.handshake.extensions_server_name", "tls.handshake.extensions_alpn_str",
            "tls.handshake.extensions.supported_version", "tls.handshake.extensions_supported_group",
            "tls.handshake.sig_hash_alg", "tls.handshake.ja3_full", "tls.handshake.ja3", "tls.handshake.ja3s_full",
            "tls.handshake.ja3s");

    /**
     * Preferences: raw sequence numbers, no sequence analysis, no heuristic dissectors tried
     * before the port's own, checksums verified (status 0 bad, 1 good, 2 unverified), and no IP
     * or TCP reassembly (each fragment and segment shows what it holds, as the codec decodes it).
     */
    public static final List<String> PREFERENCES = List.of(
            "tcp.relative_sequence_numbers:FALSE", "tcp.analyze_sequence_numbers:FALSE",
            "tcp.try_heuristic_first:FALSE", "udp.try_heuristic_first:FALSE",
            "tcp.check_checksum:TRUE", "udp.check_checksum:TRUE", "ip.check_checksum:TRUE",
            "sctp.checksum:CRC 32c", "ip.defragment:FALSE", "ipv6.defragment:FALSE",
            "tcp.desegment_tcp_streams:FALSE");

    private static final Map<Path, Run> MEMORY = new ConcurrentHashMap<>();
    private static volatile String version;

    private Tshark() {
    }

    /** What tshark printed for one file. */
    public record Run(int exitCode, String stderr, List<Map<String, String>> frames) {
        /** True when tshark read the whole file without complaint. */
        public boolean clean() {
            return exitCode == 0 && stderr.isBlank();
        }
    }

    /** tshark's reading of {@code file} (runs it, or takes the cached run). */
    public static Run of(Path file) {
        return MEMORY.computeIfAbsent(file.toAbsolutePath().normalize(), f -> load(f, true, FIELDS));
    }

    /** tshark's reading of a file the test made: run every time, kept nowhere. */
    public static Run fresh(Path file) {
        return load(file, false, FIELDS);
    }

    /** As {@link #fresh(Path)} with other fields (a test's own protocol), in column order. */
    public static Run fresh(Path file, List<String> fields) {
        return load(file, false, fields);
    }

    /** Runs tshark over {@code files} on all cores, so that {@link #of} then finds them ready. */
    public static void prefetch(List<Path> files) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Run>> jobs = new ArrayList<>();
            for (Path f : files) {
                jobs.add(pool.submit(() -> of(f)));
            }
            for (Future<Run> j : jobs) {
                j.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String version() {
        if (version == null) {
            String tshark = ExternalTool.require("tshark");
            version = ExternalTool.run(List.of(tshark, "--version"), 60).stdout().lines()
                    .findFirst().orElse("?");
        }
        return version;
    }

    private static Run load(Path file, boolean keep, List<String> fields) {
        try {
            String key = Integer.toHexString((file + "|" + Files.size(file) + "|" + FIELDS + "|"
                    + PREFERENCES + "|" + version()).hashCode());
            Path cacheDir = Path.of(System.getProperty("epcap.oracle.cache", "target/tshark-oracle"));
            Path cached = cacheDir.resolve(file.getFileName() + "." + key + ".txt");
            String stdout;
            String stderr;
            int exit;
            if (keep && Files.isRegularFile(cached)) {
                String all = new String(Files.readAllBytes(cached), StandardCharsets.UTF_8);
                int a = all.indexOf('\n');
                int b = all.indexOf("\n\u0000\n", a);
                exit = Integer.parseInt(all.substring(0, a));
                stderr = all.substring(a + 1, b);
                stdout = all.substring(b + 3);
            } else {
                List<String> cmd = new ArrayList<>(List.of(ExternalTool.require("tshark"), "-n",
                        "-r", file.toString(), "-T", "fields", "-E", "separator=/t",
                        "-E", "occurrence=a", "-E", "aggregator=,"));
                for (String p : PREFERENCES) {
                    cmd.add("-o");
                    cmd.add(p);
                }
                for (String f : fields) {
                    cmd.add("-e");
                    cmd.add(f);
                }
                ExternalTool.Result r = ExternalTool.run(cmd, 300);
                exit = r.exitCode();
                stderr = r.stderr().lines()
                        .filter(l -> !l.startsWith("Running as user"))
                        .reduce("", (x, y) -> x + y + "\n");
                stdout = r.stdout();
            }
            if (keep && !Files.isRegularFile(cached)) {
                Files.createDirectories(cacheDir);
                Path tmp = Files.createTempFile(cacheDir, "run", ".tmp");
                Files.write(tmp, (exit + "\n" + stderr + "\n\u0000\n" + stdout)
                        .getBytes(StandardCharsets.UTF_8));
                Files.move(tmp, cached, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            List<Map<String, String>> frames = new ArrayList<>();
            for (String line : stdout.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < fields.size(); i++) {
                    row.put(fields.get(i), i < cols.length ? cols[i] : "");
                }
                frames.add(row);
            }
            return new Run(exit, stderr, List.copyOf(frames));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
