package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * tcpdump's {@code : HTTP} summaries of TCP segments on ports 80 and 8080, on segments built
 * here: every method tcpdump names and some it does not, any case, status lines, lines ended by
 * LF or CRLF, a lone CR, control and non-ASCII bytes, a line without an end, a capture that cuts
 * the segment, TCP with and without options (the fast and the full one-line paths), IPv4 and
 * IPv6, and other ports (no HTTP there): every line must be tcpdump's, with {@code -t}, {@code -e}
 * and {@code -q}.
 */
class HttpLinesTest {
    private static final String[] METHODS = {"GET", "PUT", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "POST", "BCOPY",
        "BMOVE", "MKCOL", "TRACE", "LABEL", "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE", "NOTIFY",
        "BDELETE", "CONNECT", "OPTIONS", "CHECKIN", "PROPFIND", "CHECKOUT", "BPROPFIND", "BPROPPATCH", "PROPPATCH",
        "MKACTIVITY", "MKWORKSPACE", "UNCHECKOUT", "VERSION-CONTROL", "BASELINE-CONTROL", "SUBSCRIBE", "UNSUBSCRIBE",
        "PATCH", "PRI", "QUERY", "ACL", "get", "pOsT", "G", "GETX"};

    /** A frame and how many of its bytes the capture kept. */
    private record Frame(byte[] bytes, int captured) {
    }

    @Test
    void everyLineIsTcpdumps(@TempDir Path dir) throws IOException {
        Tools.assumePortProgram();
        List<Frame> frames = new ArrayList<>();
        for (String m : METHODS) {
            frames.add(whole(tcp4(40000, 80, false, m + " /index.html HTTP/1.1\r\nHost: a\r\n\r\n")));
        }
        List<String> payloads = List.of("HTTP/1.1 200 OK\r\nServer: x\r\n\r\n", "HTTP/1.0 404 Not Found\n\n",
                "HTTP/1.1 2000 OK\r\n", "HTTP/1.1 20 OK\r\n", "HTTP/1.1   301 Moved\r\n", "ICY 200 OK\r\n",
                "GET /a HTTP/1.1", "GET /a HTTP/1.1\r", "GET /a\rHTTP/1.1\r\n", "GET /a\tb HTTP/1.1\r\n",
                "GET /\u00e9 HTTP/1.1\r\n", "GET /\u0001 HTTP/1.1\r\n", "\u00c9GET / HTTP/1.1\r\n", "hello world\r\n",
                " GET / HTTP/1.1\r\n", "GET\r\n", "GET", "\r\n", "GET " + "x".repeat(300) + " HTTP/1.1\r\n",
                "X".repeat(200) + " 200 OK\r\n", "SSH-2.0-OpenSSH_9.2\r\n", "\u0016\u0003\u0001\u0000\u0005hello");
        for (String p : payloads) {
            frames.add(whole(tcp4(40000, 80, false, p)));
            frames.add(whole(tcp4(80, 40000, true, p)));
            frames.add(whole(tcp6(8080, 40000, p)));
            frames.add(whole(tcp4(40000, 8000, false, p)));
            frames.add(whole(tcp4(3128, 40000, false, p)));
        }
        byte[] get = tcp4(40000, 80, false, "GET /long/path HTTP/1.1\r\nHost: a\r\n\r\n");
        for (int cut : new int[] {54 + 2, 54 + 3, 54 + 4, 54 + 10, 54 + 24, 54 + 25, 54 + 30}) {
            frames.add(new Frame(get, cut));
        }
        frames.add(whole(tcp4(40000, 80, false, "")));
        Path f = dir.resolve("http-lines.pcap");
        try (PcapWriter w = PcapWriter.create(f)) {
            for (int i = 0; i < frames.size(); i++) {
                Frame fr = frames.get(i);
                w.write(1, i, 0, fr.bytes().length, fr.bytes(), 0, fr.captured());
            }
        }
        int http = 0;
        for (String flag : new String[] {"-t", "-e", "-q"}) {
            for (String line : Oracle.sameLinesAsTcpdump(f, flag, "--oneline")) {
                if (line.contains(": HTTP: ")) {
                    http++;
                }
            }
        }
        assertTrue(http >= 130, "lines with a printed HTTP line: " + http);
    }

    private static Frame whole(byte[] b) {
        return new Frame(b, b.length);
    }

    /** Ethernet, IPv4 and TCP (with a timestamp option when {@code options}) carrying {@code payload}. */
    private static byte[] tcp4(int sport, int dport, boolean options, String payload) {
        byte[] data = payload.getBytes(StandardCharsets.ISO_8859_1);
        int tcpLength = options ? 32 : 20;
        int ipLength = 20 + tcpLength + data.length;
        byte[] f = new byte[14 + ipLength];
        ether(f, 0x0800);
        f[14] = 0x45;
        f[16] = (byte) (ipLength >> 8);
        f[17] = (byte) ipLength;
        f[22] = 64;
        f[23] = 6;
        f[26] = (byte) 169;
        f[27] = (byte) 254;
        f[29] = 1;
        f[30] = (byte) 169;
        f[31] = (byte) 254;
        f[33] = 2;
        int sum = 0;
        for (int k = 14; k < 34; k += 2) {
            sum += (f[k] & 0xff) << 8 | (f[k + 1] & 0xff);
        }
        sum = (sum >> 16) + (sum & 0xffff);
        sum = ~(sum + (sum >> 16)) & 0xffff;
        f[24] = (byte) (sum >> 8);
        f[25] = (byte) sum;
        tcp(f, 34, sport, dport, options);
        System.arraycopy(data, 0, f, 34 + tcpLength, data.length);
        return f;
    }

    private static byte[] tcp6(int sport, int dport, String payload) {
        byte[] data = payload.getBytes(StandardCharsets.ISO_8859_1);
        byte[] f = new byte[14 + 40 + 20 + data.length];
        ether(f, 0x86dd);
        f[14] = 0x60;
        f[18] = (byte) ((20 + data.length) >> 8);
        f[19] = (byte) (20 + data.length);
        f[20] = 6;
        f[21] = 64;
        f[22] = (byte) 0xfd;
        f[37] = 1;
        f[38] = (byte) 0xfd;
        f[53] = 2;
        tcp(f, 54, sport, dport, false);
        System.arraycopy(data, 0, f, 74, data.length);
        return f;
    }

    private static void ether(byte[] f, int type) {
        byte[] macs = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1};
        System.arraycopy(macs, 0, f, 0, 12);
        f[12] = (byte) (type >> 8);
        f[13] = (byte) type;
    }

    private static void tcp(byte[] f, int at, int sport, int dport, boolean options) {
        f[at] = (byte) (sport >> 8);
        f[at + 1] = (byte) sport;
        f[at + 2] = (byte) (dport >> 8);
        f[at + 3] = (byte) dport;
        f[at + 7] = 1; // sequence 1
        f[at + 11] = 1; // acknowledgement 1
        f[at + 12] = (byte) ((options ? 8 : 5) << 4);
        f[at + 13] = 0x18; // PSH ACK
        f[at + 14] = 0x20; // window 8192
        if (options) {
            byte[] ts = {1, 1, 8, 10, 0, 0, 0, 7, 0, 0, 0, 9};
            System.arraycopy(ts, 0, f, at + 20, ts.length);
        }
    }
}
