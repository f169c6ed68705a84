package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;
import org.epcap.pkt.testing.Allocations;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FastNames} gives the names the record path gives ({@link Dns}'s first question,
 * {@link TlsHello#serverName()}) on scapy's DNS and TLS packets and the JA4 captures' hellos, on
 * every prefix nothing but -1 or a name, and it allocates nothing.
 */
class FastNamesTest {
    private static final List<byte[]> FRAMES = new ArrayList<>();

    @BeforeAll
    static void frames(@TempDir Path dir) throws IOException {
        for (Scapy.Case c : Scapy.run("/scapy/l7_cases.py")) {
            FRAMES.add(c.bytes());
        }
        for (String name : List.of("tls-sni.pcapng", "tls-alpn-h2.pcap")) {
            Path file = dir.resolve(name);
            try (InputStream in = FastNamesTest.class.getResourceAsStream("/ja4/" + name)) {
                Files.write(file, in.readAllBytes());
            }
            try (PcapReader r = PcapReader.open(file)) {
                for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                    if (rec.dataLinkType() == DataLinkType.EN10MB) {
                        FRAMES.add(rec.data());
                    }
                }
            }
        }
    }

    @Test
    void namesAreTheRecordPaths() {
        FastDecoder f = new FastDecoder();
        byte[] name = new byte[FastNames.MAX_NAME];
        int dns = 0;
        int sni = 0;
        for (byte[] b : FRAMES) {
            Decoded d = Pkt.decode(DataLinkType.EN10MB, b);
            f.decode(b, 0, b.length);
            int n = FastNames.dnsQuestionName(b, f.payloadOffset(), f.payloadLength(), name);
            Dns m = d.header(Dns.class);
            if (m != null && d.headers().indexOf(m) == 3 && !m.questions().isEmpty()) {
                DnsQuestion q = m.questions().get(0);
                assertEquals(q.name().equals(".") ? "" : q.name(), new String(name, 0, n, StandardCharsets.ISO_8859_1));
                assertEquals(q.type(), FastNames.dnsQuestionType(b, f.payloadOffset(), f.payloadLength()));
                dns++;
            }
            Tls t = d.header(Tls.class);
            n = FastNames.tlsServerName(b, f.payloadOffset(), f.payloadLength(), name);
            boolean leads = t != null && t.records().get(0).contentType() == TlsRecord.HANDSHAKE
                    && !t.handshakes().isEmpty() && t.handshakes().get(0).type() == TlsHandshake.CLIENT_HELLO;
            if (leads && t.clientHello().serverName() != null) { // FastNames reads a hello that starts the data
                assertEquals(t.clientHello().serverName(), new String(name, 0, n, StandardCharsets.ISO_8859_1));
                sni++;
            } else if (t == null || t.clientHello() == null) {
                assertTrue(n < 0 || d.header(Tls.class) == null, "a name where the record path has no hello");
            }
        }
        assertTrue(dns >= 7, "DNS questions compared: " + dns);
        assertTrue(sni >= 60, "server names compared: " + sni);
    }

    @Test
    void prefixesGiveANameOrMinusOne() {
        byte[] name = new byte[FastNames.MAX_NAME];
        for (byte[] b : FRAMES) {
            FastDecoder f = new FastDecoder();
            f.decode(b, 0, b.length);
            int off = f.payloadOffset();
            for (int len = 0; len <= f.payloadLength(); len++) {
                int n = FastNames.dnsQuestionName(b, off, len, name);
                assertTrue(n >= -1 && n <= FastNames.MAX_NAME);
                assertTrue(FastNames.dnsQuestionType(b, off, len) >= -1);
                n = FastNames.tlsServerName(b, off, len, name);
                assertTrue(n >= -1 && n <= FastNames.MAX_NAME);
            }
        }
    }

    @Test
    void readsNamesWithoutAllocating() {
        byte[][] frames = FRAMES.toArray(new byte[0][]);
        FastDecoder f = new FastDecoder();
        byte[] name = new byte[FastNames.MAX_NAME];
        int packets = 500_000;
        long allocated = Allocations.over(200_000, packets, i -> names(f, frames[i % frames.length], name));
        assertTrue(allocated < packets / 100, allocated + " bytes allocated over " + packets + " packets");
    }

    private static long names(FastDecoder f, byte[] b, byte[] name) {
        f.decode(b, 0, b.length);
        return FastNames.dnsQuestionName(b, f.payloadOffset(), f.payloadLength(), name)
                + FastNames.dnsQuestionType(b, f.payloadOffset(), f.payloadLength())
                + FastNames.tlsServerName(b, f.payloadOffset(), f.payloadLength(), name);
    }
}
