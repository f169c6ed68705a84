package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * HTTP heads under hostile input: every prefix and seeded mutations of request and response
 * segments go through {@link Pkt#decode}, and every accessor of each {@link Http} found, with
 * nothing but {@link DecodeException} escaping and the head encoding back to its own bytes; and
 * data that only looks like a start line is left as payload.
 */
class HttpRobustnessTest {
    private static final List<String> SEEDS = List.of(
            "GET /index.html HTTP/1.1\r\nHost: example.test\r\nUser-Agent: curl/7.88\r\nAccept: */*\r\n\r\n",
            "POST /api?q=1 HTTP/1.0\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello",
            "HTTP/1.1 200 OK\r\nServer: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "HTTP/1.1 304\r\nLocation: /a\r\n\r\n",
            "PROPFIND /dav HTTP/1.1\nHost: h\n\n",
            "GET / HTTP/1.1\r\nHost: cut-here");

    /** Ethernet, IPv4 and TCP (port 80) around {@code payload}. */
    static byte[] frame(byte[] payload) {
        byte[] f = new byte[54 + payload.length];
        f[12] = 0x08;
        f[14] = 0x45;
        Wire.put16(f, 16, 40 + payload.length);
        f[22] = 64;
        f[23] = 6;
        f[26] = (byte) 169;
        f[27] = (byte) 254;
        f[29] = 1;
        f[30] = (byte) 169;
        f[31] = (byte) 254;
        f[33] = 2;
        Wire.put16(f, 34, 40000);
        Wire.put16(f, 36, 80);
        f[46] = 0x50;
        f[47] = 0x18;
        System.arraycopy(payload, 0, f, 54, payload.length);
        return f;
    }

    @Test
    void seedsDecodeWithTheirFields() {
        Http get = Pkt.decode(DataLinkType.EN10MB, frame(SEEDS.get(0).getBytes(StandardCharsets.ISO_8859_1)))
                .header(Http.class);
        assertNotNull(get);
        assertEquals("GET", get.method());
        assertEquals("/index.html", get.target());
        assertEquals("HTTP/1.1", get.version());
        assertEquals("example.test", get.field("HOST"));
        assertEquals(3, get.fieldLines().size());
        assertTrue(get.complete());
        Decoded post = Pkt.decode(DataLinkType.EN10MB, frame(SEEDS.get(1).getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("hello", new String(post.payload().toArray(), StandardCharsets.ISO_8859_1), "the body is payload");
        Http ok = Pkt.decode(DataLinkType.EN10MB, frame(SEEDS.get(3).getBytes(StandardCharsets.ISO_8859_1)))
                .header(Http.class);
        assertEquals(304, ok.statusCode());
        assertEquals("", ok.reason());
        assertNull(ok.method());
        Http cut = Pkt.decode(DataLinkType.EN10MB, frame(SEEDS.get(5).getBytes(StandardCharsets.ISO_8859_1)))
                .header(Http.class);
        assertFalse(cut.complete());
        assertEquals("cut-here", cut.field("host"));
    }

    @Test
    void lookalikesStayPayload() {
        for (String s : List.of("GET /a HTTP/1.1", "GET  HTTP/1.1\r\n", "GET /a b HTTP/1.1\r\n", "GET /a HTTP/2.0\r\n",
                "HTTP/1.1 20 OK\r\n", "HTTP/1.1 200 O\u0001K\r\n", "G\u00e9T /a HTTP/1.1\r\n", "SSH-2.0-OpenSSH\r\n",
                "RTSP/1.0 200 OK\r\n", "\r\n", " GET /a HTTP/1.1\r\n")) {
            Decoded d = Pkt.decode(DataLinkType.EN10MB, frame(s.getBytes(StandardCharsets.ISO_8859_1)));
            assertNull(d.header(Http.class), s);
            assertEquals(s.length(), d.payload().length(), s);
        }
    }

    @Test
    void prefixesAndMutantsDecodeOrFailWithTheCodecsError() {
        Random random = new Random(0x4774_7050L);
        int heads = 0;
        for (String seed : SEEDS) {
            byte[] whole = frame(seed.getBytes(StandardCharsets.ISO_8859_1));
            for (int n = 0; n <= whole.length; n++) {
                heads += check(Arrays.copyOf(whole, n));
            }
            for (int m = 0; m < 3_000; m++) {
                byte[] mutant = whole.clone();
                int edits = 1 + random.nextInt(4);
                for (int e = 0; e < edits; e++) {
                    int at = 54 + random.nextInt(whole.length - 54);
                    mutant[at] = switch (random.nextInt(4)) {
                        case 0 -> (byte) random.nextInt(256);
                        case 1 -> (byte) '\n';
                        case 2 -> (byte) ' ';
                        default -> (byte) ':';
                    };
                }
                heads += check(mutant);
            }
        }
        assertTrue(heads > 5_000, "heads decoded: " + heads);
    }

    /** Decodes and reads everything; 1 when an HTTP head was found. */
    private static int check(byte[] frame) {
        Decoded d;
        try {
            d = Pkt.decode(DataLinkType.EN10MB, frame);
        } catch (DecodeException e) {
            return 0;
        }
        Http h = d.header(Http.class);
        if (h == null) {
            return 0;
        }
        h.fields();
        h.fieldLines();
        h.startLine();
        if (h.isRequest()) {
            assertNotNull(h.method());
            assertNotNull(h.target());
        } else {
            assertTrue(h.statusCode() >= 0 && h.statusCode() <= 999);
            assertNotNull(h.reason());
        }
        assertTrue(h.version().startsWith("HTTP/1."));
        byte[] bytes = h.head().toArray();
        assertArrayEquals(bytes, h.encode());
        assertEquals(h, Http.decode(bytes, 0, bytes.length), "the head alone decodes to the same head");
        return 1;
    }
}
