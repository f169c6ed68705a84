package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the DTLS tests against tshark do not reach: which datagrams the walk takes for DTLS, the
 * errors of a malformed plaintext handshake, a datagram the capture cut, and the report's fields.
 * The packets are openssl's (the first frames of src/test/resources/dtls/openssl-dtls.pcap).
 */
class DtlsDecodeTest {
    /** ClientHello (no cookie), HelloVerifyRequest, ClientHello with the cookie: frames 1–3. */
    private static List<byte[]> frames() throws IOException {
        try (InputStream in = DtlsDecodeTest.class.getResourceAsStream("/dtls/openssl-dtls.pcap");
                var r = org.epcap.pkt.io.PcapReader.of(in)) {
            return List.of(r.next().data(), r.next().data(), r.next().data());
        }
    }

    /** Where the UDP payload starts in a loopback frame: Ethernet, IPv4 without options, UDP. */
    private static final int DATA = 14 + 20 + 8;

    @Test
    void helloVerifyRequestAndCookies() throws IOException {
        List<byte[]> f = frames();
        Dtls first = Pkt.decode(DataLinkType.EN10MB, f.get(0)).header(Dtls.class);
        Dtls verify = Pkt.decode(DataLinkType.EN10MB, f.get(1)).header(Dtls.class);
        Dtls second = Pkt.decode(DataLinkType.EN10MB, f.get(2)).header(Dtls.class);
        assertEquals(0, first.handshakes().get(0).cookie().length());
        assertEquals(DtlsHandshake.HELLO_VERIFY_REQUEST, verify.handshakes().get(0).type());
        assertEquals(20, verify.handshakes().get(0).cookie().length());
        assertEquals(verify.handshakes().get(0).cookie(), second.handshakes().get(0).cookie(), "the cookie sent back");
        assertEquals("a.example.test", second.clientHello().serverName());
        assertEquals(1, second.handshakes().get(0).messageSeq());
        Map<String, Object> m = second.fields();
        assertEquals(List.of("22 0xfeff 0 1 " + second.records().get(0).length()), m.get("records"));
        assertEquals(20, m.get("cookie_length"));
        assertEquals("a.example.test", m.get("sni"));
        assertEquals(List.of("coap"), m.get("alpn"));
        assertTrue(((String) m.get("ja4")).startsWith("dd2d"), m.toString());
        assertEquals(20, verify.fields().get("verify_cookie_length"));
    }

    @Test
    void theWalkTakesDtlsByContentWherePortsSayNothing() throws IOException {
        byte[] hello = frames().get(0);
        assertTrue(Dtls.startsDatagram(hello, DATA, hello.length));
        // TLS's version bytes are not DTLS's
        byte[] tls = hello.clone();
        tls[DATA + 1] = 3;
        tls[DATA + 2] = 3;
        assertNull(Pkt.decode(DataLinkType.EN10MB, tls).header(Dtls.class));
        // application data before any keys (epoch 0) is no DTLS sender's
        byte[] data = hello.clone();
        data[DATA] = 23;
        assertFalse(Dtls.startsRecord(data, DATA, data.length));
        // a record longer than the datagram: not taken for DTLS by content
        byte[] longer = hello.clone();
        longer[DATA + 11] = (byte) 0x3f;
        assertNull(Pkt.decode(DataLinkType.EN10MB, longer).header(Dtls.class));
        // a port that names a protocol wins: DNS on 53
        byte[] dns = hello.clone();
        dns[14 + 20 + 2] = 0;
        dns[14 + 20 + 3] = 53;
        assertNull(Pkt.decode(DataLinkType.EN10MB, dns).header(Dtls.class));
    }

    @Test
    void aCutDatagramLeavesItsLastRecordIncomplete() throws IOException {
        byte[] hello = frames().get(2);
        for (int n = DATA + Dtls.RECORD_HEADER; n < hello.length; n += 7) {
            Dtls d = Dtls.decode(hello, DATA, n);
            assertFalse(d.records().get(0).complete(), "cut at " + n);
            assertNull(d.clientHello(), "a hello not all here is not read");
        }
    }

    @Test
    void aMalformedPlaintextHandshakeIsTheCodecsError() throws IOException {
        byte[] hello = frames().get(2);
        int hs = DATA + Dtls.RECORD_HEADER;
        // fragment_length beyond the record
        byte[] past = hello.clone();
        past[hs + 10] = (byte) 0xff;
        assertMalformed(past, true);
        // fragment_offset + fragment_length beyond the message length
        byte[] offset = hello.clone();
        offset[hs + 8] = 1;
        assertMalformed(offset, true);
        // the cookie's length runs past the hello
        byte[] cookie = hello.clone();
        int sid = hs + Dtls.HANDSHAKE_HEADER + 2 + 32;
        cookie[sid + 1 + (cookie[sid] & 0xff)] = (byte) 0xff;
        assertMalformed(cookie, true);
        // bytes after the messages that are no handshake header
        byte[] tail = Arrays.copyOf(hello, hello.length + 3);
        int length = ((tail[DATA + 11] & 0xff) << 8 | (tail[DATA + 12] & 0xff)) + 3;
        tail[DATA + 11] = (byte) (length >> 8);
        tail[DATA + 12] = (byte) length;
        // (the IP and UDP lengths are not grown: the walk sees a record longer than the datagram,
        // which it does not take for DTLS)
        assertMalformed(tail, false);
    }

    private static void assertMalformed(byte[] b, boolean inTheWalk) {
        DecodeException e = assertThrows(DecodeException.class, () -> Dtls.decode(b, DATA, b.length));
        assertEquals("dtls", e.protocol(), e.getMessage());
        if (inTheWalk) {
            Decoded d = Pkt.decode(DataLinkType.EN10MB, b);
            assertNotNull(d.error(), "the walk reports it: " + HexFormat.of().formatHex(b, DATA, DATA + 16));
            assertEquals("dtls", d.error().protocol());
        }
    }
}
