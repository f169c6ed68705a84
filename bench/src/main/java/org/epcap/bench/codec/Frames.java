package org.epcap.bench.codec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.epcap.pkt.DataLinkType;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;

/** The frames the codec benchmark decodes: generated ones and the corpus's Ethernet frames. */
final class Frames {
    private Frames() {
    }

    /** {@code n} Ethernet + IPv4 + TCP frames, 0–1400 bytes of payload, seeded. */
    static byte[][] etherIpv4Tcp(int n, long seed) {
        Random r = new Random(seed);
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            out[i] = frame(r, false, true, r.nextInt(1401));
        }
        return out;
    }

    /**
     * A realistic mix of {@code n} frames: half the corpus's Ethernet frames (cycled), half
     * generated IPv4/IPv6 × TCP/UDP frames with payloads sized like Internet traffic (many small,
     * many full-size), shuffled with a fixed seed.
     */
    static byte[][] mix(int n, long seed, Path corpus) throws IOException {
        Random r = new Random(seed);
        List<byte[]> real = corpusEthernet(corpus);
        List<byte[]> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (!real.isEmpty() && i % 2 == 0) {
                all.add(real.get((i / 2) % real.size()));
            } else {
                int size = switch (r.nextInt(10)) {
                    case 0, 1, 2, 3 -> 0;
                    case 4, 5 -> r.nextInt(200);
                    case 6 -> 200 + r.nextInt(1000);
                    default -> 1400;
                };
                all.add(frame(r, r.nextInt(4) == 0, r.nextInt(3) != 0, size));
            }
        }
        Collections.shuffle(all, r);
        return all.toArray(new byte[0][]);
    }

    /** The Ethernet frames of every capture in the corpus folder (none if it is missing). */
    static List<byte[]> corpusEthernet(Path corpus) throws IOException {
        List<byte[]> out = new ArrayList<>();
        if (corpus == null || !Files.isDirectory(corpus)) {
            return out;
        }
        List<Path> files;
        try (var s = Files.walk(corpus)) {
            files = s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                    .sorted().toList();
        }
        for (Path f : files) {
            try (PcapReader reader = PcapReader.open(f)) {
                PcapRecord rec;
                while ((rec = reader.next()) != null) {
                    if (rec.dataLinkType() == DataLinkType.EN10MB && rec.caplen() >= 14) {
                        out.add(rec.data());
                    }
                }
            } catch (IOException e) {
                // a deliberately corrupt capture: keep the frames read before the damage
            }
        }
        return out;
    }

    private static byte[] frame(Random r, boolean ipv6, boolean tcp, int payload) {
        int l4 = tcp ? 20 : 8;
        int l3 = ipv6 ? 40 : 20;
        byte[] b = new byte[14 + l3 + l4 + payload];
        for (int i = 0; i < 12; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        b[0] &= (byte) 0xfe; // unicast destination
        int p = 12;
        put16(b, p, ipv6 ? 0x86dd : 0x0800);
        p = 14;
        int proto = tcp ? 6 : 17;
        if (ipv6) {
            b[p] = 0x60;
            put16(b, p + 4, l4 + payload);
            b[p + 6] = (byte) proto;
            b[p + 7] = 64;
            for (int i = 8; i < 40; i++) {
                b[p + i] = (byte) r.nextInt(256);
            }
        } else {
            b[p] = 0x45;
            put16(b, p + 2, l3 + l4 + payload);
            put16(b, p + 4, r.nextInt(0x10000));
            b[p + 6] = 0x40; // don't fragment
            b[p + 8] = 64;
            b[p + 9] = (byte) proto;
            for (int i = 12; i < 20; i++) {
                b[p + i] = (byte) r.nextInt(256);
            }
            put16(b, p + 10, ipv4Checksum(b, p));
        }
        p += l3;
        put16(b, p, 1024 + r.nextInt(60000));
        put16(b, p + 2, r.nextBoolean() ? 443 : 80);
        if (tcp) {
            put32(b, p + 4, r.nextInt());
            put32(b, p + 8, r.nextInt());
            b[p + 12] = 0x50;
            b[p + 13] = 0x18; // ack, psh
            put16(b, p + 14, 501);
        } else {
            put16(b, p + 4, 8 + payload);
        }
        for (int i = p + l4; i < b.length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    private static int ipv4Checksum(byte[] b, int off) {
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return ~sum & 0xffff;
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    private static void put32(byte[] b, int off, int v) {
        put16(b, off, v >>> 16);
        put16(b, off + 2, v);
    }
}
