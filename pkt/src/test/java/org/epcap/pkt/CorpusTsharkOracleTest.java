package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.epcap.pkt.testing.Corpus;
import org.epcap.pkt.testing.CorpusPackets;
import org.epcap.pkt.testing.OurFields;
import org.epcap.pkt.testing.Tshark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codec against tshark over the corpus: for every packet, every field that both report
 * (addresses, ports, protocol numbers, lengths, TCP flags/seq/ack/window, ICMP type/code, VLAN
 * ids, MPLS labels, SCTP chunk types, checksum validity) must agree. tshark lists a field once
 * per occurrence (tunnels, quoted headers); the first occurrence is compared, and for SCTP chunk
 * types the whole list. A disagreement where we are right is listed in {@link #WE_ARE_RIGHT}
 * with the reason; any other fails the test.
 */
class CorpusTsharkOracleTest {

    /** Fields whose every occurrence is compared, not only the first. */
    private static final Set<String> WHOLE_LIST = Set.of("sctp.chunk_type", "lldp.tlv.type",
            "dns.qry.name", "dns.qry.type", "dns.qry.class", "dns.resp.name", "dns.resp.type", "dns.resp.class",
            "dns.resp.ttl", "dns.resp.len", "dns.a", "dns.aaaa", "dns.cname", "dns.ns", "dns.ptr.domain_name",
            "dns.dname", "dns.mx.preference", "dns.mx.mail_exchange", "dns.txt", "dns.soa.mname", "dns.soa.rname",
            "dns.soa.serial_number", "dns.soa.minimum_ttl", "dns.srv.priority", "dns.srv.weight",
            "dns.srv.port",
            "dns.srv.target", "dns.rr.udp_payload_size", "dns.opt.code", "dns.svcb.svcpriority",
            "dns.svcb.targetname", "dns.svcb.svcparam.key", "geneve.option.class", "geneve.option.type",
            "geneve.option.length", "dhcp.option.type", "dhcp.option.request_list_item", "tls.record.content_type",
            "tls.record.length", "tls.handshake.type", "tls.handshake.ciphersuite", "tls.handshake.extension.type",
            "tls.handshake.extensions_alpn_str", "tls.handshake.extensions.supported_version",
            "tls.handshake.extensions_supported_group", "tls.handshake.sig_hash_alg");

    /**
     * With {@code -Depcap.oracle.all=true}, every occurrence is compared whenever tshark and we
     * have the same number (inner headers of tunnels and ICMP errors): an exploratory mode.
     */
    private static final boolean ALL_OCCURRENCES = Boolean.getBoolean("epcap.oracle.all");

    /** Fields that tshark prints in hex. */
    private static final Set<String> HEX = Set.of("eth.type", "tcp.flags", "gre.proto", "sll.etype", "igmp.type",
            "dns.id", "dns.flags", "dns.qry.class", "dns.resp.class", "dns.rr.udp_payload_size", "vxlan.flags",
            "geneve.proto_type", "geneve.vni", "geneve.option.class", "geneve.option.type", "gtp.flags",
            "gtp.message", "gtp.teid", "dhcp.hw.type", "dhcp.id", "dhcp.flags", "ntp.flags", "ntp.ctrl.flags2",
            "tls.record.version", "tls.handshake.version", "tls.handshake.ciphersuite",
            "tls.handshake.extensions.supported_version", "tls.handshake.extensions_supported_group",
            "tls.handshake.sig_hash_alg");

    /**
     * Known disagreements where the codec is right, as "file#frame field" (or "file field" for
     * every frame of a file), with the reason.
     */
    static final Map<String, String> WE_ARE_RIGHT = Map.ofEntries(
            Map.entry("tcpdump/DTP.pcap eth.dst", "Cisco ISL frames: tshark dissects the outer header as"
                    + " isl.*, so its eth.dst is the inner frame's; ours is the outer frame's destination"),
            Map.entry("tcpdump/lldp_asan.pcap#1 lldp.tlv.type", "the second TLV is not a Port ID: tshark"
                    + " stops at the first out-of-order mandatory TLV, the codec decodes the TLVs there are"));

    /**
     * Disagreements where tshark is right: codec bugs reported to the codec's authors, listed so
     * that the rest of the corpus stays checked until they are fixed. An entry that no longer
     * disagrees fails the test, so a fix shows up here.
     */
    static final Map<String, String> KNOWN_CODEC_BUGS = Map.of();

    private static final Set<String> LISTED_AND_SEEN = ConcurrentHashMap.newKeySet();
    private static final AtomicLong FILES_RUN = new AtomicLong();

    /** A kind of disagreement where we are right, recognised by its values, with the reason. */
    private record Rule(String field, java.util.function.BiPredicate<String, String> applies, String reason) {
    }

    static final List<Rule> RULES = List.of(
            new Rule("ip.len", (tshark, ours) -> ours.equals("0") && !tshark.equals("0"),
                    "IPv4 total length 0 (TCP segmentation offload, BIG TCP): the field holds 0 and we"
                    + " report it; tshark shows the length it infers from the capture"));

    private static final Map<String, AtomicLong> COMPARED = new ConcurrentHashMap<>();

    @BeforeAll
    static void runTshark() {
        Tshark.prefetch(Corpus.files());
    }

    static Stream<Path> corpus() {
        return Corpus.files().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void fieldsAgreeWithTshark(Path file) {
        FILES_RUN.incrementAndGet();
        String name = Corpus.name(file);
        List<CorpusPackets.Packet> packets = CorpusPackets.of(file);
        Tshark.Run tshark = Tshark.of(file);
        if (tshark.frames().size() != packets.size()) {
            // tshark cannot dissect this link type at all (the reader test covers the file).
            assertTrue(tshark.frames().isEmpty(), name + ": tshark shows " + tshark.frames().size()
                    + " frames, we read " + packets.size());
            return;
        }
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < packets.size(); i++) {
            CorpusPackets.Packet p = packets.get(i);
            Map<String, String> theirs = tshark.frames().get(i);
            Map<String, List<String>> ours = OurFields.of(p.dataLinkType(), p.data());
            for (Map.Entry<String, List<String>> e : ours.entrySet()) {
                String field = e.getKey();
                String raw = theirs.get(field);
                if (raw == null || raw.isEmpty()) {
                    continue;
                }
                if (field.endsWith(".status") && !raw.split(",")[0].matches("[01]")) {
                    continue; // tshark did not verify this one (2) or there is no checksum (3)
                }
                List<String> expected = normalise(field, raw);
                List<String> got = e.getValue();
                boolean same = WHOLE_LIST.contains(field) || (ALL_OCCURRENCES && expected.size() == got.size())
                        ? expected.equals(got)
                        : expected.get(0).equals(got.get(0));
                COMPARED.computeIfAbsent(field, k -> new AtomicLong()).incrementAndGet();
                if (!same && !listed(name, p.frame(), field) && !ruled(field, expected.get(0), got.get(0))) {
                    disagreements.add(name + "#" + p.frame() + " " + field + ": tshark " + expected
                            + ", we " + got + "  [" + theirs.get("frame.protocols") + "]");
                }
            }
        }
        assertTrue(disagreements.isEmpty(), () -> disagreements.size() + " disagreement(s) with tshark:\n  "
                + String.join("\n  ", disagreements.subList(0, Math.min(40, disagreements.size()))));
    }

    /** Every compared field was compared somewhere: the test reached what it claims to test. */
    @AfterAll
    static void everyFieldWasCompared() {
        if (COMPARED.isEmpty()) {
            return; // the parameterised test did not run (filtered out)
        }
        if (FILES_RUN.get() == Corpus.files().size()) {
            for (String key : List.copyOf(new java.util.TreeSet<>(
                    Stream.concat(WE_ARE_RIGHT.keySet().stream(), KNOWN_CODEC_BUGS.keySet().stream()).toList()))) {
                assertTrue(LISTED_AND_SEEN.contains(key), "listed disagreement no longer seen, drop it: " + key);
            }
        }
        System.out.println("CorpusTsharkOracleTest comparisons per field: " + new TreeMap<>(COMPARED));
        for (String f : List.of("eth.src", "vlan.id", "mpls.label", "ip.src", "ip.checksum.status", "ipv6.src",
                "tcp.seq_raw", "tcp.flags", "tcp.checksum.status", "udp.length", "udp.checksum.status",
                "icmp.type", "icmpv6.type", "sctp.chunk_type", "sctp.checksum.status", "arp.opcode", "ip.frag_offset",
                "lldp.tlv.type", "eapol.type", "gre.proto", "vrrp.version", "igmp.type", "sll.pkttype",
                "null.family", "dns.qry.name", "dns.resp.name", "dns.a", "dns.aaaa", "dns.ns", "dns.soa.rname",
                "dns.rr.udp_payload_size", "dns.opt.code", "vxlan.vni", "vxlan.flags", "geneve.vni",
                "geneve.proto_type", "geneve.option.class", "dhcp.id", "dhcp.hw.mac_addr", "dhcp.option.type",
                "dhcp.option.dhcp", "dhcp.option.request_list_item", "dhcp.option.hostname", "ntp.flags",
                "ntp.stratum", "ntp.refid", "ntp.ctrl.sequence")) {
            assertTrue(COMPARED.containsKey(f), "field " + f + " was never compared");
        }
    }

    private static boolean ruled(String field, String tshark, String ours) {
        return RULES.stream().anyMatch(r -> r.field().equals(field) && r.applies().test(tshark, ours));
    }

    private static boolean listed(String file, int frame, String field) {
        for (String key : List.of(file + "#" + frame + " " + field, file + " " + field)) {
            if (WE_ARE_RIGHT.containsKey(key) || KNOWN_CODEC_BUGS.containsKey(key)) {
                LISTED_AND_SEEN.add(key);
                return true;
            }
        }
        return false;
    }

    /** tshark's text of a field as our values print: split at the aggregator, lower case, hex to decimal. */
    static List<String> normalise(String field, String raw) {
        List<String> out = new ArrayList<>();
        for (String v : raw.split(",")) {
            String s = v.trim().toLowerCase(Locale.ROOT);
            if (HEX.contains(field) && s.startsWith("0x")) {
                s = String.valueOf(Long.parseLong(s.substring(2), 16));
            }
            out.add(s);
        }
        return out;
    }
}
