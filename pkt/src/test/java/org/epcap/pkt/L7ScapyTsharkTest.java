package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.epcap.pkt.io.PcapWriter;
import org.epcap.pkt.testing.OurFields;
import org.epcap.pkt.testing.Tshark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decoders above layer 4 on packets scapy builds ({@code scapy/l7_cases.py}: DNS with every
 * typed record, compressed and not, mDNS, LLMNR, VXLAN, Geneve with options, GTP-U with and without
 * extension headers, DHCP discover and ack, NTP client and server, TLS hellos with GREASE, a TLS 1.3
 * server flight, a record cut by the segment's end, a second ClientHello after ChangeCipherSpec): each decodes whole, layer by layer as tshark dissects it
 * ({@code frame.protocols}), every field both report agrees with tshark, and it encodes back to
 * the bytes scapy built.
 */
class L7ScapyTsharkTest {
    private static List<Scapy.Case> cases;
    private static List<Map<String, String>> tshark;

    @BeforeAll
    static void buildAndDissect(@TempDir Path dir) throws IOException {
        cases = Scapy.run("/scapy/l7_cases.py");
        Path file = dir.resolve("l7.pcap");
        try (PcapWriter w = PcapWriter.create(file)) {
            for (Scapy.Case c : cases) {
                w.write(c.dlt(), 1_700_000_000L, 0, c.bytes().length, c.bytes(), 0, c.bytes().length);
            }
        }
        Tshark.Run run = Tshark.fresh(file);
        assertTrue(run.clean(), "tshark: " + run.stderr());
        tshark = run.frames();
        assertEquals(cases.size(), tshark.size(), "frames tshark read");
        Files.deleteIfExists(file);
    }

    @Test
    void everyCaseDecodesWholeAndEncodesBackExactly() {
        for (Scapy.Case c : cases) {
            Decoded d = Pkt.decode(c.dlt(), c.bytes());
            assertNull(d.error(), c.name());
            assertTrue(d.payload().isEmpty() || !(d.last() instanceof Udp), c.name() + ": stopped at UDP");
            assertArrayEquals(c.bytes(), d.encode(), c.name());
        }
    }

    @Test
    void layersAreTsharksProtocols() {
        for (int i = 0; i < cases.size(); i++) {
            Scapy.Case c = cases.get(i);
            List<String> ours = new ArrayList<>();
            for (Header h : Pkt.decode(c.dlt(), c.bytes()).headers()) {
                ours.add(h.layer());
            }
            assertEquals(theirLayers(tshark.get(i).get("frame.protocols")), ours, c.name());
        }
    }

    /** tshark's protocol names in the codec's words; the pseudo-protocols "ethertype" and "data" dropped. */
    private static List<String> theirLayers(String protocols) {
        List<String> out = new ArrayList<>();
        for (String p : protocols.split(":")) {
            switch (p) {
                case "ethertype", "data" -> { }
                case "eth" -> out.add("ether");
                case "ip" -> out.add("ipv4");
                case "icmpv6" -> out.add("icmp6");
                case "mdns", "llmnr" -> out.add("dns");
                default -> out.add(p);
            }
        }
        return out;
    }

    /**
     * Real TLS traffic: the JA4 specification's captures (resources {@code ja4/}, browsers and
     * servers on the Internet), every frame's fields against tshark's, JA3 and JA3S included.
     */
    @Test
    void realTlsCapturesAgreeWithTshark(@TempDir Path dir) throws IOException {
        Set<String> compared = new TreeSet<>();
        List<String> disagreements = new ArrayList<>();
        int hellos = 0;
        for (String name : List.of("tls12.pcap", "tls-alpn-h2.pcap", "tls-non-ascii-alpn.pcapng", "tls-sni.pcapng",
                "badcurveball.pcap", "ipv6.pcapng", "latest.pcapng")) {
            Path file = dir.resolve(name);
            try (var in = getClass().getResourceAsStream("/ja4/" + name)) {
                Files.write(file, in.readAllBytes());
            }
            List<Map<String, String>> frames = Tshark.fresh(file).frames();
            List<org.epcap.pkt.io.PcapRecord> records = new ArrayList<>();
            try (var r = org.epcap.pkt.io.PcapReader.open(file)) {
                for (var rec = r.next(); rec != null; rec = r.next()) {
                    records.add(rec);
                }
            }
            assertEquals(records.size(), frames.size(), name);
            for (int i = 0; i < records.size(); i++) {
                Map<String, List<String>> ours = OurFields.of(records.get(i).dataLinkType(), records.get(i).data());
                if (ours.containsKey("tls.handshake.ja3") || ours.containsKey("tls.handshake.ja3s")) {
                    hellos++;
                }
                for (Map.Entry<String, List<String>> e : ours.entrySet()) {
                    String raw = frames.get(i).get(e.getKey());
                    if (!e.getKey().startsWith("tls.") || raw == null || raw.isEmpty()) {
                        continue;
                    }
                    compared.add(e.getKey());
                    List<String> expected = CorpusTsharkOracleTest.normalise(e.getKey(), raw);
                    if (!expected.equals(e.getValue())) {
                        disagreements.add(name + "#" + (i + 1) + " " + e.getKey() + ": tshark " + expected + ", we "
                                + e.getValue());
                    }
                }
            }
        }
        assertEquals("", String.join("\n", disagreements.subList(0, Math.min(30, disagreements.size()))));
        assertTrue(hellos >= 80, "hellos compared: " + hellos);
        for (String f : List.of("tls.record.content_type", "tls.record.length", "tls.handshake.type",
                "tls.handshake.ciphersuite", "tls.handshake.extension.type", "tls.handshake.extensions_server_name",
                "tls.handshake.extensions_alpn_str", "tls.handshake.extensions.supported_version",
                "tls.handshake.sig_hash_alg", "tls.handshake.ja3", "tls.handshake.ja3s")) {
            assertTrue(compared.contains(f), f + " never compared; compared: " + compared);
        }
    }

    @Test
    void everyFieldAgreesWithTshark() {
        Set<String> compared = new TreeSet<>();
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Scapy.Case c = cases.get(i);
            Map<String, String> theirs = tshark.get(i);
            for (Map.Entry<String, List<String>> e : OurFields.of(c.dlt(), c.bytes()).entrySet()) {
                String field = e.getKey();
                String raw = theirs.get(field);
                if (raw == null || raw.isEmpty() || field.endsWith(".status")) {
                    continue;
                }
                List<String> expected = CorpusTsharkOracleTest.normalise(field, raw);
                compared.add(field);
                if (!expected.equals(e.getValue())) {
                    disagreements.add(c.name() + " " + field + ": tshark " + expected + ", we " + e.getValue());
                }
            }
        }
        assertEquals("", String.join("\n", disagreements));
        for (String f : List.of("dns.qry.name", "dns.resp.name", "dns.a", "dns.aaaa", "dns.cname", "dns.ns",
                "dns.ptr.domain_name", "dns.mx.mail_exchange", "dns.txt", "dns.soa.rname", "dns.soa.serial_number",
                "dns.srv.target", "dns.srv.port", "dns.rr.udp_payload_size", "dns.opt.code",
                "dns.svcb.svcpriority", "dns.svcb.targetname", "dns.svcb.svcparam.key", "dns.resp.class",
                "vxlan.vni", "geneve.vni", "geneve.option.class", "geneve.option.type", "geneve.option.length",
                "gtp.teid", "gtp.flags", "gtp.message", "gtp.length", "dhcp.id", "dhcp.flags", "dhcp.hw.mac_addr",
                "dhcp.ip.your", "dhcp.ip.relay", "dhcp.option.type", "dhcp.option.dhcp",
                "dhcp.option.requested_ip_address", "dhcp.option.dhcp_server_id", "dhcp.option.ip_address_lease_time",
                "dhcp.option.hostname", "dhcp.option.request_list_item", "ntp.flags", "ntp.stratum", "ntp.ppoll",
                "ntp.precision", "ntp.refid", "tls.record.content_type", "tls.record.length", "tls.handshake.type",
                "tls.handshake.version", "tls.handshake.ciphersuite", "tls.handshake.extension.type",
                "tls.handshake.extensions_server_name", "tls.handshake.extensions_alpn_str",
                "tls.handshake.extensions.supported_version", "tls.handshake.extensions_supported_group",
                "tls.handshake.sig_hash_alg", "tls.handshake.ja3_full", "tls.handshake.ja3",
                "tls.handshake.ja3s_full", "tls.handshake.ja3s")) {
            assertTrue(compared.contains(f), f + " never compared; compared: " + compared);
        }
    }
}
