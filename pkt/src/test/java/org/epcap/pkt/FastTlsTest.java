package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;
import org.epcap.pkt.testing.Allocations;
import org.epcap.pkt.testing.AnchorTraffic;
import org.epcap.pkt.testing.CorpusPackets;
import org.epcap.pkt.testing.HeadersFound;
import org.epcap.pkt.testing.PacketMutator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FastTls} walks the TLS records of every TLS payload of the corpus, of the JA4
 * captures, of scapy's cases and of the gopacket anchor's generator as the record path
 * ({@link Tls}, checked against tshark elsewhere) reads them: content type, version, length and
 * fragment of each record, and the ClientHello's server name. On every prefix and on mutants,
 * and with it {@link FastDns}, on every TCP and UDP payload of the corpus, it neither throws nor
 * reads past the payload, and a walk allocates nothing.
 */
class FastTlsTest {
    private record Payload(String where, byte[] bytes, Tls tls) {
    }

    private static final List<Payload> PAYLOADS = new ArrayList<>();

    @BeforeAll
    static void payloads(@TempDir Path dir) throws IOException, InterruptedException {
        for (CorpusPackets.Packet p : CorpusPackets.all()) {
            add(p.toString(), p.dataLinkType(), p.data());
        }
        for (Scapy.Case c : Scapy.run("/scapy/l7_cases.py")) {
            add("scapy " + c, DataLinkType.EN10MB, c.bytes());
        }
        List<Path> files = new ArrayList<>();
        for (String name : List.of("tls-sni.pcapng", "tls-alpn-h2.pcap")) {
            Path file = dir.resolve(name);
            try (InputStream in = FastTlsTest.class.getResourceAsStream("/ja4/" + name)) {
                Files.write(file, in.readAllBytes());
            }
            files.add(file);
        }
        files.add(AnchorTraffic.generate("gen_tls.py", dir.resolve("tls.pcap"), "--conns", "150"));
        for (Path file : files) {
            try (PcapReader r = PcapReader.open(file)) {
                int frame = 0;
                for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                    add(file.getFileName() + "#" + ++frame, rec.dataLinkType(), rec.data());
                }
            }
        }
    }

    private static void add(String where, int dlt, byte[] frame) {
        for (Tls t : HeadersFound.in(Tls.class, dlt, frame)) {
            PAYLOADS.add(new Payload(where, t.message().toArray(), t));
        }
    }

    @Test
    void walksTheRecordsTheRecordPathReads() {
        FastTls f = new FastTls();
        byte[] name = new byte[FastNames.MAX_NAME];
        int records = 0;
        int names = 0;
        for (Payload p : PAYLOADS) {
            byte[] b = p.bytes();
            assertTrue(f.reset(b, 0, b.length), p.where());
            for (TlsRecord r : p.tls().records()) {
                assertTrue(f.next(), p.where());
                assertEquals(r.contentType(), f.contentType(), p.where());
                assertEquals(r.version(), f.version(), p.where());
                assertEquals(r.length(), f.length(), p.where());
                assertArrayEquals(r.fragment().toArray(),
                        Arrays.copyOfRange(b, f.fragmentOffset(), f.fragmentOffset() + f.fragmentPresent()), p.where());
                records++;
            }
            assertFalse(f.next(), p.where() + ": more records than the record path read");
            f.reset(b, 0, b.length);
            f.next();
            Tls t = p.tls();
            boolean leads = !t.handshakes().isEmpty() && t.handshakes().get(0).type() == TlsHandshake.CLIENT_HELLO
                    && f.handshakeType() == TlsHandshake.CLIENT_HELLO;
            int n = f.serverName(name);
            if (leads && t.clientHello().serverName() != null && f.fragmentPresent() == f.length()) {
                assertEquals(t.clientHello().serverName(), new String(name, 0, n, StandardCharsets.ISO_8859_1), p.where());
                names++;
            } else if (t.clientHello() == null) {
                assertEquals(-1, n, p.where() + ": a name where the record path has no hello");
            }
        }
        assertTrue(PAYLOADS.size() >= 1000 && records >= 1500 && names >= 150,
                PAYLOADS.size() + " payloads, " + records + " records, " + names + " server names compared");
    }

    @Test
    void prefixesAndMutantsNeverThrow() {
        FastTls f = new FastTls();
        byte[] name = new byte[FastNames.MAX_NAME];
        PacketMutator mutator = new PacketMutator(8446);
        for (Payload p : PAYLOADS) {
            byte[] b = p.bytes();
            for (int len = 0; len <= Math.min(b.length, 600); len++) {
                walk(f, b, len, name);
            }
            for (int k = 0; k < 8; k++) {
                byte[] mutant = mutator.mutate(b);
                walk(f, mutant, mutant.length, name);
            }
        }
    }

    private static void walk(FastTls f, byte[] b, int len, byte[] name) {
        if (f.reset(b, 0, len)) {
            while (f.next()) {
                assertTrue(f.fragmentOffset() + f.fragmentPresent() <= len);
                assertTrue(f.serverName(name) >= -1 && f.handshakeType() >= -1);
            }
        } else {
            assertFalse(f.next());
        }
    }

    /** Any payload, not only TLS and DNS: both cursors are handed whatever a port carries. */
    @Test
    void everyCorpusPayloadWalksWithoutThrowing() {
        FastDecoder d = new FastDecoder();
        FastTls tls = new FastTls();
        FastDns dns = new FastDns();
        byte[] name = new byte[FastDns.MAX_NAME];
        int payloads = 0;
        for (CorpusPackets.Packet p : CorpusPackets.all()) {
            byte[] b = p.data();
            int layers = d.decode(b, 0, b.length);
            if ((layers & (FastDecoder.TCP | FastDecoder.UDP)) == 0) {
                continue;
            }
            int off = d.payloadOffset();
            int len = d.payloadLength();
            if (tls.reset(b, off, len)) {
                while (tls.next()) {
                    assertTrue(tls.fragmentOffset() + tls.fragmentPresent() <= off + len, p.toString());
                    tls.serverName(name);
                }
            }
            if (dns.reset(b, off, len)) {
                while (dns.next()) {
                    assertTrue(dns.dataOffset() + dns.dataLength() <= off + len, p.toString());
                    dns.name(name);
                    dns.dataName(name);
                }
            }
            payloads++;
        }
        assertTrue(payloads >= 2500, "payloads walked: " + payloads); // FastDecoder reads Ethernet frames only
    }

    @Test
    void walksWithoutAllocating() {
        byte[][] payloads = PAYLOADS.stream().map(Payload::bytes).toArray(byte[][]::new);
        FastTls f = new FastTls();
        byte[] name = new byte[FastNames.MAX_NAME];
        int count = 500_000;
        long allocated = Allocations.over(200_000, count, i -> everything(f, payloads[i % payloads.length], name));
        assertTrue(allocated < count / 100, allocated + " bytes allocated over " + count + " payloads");
    }

    private static long everything(FastTls f, byte[] b, byte[] name) {
        long sum = 0;
        if (f.reset(b, 0, b.length)) {
            while (f.next()) {
                sum += f.contentType() + f.version() + f.length() + f.serverName(name);
            }
        }
        return sum;
    }
}
