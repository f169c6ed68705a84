package org.epcap.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.epcap.pkt.Decoded;
import org.epcap.pkt.Dns;
import org.epcap.pkt.DnsQuestion;
import org.epcap.pkt.DnsRecord;
import org.epcap.pkt.FastDecoder;
import org.epcap.pkt.FastDns;
import org.epcap.pkt.FastTls;
import org.epcap.pkt.TlsHandshake;
import org.epcap.pkt.Header;
import org.epcap.pkt.Pkt;
import org.epcap.pkt.Tls;
import org.epcap.pkt.TlsRecord;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;

/**
 * The codec's DNS and TLS decoding, through {@link Pkt#decode} (modes dns, tls) or through the
 * allocation-free path (dns-fast, tls-fast: see FastPass below), in memory, as gopacket's gpbench
 * measures {@code layers.DNS} and {@code layers.TLS} with {@code -mem -modes dns|tls}: every frame
 * of the file is loaded into a {@code byte[][]} first, then decoded in whole passes for WARMUP
 * seconds untimed and at least SECONDS timed. Prints one line, gpbench's form:
 * {@code mode=mem-java-MODE packets=N dns=M questions=Q answers=A seconds=S pps=P best_pass_pps=B} or
 * {@code mode=mem-java-MODE packets=N tls=M records=R handshake=H seconds=S pps=P best_pass_pps=B}
 * (the fastest whole pass, as gpbench prints it: the figure least disturbed by a loaded machine).
 *
 * <p>It touches what gpbench touches: every question's name, every answer's name and type; every
 * record's type, version and length. Pkt.decode does more than gopacket's layers here: it reads
 * every record's typed data, and the TLS hellos (SNI, extensions), which gopacket 1.1.19 does not
 * parse. l7-bench.sh runs both and prints the ratio.
 *
 * <p>Usage: {@code L7Bench dns|tls|dns-fast|tls-fast FILE WARMUP_SECONDS SECONDS}.
 */
