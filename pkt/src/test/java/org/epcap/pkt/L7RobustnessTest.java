package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;
import org.epcap.pkt.testing.PacketMutator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decoders above layer 4 under hostile input. The corpus mutation test seldom reaches a
 * ClientHello or a QUIC Initial, so here the seeds are packets that carry them (scapy's cases and
 * the JA4 captures' hellos and Initials): every prefix, and seeded random mutations, go through
 * {@link Pkt#decode} and {@link Pkt#decapsulate} with nothing but {@link DecodeException} escaping.
 * DTLS's seeds are five frames of openssl's DTLS capture (hellos, a HelloVerifyRequest,
 * fragments, encrypted records). Then hand-made DNS names that loop, grow past 255 bytes or use reserved label types, which must
 * be malformed, not hang.
 */
class L7RobustnessTest {
    private static final long SEED = 0x17_7e57L;
    private static final int MUTANTS_PER_SEED = 3_000;
    private static final List<byte[]> SEEDS = new ArrayList<>();

    @BeforeAll
    static void seeds(@TempDir Path dir) throws IOException {
        for (Scapy.Case c : Scapy.run("/scapy/l7_cases.py")) {
            SEEDS.add(c.bytes());
        }
        for (String name : List.of("tls-alpn-h2.pcap", "tls12.pcap", "quic-tls-handshake.pcapng",
                "chrome-cloudflare-quic-with-secrets.pcapng")) {
            Path file = dir.resolve(name);
            try (InputStream in = L7RobustnessTest.class.getResourceAsStream("/ja4/" + name)) {
                Files.write(file, in.readAllBytes());
            }
            try (PcapReader r = PcapReader.open(file)) {
                for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                    Decoded d = Pkt.decode(rec.dataLinkType(), rec.data());
                    if (d.header(Tls.class) != null && d.header(Tls.class).handshakes().size() > 0
                            || d.header(Quic.class) != null && d.header(Quic.class).decrypted()) {
                        SEEDS.add(rec.data());
                    }
                }
            }
        }
        // DTLS: openssl's hellos, HelloVerifyRequests, fragments and encrypted records
        Path dtls = dir.resolve("openssl-dtls.pcap");
        try (InputStream in = L7RobustnessTest.class.getResourceAsStream("/dtls/openssl-dtls.pcap")) {
            Files.write(dtls, in.readAllBytes());
        }
        // frames 1 ClientHello, 2 HelloVerifyRequest, 4 ServerHello and a certificate fragment,
        // 8 key exchange, ChangeCipherSpec and an encrypted Finished, 13 a ClientHello fragment over IPv6
        List<Integer> frames = List.of(1, 2, 4, 8, 13);
        int frame = 0;
        try (PcapReader r = PcapReader.open(dtls)) {
            for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                if (frames.contains(++frame)) {
                    assertNotNull(Pkt.decode(rec.dataLinkType(), rec.data()).header(Dtls.class), "frame " + frame);
                    SEEDS.add(rec.data());
                }
            }
        }
        assertTrue(SEEDS.size() >= 30, "seeds: " + SEEDS.size());
    }

    @Test
    void everyPrefixDecodesOrFailsWithTheCodecsError() {
        for (byte[] seed : SEEDS) {
            for (int n = 0; n <= seed.length; n++) {
                run(java.util.Arrays.copyOf(seed, n));
            }
        }
    }

    @Test
    void mutantsOfPacketsAboveLayer4FailOnlyWithTheCodecsError() {
        PacketMutator mutator = new PacketMutator(SEED);
        for (byte[] seed : SEEDS) {
            for (int i = 0; i < MUTANTS_PER_SEED; i++) {
                run(mutator.mutate(seed));
            }
        }
    }

    private static void run(byte[] input) {
        try {
            assertNotNull(Pkt.decode(DataLinkType.EN10MB, input));
            try {
                Pkt.decapsulate(DataLinkType.EN10MB, input);
            } catch (DecodeException expected) {
                // the codec's own error
            }
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("seed " + SEED + ", input " + HexFormat.of().formatHex(input), e);
        }
    }

    /** A DNS query for {@code name} given as wire bytes, 12-byte header first. */
    private static byte[] message(String hexName) {
        return HexFormat.of().parseHex("123401000001000000000000" + hexName + "00010001");
    }

    @Test
    void aPointerToItselfIsACompressionLoop() {
        DecodeException e = assertThrows(DecodeException.class, () -> Dns.decode(message("c00c"), 0, 18));
        assertTrue(e.getMessage().contains("compression loop"), e.getMessage());
    }

    @Test
    void twoPointersToEachOtherAreACompressionLoop() {
        byte[] m = message("c00e" + "c00c");
        DecodeException e = assertThrows(DecodeException.class, () -> Dns.decode(m, 0, m.length));
        assertTrue(e.getMessage().contains("compression loop"), e.getMessage());
    }

    @Test
    void aNameLongerThan255BytesIsMalformed() {
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            labels.append("3f").append("61".repeat(63)); // 5 labels of 63 bytes: 320 bytes
        }
        byte[] m = message(labels + "00");
        DecodeException e = assertThrows(DecodeException.class, () -> Dns.decode(m, 0, m.length));
        assertTrue(e.getMessage().contains("longer than 255"), e.getMessage());
    }

    @Test
    void aLabelLoopThroughAPointerIsStoppedByTheLengthBound() {
        // "a" then a pointer back to the "a": every hop adds a label, so the 255-byte bound ends it
        byte[] m = message("0161c00c");
        DecodeException e = assertThrows(DecodeException.class, () -> Dns.decode(m, 0, m.length));
        assertTrue(e.getMessage().contains("longer than 255") || e.getMessage().contains("compression loop"),
                e.getMessage());
    }

    @Test
    void reservedLabelTypesAreMalformed() {
        for (String type : List.of("41", "81")) {
            byte[] m = message(type + "00");
            DecodeException e = assertThrows(DecodeException.class, () -> Dns.decode(m, 0, m.length));
            assertTrue(e.getMessage().contains("label type"), e.getMessage());
        }
    }

    @Test
    void countsThatLieAreTruncation() {
        byte[] m = HexFormat.of().parseHex("12348180ffff00000000000001610000010001");
        DecodeException e = assertThrows(DecodeException.class, () -> Dns.decode(m, 0, m.length));
        assertTrue(e.truncated(), e.getMessage());
        assertEquals("dns", e.protocol());
    }

    @Test
    void textFromThePacketCannotBreakAReportLine() {
        // a TXT record "a<LF>b<ESC>\" : a report prints it on one line, escaped
        byte[] m = HexFormat.of().parseHex("123481800000000100000000" + "016100001000010000000a0006"
                + "05610a621b5c");
        Dns dns = Dns.decode(m, 0, m.length);
        assertEquals(List.of("a\nb\u001b\\"), ((DnsData.Txt) dns.answers().get(0).data()).strings());
        String answer = (String) ((List<?>) dns.fields().get("answers")).get(0);
        assertEquals("a 10 TXT \"a\\010b\\027\\\\\"", answer);
    }

    @Test
    void anRdataThatDoesNotFitItsTypeIsMalformed() {
        // an A record whose RDATA is 5 bytes
        byte[] m = HexFormat.of().parseHex("123481800000000100000000" + "0161000001000100000e100005" + "0102030405");
        DecodeException e = assertThrows(DecodeException.class, () -> Dns.decode(m, 0, m.length));
        assertTrue(e.getMessage().contains("RDATA of 5 bytes"), e.getMessage());
    }
}
