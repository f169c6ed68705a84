package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Snaplen-truncated packets and headers whose lengths lie: decoding stops with a reason, never
 * with an out-of-bounds read, and the bytes always re-encode to what came in.
 */
class TruncationAndLiesTest {
    private static List<Scapy.Case> cases;

    @BeforeAll
    static void build() {
        cases = Scapy.run("link_network_cases.py");
    }

    static Stream<Scapy.Case> cases() {
        if (cases == null) {
            build();
        }
        return cases.stream();
    }

    /** Every prefix of every packet: truncated or a decode error inside the headers, never anything else. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyPrefixDecodesAsFarAsItGoes(Scapy.Case c) {
        Decoded full = Pkt.decode(c.dlt(), c.bytes());
        int headersEnd = full.offset();
        Header last = full.last();
        if (last instanceof Ipv6Esp || last instanceof Sctp) {
            // they take everything to the end; only their fixed part must be there
            headersEnd = full.offset() - last.encodedLength() + (last instanceof Sctp ? 12 : 8);
        }
        for (int n = 0; n < c.bytes().length; n++) {
            byte[] cut = Arrays.copyOf(c.bytes(), n);
            Decoded d = Pkt.decode(c.dlt(), cut);
            assertArrayEquals(cut, d.encode(), c.name() + " cut at " + n);
            if (n < headersEnd) {
                assertTrue(d.truncated(), c.name() + " cut at " + n + " inside the headers");
                assertNotNull(d.error(), c.name() + " cut at " + n);
                assertTrue(d.error().truncated(), c.name() + " cut at " + n + ": " + d.error());
                DecodeException e = assertThrows(DecodeException.class, () -> Pkt.decapsulate(c.dlt(), cut));
                assertTrue(e.getMessage().contains("truncated"), e.getMessage());
            } else if (n >= full.offset()) {
                assertNull(d.error(), c.name() + " cut at " + n);
                assertEquals(full.headers(), d.headers(), c.name() + " cut at " + n);
            }
        }
    }

    /** Flipped bytes and lying lengths: no exception but DecodeException, and the bytes come back. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mutatedPacketsNeverThrowAnythingElse(Scapy.Case c) {
        Random r = new Random(c.name().hashCode());
        for (int i = 0; i < 3000; i++) {
            byte[] b = c.bytes().clone();
            int flips = 1 + r.nextInt(4);
            for (int f = 0; f < flips; f++) {
                b[r.nextInt(Math.min(b.length, 80))] = (byte) r.nextInt(256);
            }
            if (r.nextInt(4) == 0) {
                b = Arrays.copyOf(b, r.nextInt(b.length + 1));
            }
            Decoded d = Pkt.decode(c.dlt(), b);
            assertArrayEquals(b, d.encode(), c.name() + " mutation " + i);
            try {
                Pkt.decapsulate(c.dlt(), b);
            } catch (DecodeException expected) {
                assertEquals(d.error().getMessage(), expected.getMessage());
            }
            for (Header h : d.headers()) {
                h.fields();
            }
        }
    }

    @Test
    void ipv4TotalLengthLongerThanTheCaptureIsTruncated() {
        byte[] b = Scapy.find(cases, "ether_ipv4_tcp").bytes().clone();
        b[16] = (byte) 0xff; // total length 0xff..
        Decoded d = Pkt.decode(DataLinkType.EN10MB, b);
        assertNull(d.error());
        assertTrue(d.truncated());
        assertEquals(List.of("ether", "ipv4", "tcp"), d.headers().stream().map(Header::layer).toList());
        assertEquals("hello", new String(d.payload().toArray()));
    }

    @Test
    void ipv4TotalLengthShorterThanItsHeaderIsMalformed() {
        byte[] b = Scapy.find(cases, "ether_ipv4_tcp").bytes().clone();
        b[16] = 0;
        b[17] = 12;
        Decoded d = Pkt.decode(DataLinkType.EN10MB, b);
        assertNotNull(d.error());
        assertFalse(d.error().truncated());
        assertEquals("ipv4", d.error().protocol());
        assertEquals(14, d.error().offset());
        assertThrows(DecodeException.class, () -> Pkt.decapsulate(b));
    }

    @Test
    void ipv4TotalLengthZeroMeansTheWholeCapture() {
        byte[] b = Scapy.find(cases, "ether_ipv4_tcp").bytes().clone();
        b[16] = 0;
        b[17] = 0;
        Decoded d = Pkt.decode(DataLinkType.EN10MB, b);
        assertTrue(d.complete());
        assertEquals(5, d.payload().length());
    }

    @Test
    void ipv4HeaderLengthPastTheEndIsTruncated() {
        byte[] b = Arrays.copyOf(Scapy.find(cases, "ether_ipv4_tcp").bytes(), 40);
        b[14] = 0x4f;
        Decoded d = Pkt.decode(DataLinkType.EN10MB, b);
        assertTrue(d.error().truncated());
        assertEquals(List.of("ether"), d.headers().stream().map(Header::layer).toList());
    }

    @Test
    void wrongIpVersionIsMalformed() {
        byte[] b = Scapy.find(cases, "ether_ipv4_tcp").bytes().clone();
        b[14] = 0x55;
        DecodeException e = assertThrows(DecodeException.class, () -> Pkt.decapsulate(b));
        assertEquals("ipv4", e.protocol());
        assertFalse(e.truncated());
    }

    @Test
    void ipv6PayloadLengthLongerThanTheCaptureIsTruncated() {
        byte[] b = Scapy.find(cases, "dlt_ipv6").bytes().clone();
        b[4] = 0x7f;
        Decoded d = Pkt.decode(DataLinkType.IPV6, b);
        assertNull(d.error());
        assertTrue(d.truncated());
    }

    @Test
    void extensionHeaderLengthPastTheEndIsTruncated() {
        byte[] b = Scapy.find(cases, "ipv6_ext_chain").bytes().clone();
        b[14 + 40 + 1] = (byte) 200; // hop-by-hop length
        Decoded d = Pkt.decode(DataLinkType.EN10MB, b);
        assertEquals("ipv6_hopopts", d.error().protocol());
        assertTrue(d.error().truncated());
        assertEquals(54, d.offset());
    }

    @Test
    void unknownDataLinkIsReportedNotGuessed() {
        byte[] b = Scapy.find(cases, "ether_ipv4_tcp").bytes();
        Decoded d = Pkt.decode(DataLinkType.IEEE802_11, b);
        UnsupportedDataLinkException u = assertInstanceOf(UnsupportedDataLinkException.class, d.error());
        assertEquals(105, u.dataLinkType());
        assertTrue(d.headers().isEmpty());
        assertEquals(b.length, d.payload().length());
        assertThrows(UnsupportedDataLinkException.class, () -> Pkt.decapsulate(DataLinkType.IEEE802_11, b));
    }

    @Test
    void emptyPacketIsTruncated() {
        Decoded d = Pkt.decode(DataLinkType.EN10MB, new byte[0]);
        assertTrue(d.truncated());
        assertEquals("ether", d.error().protocol());
    }
}
