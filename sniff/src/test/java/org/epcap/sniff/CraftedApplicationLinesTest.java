package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.epcap.pkt.io.PcapWriter;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corners of the DNS, mDNS, NTP and BOOTP summaries that the corpus lacks (mDNS, every
 * opcode, RCODE and extended RCODE, every type and class name, odd header bits, label bytes
 * tcpdump escapes its own way, every NTP mode, BOOTP's ops and hardware types), on datagrams
 * built here, VXLAN and Geneve tunnels too: every line must be tcpdump's, plain, with
 * {@code -e}, and with {@code -q} (where tcpdump names none of them).
 */
class CraftedApplicationLinesTest {

    @Test
    void everyLineIsTcpdumps(@TempDir Path dir) throws IOException {
        Tools.assumePortProgram();
        List<byte[]> frames = new ArrayList<>();
        int[] types = new int[306];
        for (int t = 0; t < 300; t++) {
            types[t] = t;
        }
        System.arraycopy(new int[] {32768, 32769, 32770, 65280, 65534, 65535}, 0, types, 300, 6);
        for (int t : types) {
            frames.add(udp(1234, 53, dns(t, 0x0100, List.of(q("example.com", t, 1)), List.of(), List.of())));
            if (typedByCodec(t)) {
                continue; // four bytes are no valid data of these: their answers are built below
            }
            frames.add(udp(53, 1234, dns(t, 0x8180, List.of(q("example.com", t, 1)),
                    List.of(rr("example.com", t, 1, new byte[] {1, 2, 3, 4})), List.of())));
        }
        for (int c : new int[] {0, 1, 2, 3, 4, 5, 254, 255, 256, 32768, 32769, 65535}) {
            frames.add(udp(1234, 53, dns(c, 0x0100, List.of(q("example.com", 1, c)), List.of(), List.of())));
        }
        for (int op = 0; op < 16; op++) {
            for (int rc = 0; rc < 16; rc++) {
                frames.add(udp(53, 1234, dns(op * 16 + rc, 0x8000 | op << 11 | rc, List.of(q("a.b", 1, 1)), List.of(),
                        List.of())));
            }
            frames.add(udp(1234, 53, dns(op, op << 11, List.of(q("a.b", 1, 1)), List.of(), List.of())));
        }
        for (int bit = 0; bit < 16; bit++) {
            frames.add(udp(1234, 53, dns(bit, 1 << bit, List.of(q("a.b", 1, 1)), List.of(), List.of())));
            frames.add(udp(53, 1234, dns(bit, 0x8000 | 1 << bit, List.of(q("a.b", 1, 1)), List.of(), List.of())));
        }
        frames.add(udp(1234, 53, dns(9, 0x01c3, List.of(q("a.b", 1, 1)), List.of(), List.of())));
        // the extended RCODE of an OPT record
        for (int rc : new int[] {0, 1, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 100, 4095}) {
            frames.add(udp(53, 1234, dns(rc, 0x8180 | (rc & 0xf), List.of(q("a.b", 1, 1)), List.of(),
                    List.of(rr(".", 41, 4096, (long) (rc >> 4) << 24, new byte[0])))));
        }
        byte[] a = {1, 2, 3, 4};
        List<byte[]> answers = List.of(rr("a.b", 28, 1, bytes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)),
                rr("a.b", 28, 1, bytes(0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)),
                rr("a.b", 6, 1, concat(name("ns.a"), name("h.a"), new byte[20])),
                rr("a.b", 33, 1, concat(bytes(0, 1, 0, 2, 0, 0x50), name("t.local"))),
                rr("a.b", 16, 1, bytes(3, 'a', 'b', 'c', 2, 'd', 0x7f, 0)),
                rr("a.b", 15, 1, concat(bytes(0, 10), name("mx.local"))),
                rr("a.b", 12, 1, name("a b\\c")),
                rr("a.b", 5, 3, name("x\u0001\u00c1.y")),
                rr("a.b", 1, 255, a));
        frames.add(udp(53, 1234, dns(9, 0x8580, List.of(q("a.b", 1, 1)), answers, List.of())));
        frames.add(udp(53, 1234, dns(9, 0x8180, List.of(q("a.b", 1, 1), q("c.d", 1, 1)), List.of(), List.of())));
        frames.add(udp(53, 1234, dns(9, 0x8180, List.of(), List.of(), List.of())));
        frames.add(udp(1234, 53, dns(9, 0x0100, List.of(), List.of(rr("a.b", 1, 1, a)), List.of(rr("a.b", 1, 1, a)))));
        frames.add(udp(1234, 53, dns(9, 0x0800, List.of(), List.of(rr("a.b", 1, 1, a)), List.of())));
        frames.add(udp(1234, 53, dns(9, 0x0800, List.of(q("a.b", 1, 1)), List.of(), List.of())));
        frames.add(udp(1234, 53, dns(9, 0x0800, List.of(q("a.b", 1, 1)), List.of(rr("a.b", 1, 1, a), rr("a.b", 1, 1, a)),
                List.of())));
        frames.add(udp(1234, 53, dns(9, 0x0100, List.of(q("\u0001a\u007f\u00c1. z", 1, 1)), List.of(), List.of())));
        frames.add(udp(1234, 53, dns(9, 0x0100, List.of(q(".", 1, 1)), List.of(), List.of())));
        frames.add(udp(1234, 53, bytes(0, 1, 1, 0)));
        frames.add(udp(1234, 53, new byte[0]));
        // mDNS: (QM), (QU), the cache-flush bit; on LLMNR's port tcpdump prints plain UDP
        for (int port : new int[] {5353, 5355}) {
            frames.add(udp(port, port, dns(0, 0, List.of(q("host.local", 1, 1), q("x.local", 28, 0x8001)), List.of(),
                    List.of())));
            frames.add(udp(port, port, dns(0, 0x8400, List.of(), List.of(rr("host.local", 1, 0x8001, a),
                    rr("y.local", 16, 0x8003, bytes(3, 'a', 'b', 'c')), rr("z.local", 12, 1, name("p.local"))),
                    List.of())));
            frames.add(udp(port, 1234, dns(7, 0x0110, List.of(q("a.b", 1, 1)), List.of(),
                    List.of(rr(".", 41, 4096, 0x8000, new byte[0])))));
        }
        for (int version = 0; version < 8; version++) {
            for (int mode = 0; mode < 8; mode++) {
                byte[] m = new byte[48];
                m[0] = (byte) (version << 3 | mode);
                frames.add(udp(123, 123, m));
            }
        }
        for (int op = 0; op < 4; op++) {
            for (int[] hw : new int[][] {{1, 6}, {1, 8}, {6, 6}, {1, 0}}) {
                frames.add(udp(68, 67, bootp(op, hw[0], hw[1])));
            }
        }
        // tunnels: VXLAN's flags, Geneve's flags, reserved bits, options, protocol types
        byte[] inner = udp(1111, 2222, "hello".getBytes(StandardCharsets.US_ASCII));
        for (int flags : new int[] {0x08, 0x00, 0x0c, 0xff}) {
            frames.add(udp(40000, 4789, concat(bytes(flags, 0, 0, 0, 0, 0, 100, 0), inner)));
        }
        frames.add(udp(40000, 4789, concat(bytes(8, 1, 2, 3, 0, 0, 5, 7), inner)));
        for (int b1 : new int[] {0x00, 0x40, 0x80, 0xc0, 0x05, 0x3f}) {
            frames.add(udp(40000, 6081, concat(bytes(0, b1, 0x65, 0x58, 0, 0, 10, 0), inner)));
        }
        frames.add(udp(40000, 6081, concat(bytes(2, 0x40, 0x65, 0x58, 0, 0, 11, 0, 1, 2, 3, 1, 0, 0, 0, 0), inner)));
        frames.add(udp(40000, 6081, concat(bytes(0, 0, 0x65, 0x58, 0x12, 0x34, 0x56, 9), inner)));
        frames.add(udp(40000, 6081, concat(bytes(0x40, 0, 0x65, 0x58, 0, 0, 13, 0), inner)));
        frames.add(udp(40000, 6081, concat(bytes(0, 0, 8, 0, 0, 0, 14, 0), java.util.Arrays.copyOfRange(inner, 14, inner.length))));
        frames.add(udp(40000, 6081, concat(bytes(0, 0, 0x12, 0x34, 0, 0, 16, 0), new byte[20])));

        Path f = dir.resolve("crafted.pcap");
        try (PcapWriter w = PcapWriter.create(f)) {
            for (int i = 0; i < frames.size(); i++) {
                byte[] fr = frames.get(i);
                w.write(1, i, 0, fr.length, fr, 0, fr.length);
            }
        }
        for (String flag : new String[] {"-t", "-e", "-q"}) { // -q: tcpdump names none of them
            Oracle.sameLinesAsTcpdump(f, flag);
        }
    }

    // ------------------------------------------------------------------ building the datagrams

    // Types whose data the codec reads by their layout (NS, CNAME, SOA, PTR, MX, TXT, AAAA, SRV,
    // DNAME, OPT, SVCB, HTTPS, CAA), and A6 and URI, whose data the codec keeps unread and sniff
    // leaves out where tcpdump prints it (see ApplicationLinesTest).
    private static boolean typedByCodec(int t) {
        return switch (t) {
            case 2, 5, 6, 12, 15, 16, 28, 33, 38, 39, 41, 64, 65, 256, 257 -> true;
            default -> false;
        };
    }

    private static byte[] bootp(int op, int htype, int hlen) {
        byte[] b = new byte[300];
        b[0] = (byte) op;
        b[1] = (byte) htype;
        b[2] = (byte) hlen;
        for (int k = 0; k < 8; k++) {
            b[28 + k] = (byte) (0x11 * k);
        }
        b[236] = 0x63;
        b[237] = (byte) 0x82;
        b[238] = 0x53;
        b[239] = 0x63;
        b[240] = (byte) 0xff;
        return b;
    }

    private static byte[] dns(int id, int flags, List<byte[]> questions, List<byte[]> answers, List<byte[]> additionals) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        u16(o, id);
        u16(o, flags);
        u16(o, questions.size());
        u16(o, answers.size());
        u16(o, 0);
        u16(o, additionals.size());
        questions.forEach(o::writeBytes);
        answers.forEach(o::writeBytes);
        additionals.forEach(o::writeBytes);
        return o.toByteArray();
    }

    private static byte[] q(String name, int type, int dnsClass) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(name(name));
        u16(o, type);
        u16(o, dnsClass);
        return o.toByteArray();
    }

    private static byte[] rr(String name, int type, int dnsClass, byte[] rdata) {
        return rr(name, type, dnsClass, 300, rdata);
    }

    private static byte[] rr(String name, int type, int dnsClass, long ttl, byte[] rdata) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(name(name));
        u16(o, type);
        u16(o, dnsClass);
        u16(o, (int) (ttl >>> 16));
        u16(o, (int) ttl & 0xffff);
        u16(o, rdata.length);
        o.writeBytes(rdata);
        return o.toByteArray();
    }

    // Labels split at '.', each byte its char's low eight bits.
    private static byte[] name(String name) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        if (!name.equals(".")) {
            for (String label : name.split("\\.")) {
                o.write(label.length());
                o.writeBytes(label.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        o.write(0);
        return o.toByteArray();
    }

    // Ethernet, IPv4 (with its checksum), UDP (checksum 0) around the payload.
    private static byte[] udp(int sport, int dport, byte[] payload) {
        int ipLength = 20 + 8 + payload.length;
        byte[] f = new byte[14 + ipLength];
        byte[] head = bytes(0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0x11, 0x22, 0x33, 0x44, 0x66, 8, 0,
                0x45, 0, ipLength >> 8, ipLength & 0xff, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
                sport >> 8, sport & 0xff, dport >> 8, dport & 0xff, (8 + payload.length) >> 8, (8 + payload.length) & 0xff,
                0, 0);
        System.arraycopy(head, 0, f, 0, head.length);
        int sum = 0;
        for (int k = 14; k < 34; k += 2) {
            sum += (f[k] & 0xff) << 8 | (f[k + 1] & 0xff);
        }
        sum = (sum >> 16) + (sum & 0xffff);
        sum = ~(sum + (sum >> 16)) & 0xffff;
        f[24] = (byte) (sum >> 8);
        f[25] = (byte) sum;
        System.arraycopy(payload, 0, f, 42, payload.length);
        return f;
    }

    private static void u16(ByteArrayOutputStream o, int v) {
        o.write(v >> 8 & 0xff);
        o.write(v & 0xff);
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int k = 0; k < v.length; k++) {
            b[k] = (byte) v[k];
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }
}
