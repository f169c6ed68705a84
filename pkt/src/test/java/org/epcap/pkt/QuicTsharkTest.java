package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;
import org.epcap.pkt.testing.Corpus;
import org.epcap.pkt.testing.OurFields;
import org.epcap.pkt.testing.Tshark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QUIC long headers and the Initial packets whose protection the codec removes, against tshark
 * (which removes it too) on the corpus's QUIC captures and the JA4 specification's captures of
 * Chrome: every quic.* field both report, the packet numbers and frame types of decrypted
 * Initials, and the ClientHello inside (SNI, ALPN, suites, extensions, JA3), every occurrence.
 */
class QuicTsharkTest {
    private static final List<String> FIELDS = List.of("quic.long.packet_type", "quic.version", "quic.dcid",
            "quic.scid", "quic.token_length", "quic.length", "quic.packet_number", "quic.frame_type",
            "tls.handshake.type", "tls.handshake.version", "tls.handshake.ciphersuite",
            "tls.handshake.extension.type", "tls.handshake.extensions_server_name",
            "tls.handshake.extensions_alpn_str", "tls.handshake.extensions_supported_group",
            "tls.handshake.ja3_full", "tls.handshake.ja3");

    /** Disagreements where the codec is right, as "file#frame field", with the reason. */
    private static final Map<String, String> WE_ARE_RIGHT = Map.of("quic_vn.pcap#3 quic.packet_number",
            "tshark reports 'Decryption failed: checktag' for this Initial (sent after a version negotiation) and"
            + " shows the protected bytes; the codec removed the protection and the AEAD tag verified");

    @Test
    void quicAgreesWithTshark(@TempDir Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String name : List.of("quic_handshake.pcap", "quic_retry.pcap", "quic_vn.pcap",
                "quic_handshake_truncated.pcap")) {
            files.add(Corpus.root().resolve("tcpdump").resolve(name));
        }
        for (String name : List.of("quic-tls-handshake.pcapng", "quic-with-several-tls-frames.pcapng",
                "chrome-cloudflare-quic-with-secrets.pcapng", "tls-sni.pcapng")) {
            Path file = dir.resolve(name);
            try (InputStream in = getClass().getResourceAsStream("/ja4/" + name)) {
                Files.write(file, in.readAllBytes());
            }
            files.add(file);
        }
        Set<String> compared = new TreeSet<>();
        List<String> disagreements = new ArrayList<>();
        int decrypted = 0;
        for (Path file : files) {
            List<Map<String, String>> frames = Tshark.fresh(file, FIELDS).frames();
            List<PcapRecord> records = new ArrayList<>();
            try (PcapReader r = PcapReader.open(file)) {
                for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                    records.add(rec);
                }
            }
            assertEquals(records.size(), frames.size(), file.toString());
            for (int i = 0; i < records.size(); i++) {
                Map<String, List<String>> ours = OurFields.of(records.get(i).dataLinkType(), records.get(i).data());
                if (!ours.containsKey("quic.version")) {
                    continue; // TLS over TCP in the JA4 captures: L7ScapyTsharkTest's
                }
                if (ours.containsKey("quic.packet_number")) {
                    decrypted++;
                }
                for (Map.Entry<String, List<String>> e : ours.entrySet()) {
                    String raw = frames.get(i).get(e.getKey());
                    if (!FIELDS.contains(e.getKey()) || raw == null || raw.isEmpty()) {
                        continue;
                    }
                    compared.add(e.getKey());
                    List<String> expected = CorpusTsharkOracleTest.normalise(e.getKey(), raw);
                    if (e.getKey().equals("quic.version") || e.getKey().equals("tls.handshake.version")) {
                        expected = expected.stream().map(v -> String.valueOf(Long.decode(v))).toList();
                    }
                    if (!expected.equals(e.getValue())
                            && !WE_ARE_RIGHT.containsKey(file.getFileName() + "#" + (i + 1) + " " + e.getKey())) {
                        disagreements.add(file.getFileName() + "#" + (i + 1) + " " + e.getKey() + ": tshark "
                                + expected + ", we " + e.getValue());
                    }
                }
            }
        }
        assertEquals("", String.join("\n", disagreements.subList(0, Math.min(30, disagreements.size()))));
        assertTrue(decrypted >= 20, "Initial packets decrypted: " + decrypted);
        for (String f : FIELDS) {
            assertTrue(compared.contains(f), f + " never compared; compared: " + compared);
        }
    }
}