public final class L7Bench {
    private L7Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !List.of("dns", "tls", "dns-fast", "tls-fast").contains(args[0])) {
            System.err.println("usage: L7Bench dns|tls|dns-fast|tls-fast FILE WARMUP_SECONDS SECONDS");
            System.exit(2);
        }
        String mode = args[0];
        boolean dns = mode.startsWith("dns");
        List<byte[]> list = new ArrayList<>();
        int dlt = 1;
        try (PcapReader r = PcapReader.open(Path.of(args[1]))) {
            for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                list.add(rec.data());
                dlt = rec.dataLinkType();
            }
        }
        byte[][] frames = list.toArray(new byte[0][]);
        long warmEnd = System.nanoTime() + (long) (Double.parseDouble(args[2]) * 1e9);
        long[] counts = new long[4];
        FastPass fast = mode.endsWith("-fast") ? new FastPass(dns) : null;
        while (System.nanoTime() < warmEnd) {
            if (fast != null) fast.pass(frames, counts);
            else pass(frames, dlt, dns, counts);
        }
        counts = new long[4];
        long timed = (long) (Double.parseDouble(args[3]) * 1e9);
        long start = System.nanoTime();
        long packets = 0;
        long bestPass = Long.MAX_VALUE;
        do {
            long t0 = System.nanoTime();
            if (fast != null) fast.pass(frames, counts);
            else pass(frames, dlt, dns, counts);
            bestPass = Math.min(bestPass, System.nanoTime() - t0);
            packets += frames.length;
        } while (System.nanoTime() - start < timed);
        double seconds = (System.nanoTime() - start) / 1e9;
        String what = dns ? " dns=" + counts[0] + " questions=" + counts[1] + " answers=" + counts[2]
                : " tls=" + counts[0] + " records=" + counts[1] + " handshake=" + counts[2];
        System.out.printf("mode=mem-java-%s packets=%d%s seconds=%.3f pps=%.0f best_pass_pps=%.0f sink=%d%n",
                mode, packets, what, seconds, packets / seconds, frames.length / (bestPass / 1e9), counts[3]);
    }

    /**
     * The allocation-free path, as gopacket's modes run its layers under a DecodingLayerParser:
     * {@link FastDecoder}, then {@link FastDns} or {@link FastTls}. dns-fast reads every entry of
     * every section: owner name, type, the name inside CNAME/NS/PTR/MX/SRV/SOA data and A
     * addresses (gpbench touches the questions' names and the answers' names and types; its
     * layers.DNS decodes every section whole). tls-fast reads every record's type, version and
     * length, and each ClientHello's server name, which gopacket's layers.TLS does not parse.
     */
    private static final class FastPass {
        private final boolean dns;
        private final FastDecoder decoder = new FastDecoder();
        private final FastDns message = new FastDns();
        private final FastTls records = new FastTls();
        private final byte[] name = new byte[FastDns.MAX_NAME];

        FastPass(boolean dns) {
            this.dns = dns;
        }

        void pass(byte[][] frames, long[] counts) {
            for (byte[] f : frames) {
                int layers = decoder.decode(f, 0, f.length);
                if (dns) {
                    if ((layers & FastDecoder.UDP) != 0 && (dnsPort(decoder.sourcePort()) || dnsPort(decoder.destinationPort()))
                            && message.reset(f, decoder.payloadOffset(), decoder.payloadLength())) {
                        dns(counts);
                    }
                } else if ((layers & FastDecoder.TCP) != 0 && (tlsPort(decoder.sourcePort()) || tlsPort(decoder.destinationPort()))
                        && records.reset(f, decoder.payloadOffset(), decoder.payloadLength())) {
                    tls(counts);
                }
            }
        }

        private void dns(long[] counts) {
            counts[0]++;
            while (message.next()) {
                if (message.section() == FastDns.QUESTION) {
                    counts[1]++;
                    counts[3] += message.name(name) + message.type();
                } else {
                    if (message.section() == FastDns.ANSWER) counts[2]++;
                    counts[3] += message.name(name) + message.type() + message.dataName(name) + message.address4();
                }
            }
        }

        private void tls(long[] counts) {
            counts[0]++;
            while (records.next()) {
                counts[1]++;
                counts[3] += records.contentType() + records.version() + records.length();
                if (records.contentType() == TlsRecord.HANDSHAKE) {
                    counts[2]++;
                    if (records.handshakeType() == TlsHandshake.CLIENT_HELLO) {
                        counts[3] += records.serverName(name);
                    }
                }
            }
        }

        private static boolean dnsPort(int port) {
            return port == 53 || port == 5353;
        }

        // gopacket 1.1.19's TCP ports for layers.TLS
        private static boolean tlsPort(int port) {
            return port == 443 || port == 636 || port == 989 || port == 990 || port >= 992 && port <= 995 || port == 5061;
        }
    }

    /** One pass; counts[3] is a sink for what is touched, so that nothing is optimised away. */
    private static void pass(byte[][] frames, int dlt, boolean dns, long[] counts) {
        for (byte[] f : frames) {
            Decoded d = Pkt.decode(dlt, f);
            Header last = d.last();
            if (dns && last instanceof Dns m) {
                counts[0]++;
                for (DnsQuestion q : m.questions()) {
                    counts[1]++;
                    counts[3] += q.name().length();
                }
                for (DnsRecord a : m.answers()) {
                    counts[2]++;
                    counts[3] += a.name().length() + a.type();
                }
            } else if (!dns && last instanceof Tls t) {
                counts[0]++;
                for (TlsRecord r : t.records()) {
                    counts[1]++;
                    counts[3] += r.contentType() + r.version() + r.length();
                    if (r.contentType() == TlsRecord.HANDSHAKE) {
                        counts[2]++;
                    }
                }
            }
        }
    }
}
