package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * {@link FastDns} reads every DNS message of the corpus, of scapy's cases and of the gopacket
 * anchor's generator (3,000 messages) as the record path
 * ({@link Dns}, itself checked field by field against tshark) reads it: each entry's section,
 * owner name, type, class, TTL and data, the names inside CNAME/NS/PTR/DNAME/MX/SRV/SOA data and
 * A addresses. On every prefix and on mutants it neither throws nor writes past a name's room,
 * a compression loop reads as -1, and a walk over messages allocates nothing.
 */
class FastDnsTest {
    /** Each DNS message the record path decoded whole, with its reading. */
    private record Message(String where, byte[] bytes, Dns dns) {
    }

    private static final List<Message> MESSAGES = new ArrayList<>();

    @BeforeAll
    static void messages(@TempDir Path dir) throws IOException, InterruptedException {
        for (CorpusPackets.Packet p : CorpusPackets.all()) {
            add(p.toString(), p.dataLinkType(), p.data());
        }
        // The corpus holds under a hundred DNS messages: add the gopacket anchor's generated
        // traffic (random compressed names, CNAME chains, MX, TXT, SOA, EDNS, mDNS, IPv6, VLAN).
        Path file = AnchorTraffic.generate("gen_dns.py", dir.resolve("dns.pcap"), "--pairs", "1500");
        try (PcapReader r = PcapReader.open(file)) {
            int frame = 0;
            for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                add("gen_dns.py#" + ++frame, rec.dataLinkType(), rec.data());
            }
        }
        for (Scapy.Case c : Scapy.run("/scapy/l7_cases.py")) {
            add("scapy " + c, DataLinkType.EN10MB, c.bytes());
        }
    }

    private static void add(String where, int dlt, byte[] frame) {
        for (Dns m : HeadersFound.in(Dns.class, dlt, frame)) {
            MESSAGES.add(new Message(where, m.message().toArray(), m));
        }
    }

    @Test
    void readsWhatTheRecordPathReads() {
        FastDns f = new FastDns();
        byte[] name = new byte[FastDns.MAX_NAME];
        int entries = 0;
        int dataNames = 0;
        int addresses = 0;
        for (Message m : MESSAGES) {
            byte[] b = m.bytes();
            assertTrue(f.reset(b, 0, b.length), m.where());
            Dns dns = m.dns();
            assertEquals(dns.id(), f.id(), m.where());
            assertEquals(dns.flags(), f.flags(), m.where());
            List<Object> all = new ArrayList<>(dns.questions());
            all.addAll(dns.answers());
            all.addAll(dns.authorities());
            all.addAll(dns.additionals());
            int[] sectionEnds = {dns.questions().size(), dns.questions().size() + dns.answers().size(),
                dns.questions().size() + dns.answers().size() + dns.authorities().size(), all.size()};
            for (int i = 0; i < all.size(); i++) {
                String at = m.where() + " entry " + i;
                assertTrue(f.next(), at);
                int section = 0;
                while (i >= sectionEnds[section]) section++;
                assertEquals(section, f.section(), at);
                if (all.get(i) instanceof DnsQuestion q) {
                    assertEquals(wire(q.name()), text(name, f.name(name)), at);
                    assertEquals(q.type(), f.type(), at);
                    assertEquals(q.dnsClass(), f.dnsClass(), at);
                    assertEquals(-1, f.dataOffset(), at);
                } else {
                    DnsRecord r = (DnsRecord) all.get(i);
                    assertEquals(wire(r.name()), text(name, f.name(name)), at);
                    assertEquals(r.type(), f.type(), at);
                    assertEquals(r.dnsClass(), f.dnsClass(), at);
                    assertEquals(r.ttl(), f.ttl(), at);
                    assertArrayEquals(r.rdata().toArray(),
                            Arrays.copyOfRange(b, f.dataOffset(), f.dataOffset() + f.dataLength()), at);
                    DnsData data = r.data();
                    String inData = data instanceof DnsData.Name n ? n.name()
                            : data instanceof DnsData.Mx mx ? mx.exchange()
                            : data instanceof DnsData.Srv srv ? srv.target()
                            : data instanceof DnsData.Soa soa ? soa.mname() : null;
                    if (inData != null) {
                        assertEquals(wire(inData), text(name, f.dataName(name)), at);
                        dataNames++;
                    } else {
                        assertEquals(-1, f.dataName(name), at);
                    }
                    if (r.data() instanceof DnsData.A a) {
                        assertEquals(a.address().value(), f.address4(), at);
                        addresses++;
                    }
                }
                entries++;
            }
            assertFalse(f.next(), m.where() + ": more entries than the record path read");
            assertFalse(f.malformed(), m.where());
            assertEquals(-1, f.name(name), m.where() + ": a name after the last entry");
        }
        assertTrue(MESSAGES.size() >= 1000, "DNS messages compared: " + MESSAGES.size());
        assertTrue(entries >= 5000 && dataNames >= 500 && addresses >= 500,
                entries + " entries, " + dataNames + " data names, " + addresses + " addresses compared");
    }

    @Test
    void prefixesAndMutantsNeverThrow() {
        FastDns f = new FastDns();
        byte[] name = new byte[FastDns.MAX_NAME];
        PacketMutator mutator = new PacketMutator(5722);
        for (Message m : MESSAGES) {
            byte[] b = m.bytes();
            for (int len = 0; len <= b.length; len++) {
                walk(f, b, len, name);
            }
            for (int k = 0; k < 8; k++) {
                byte[] mutant = mutator.mutate(b);
                walk(f, mutant, mutant.length, name);
            }
        }
    }

    private static void walk(FastDns f, byte[] b, int len, byte[] name) {
        if (f.reset(b, 0, len)) {
            int entries = 0;
            while (f.next()) {
                assertTrue(f.name(name) >= -1 && f.dataName(name) >= -1);
                assertTrue(f.dataOffset() + f.dataLength() <= len);
                f.address4();
                entries++;
            }
            assertTrue(entries <= 4 * 0xffff);
        } else {
            assertFalse(f.next());
        }
    }

    @Test
    void aCompressionLoopReadsAsMinusOne() {
        // one question whose name is a pointer to itself (offset 12), as RFC 9267 warns
        byte[] b = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 12, 0, 1, 0, 1};
        FastDns f = new FastDns();
        assertTrue(f.reset(b, 0, b.length));
        assertTrue(f.next());
        assertEquals(-1, f.name(new byte[FastDns.MAX_NAME]));
        assertEquals(1, f.type());
        assertFalse(f.next());
        assertFalse(f.malformed());
    }

    @Test
    void walksWithoutAllocating() {
        byte[][] messages = MESSAGES.stream().map(Message::bytes).toArray(byte[][]::new);
        FastDns f = new FastDns();
        byte[] name = new byte[FastDns.MAX_NAME];
        int count = 500_000;
        long allocated = Allocations.over(200_000, count, i -> everything(f, messages[i % messages.length], name));
        assertTrue(allocated < count / 100, allocated + " bytes allocated over " + count + " messages");
    }

    private static long everything(FastDns f, byte[] b, byte[] name) {
        long sum = 0;
        if (f.reset(b, 0, b.length)) {
            while (f.next()) {
                sum += f.name(name) + f.type() + f.dataName(name) + f.address4();
            }
        }
        return sum;
    }

    private static String text(byte[] name, int n) {
        return n < 0 ? "(malformed)" : new String(name, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The record path's presentation name as FastDns writes it: \DDD unescaped, the root empty. */
    private static String wire(String presentation) {
        if (presentation.equals(".")) {
            return "";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < presentation.length(); i++) {
            char c = presentation.charAt(i);
            if (c == '\\' && i + 3 < presentation.length() && Character.isDigit(presentation.charAt(i + 1))) {
                out.write(Integer.parseInt(presentation.substring(i + 1, i + 4)));
                i += 3;
            } else {
                out.write(c);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
