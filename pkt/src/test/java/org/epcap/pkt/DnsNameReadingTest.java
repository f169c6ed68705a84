package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The short cuts of DNS name reading: a name that is only a pointer to a name read whole before is
 * that String again, and the text buffer, which starts small, grows for long and escaped names.
 * Each case is a hand-made message whose names are spelled out here from RFC 1035 §4.1.4.
 */
class DnsNameReadingTest {
    private static final String HEADER_1Q_1A = "1234818000010001" + "00000000";
    // question "www.example.com" A IN at offset 12
    private static final String QUESTION = "03777777076578616d706c6503636f6d00" + "00010001";

    private static Dns decode(String hex) {
        byte[] m = HexFormat.of().parseHex(hex);
        return Dns.decode(m, 0, m.length);
    }

    @Test
    void anAnswerPointingAtItsQuestionHasTheQuestionsName() {
        Dns dns = decode(HEADER_1Q_1A + QUESTION + "c00c" + "00010001" + "0000003c" + "0004" + "c0000201");
        assertEquals("www.example.com", dns.answers().get(0).name());
        assertSame(dns.questions().get(0).name(), dns.answers().get(0).name());
        assertEquals(new DnsData.A(Ip4Address.parse("192.0.2.1")), dns.answers().get(0).data());
    }

    @Test
    void aPointerIntoTheMiddleOfANameIsItsSuffix() {
        // offset 16 is "example.com" inside the question's name
        Dns dns = decode(HEADER_1Q_1A + QUESTION + "c010" + "00010001" + "0000003c" + "0004" + "c0000201");
        assertEquals("example.com", dns.answers().get(0).name());
    }

    @Test
    void aPointerToANameWithPointersReadsTheWholeName() {
        // answer 1 at offset 33: "mail" + pointer to "example.com"; CNAME to "www.example.com";
        // answer 2's owner points at answer 1's owner
        String header = "1234818000010002" + "00000000";
        String a1 = "046d61696cc010" + "00050001" + "0000003c" + "0002" + "c00c";
        String a2 = "c021" + "00010001" + "0000003c" + "0004" + "c0000202";
        Dns dns = decode(header + QUESTION + a1 + a2);
        assertEquals("mail.example.com", dns.answers().get(0).name());
        assertEquals(new DnsData.Name("www.example.com"), dns.answers().get(0).data());
        assertEquals("mail.example.com", dns.answers().get(1).name());
    }

    @Test
    void aNameReadInsideAnRdataCanBePointedAt() {
        // answer 1: CNAME whose RDATA is the whole name "cdn.test" (offset 45); answer 2 points at it
        String header = "1234818000010002" + "00000000";
        String a1 = "c00c" + "00050001" + "0000003c" + "000a" + "0363646e047465737400";
        String a2 = "c02d" + "00010001" + "0000003c" + "0004" + "c0000203";
        Dns dns = decode(header + QUESTION + a1 + a2);
        assertEquals(new DnsData.Name("cdn.test"), dns.answers().get(0).data());
        assertEquals("cdn.test", dns.answers().get(1).name());
    }

    @Test
    void aPointerCutByItsRdatasEndIsMalformedEvenToAKnownName() {
        // an NS RDATA of one byte, c0, whose next byte 0c would point at the question's name
        DecodeException e = assertThrows(DecodeException.class,
                () -> decode(HEADER_1Q_1A + QUESTION + "c00c" + "00020001" + "0000003c" + "0001" + "c0" + "0c"));
        assertTrue(e.getMessage().contains("pointer cut"), e.getMessage());
    }

    @Test
    void aLongEscapedNameGrowsTheTextBuffer() {
        // three labels of 63 bytes 0x01 and one of 61 (255 bytes of wire form): 1003 chars of text
        StringBuilder wire = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (int label : new int[] {63, 63, 63, 61}) {
            wire.append(String.format("%02x", label)).append("01".repeat(label));
            text.append(text.length() == 0 ? "" : ".").append("\\001".repeat(label));
        }
        Dns dns = decode("123401000001000000000000" + wire + "00" + "00010001");
        assertEquals(text.toString(), dns.questions().get(0).name());
        assertEquals(1003, dns.questions().get(0).name().length());
    }

    @Test
    void aLongPlainNameAfterAnEscapedOneGrowsTheTextBuffer() {
        // "a b" (escaped space) then a 63-byte label of 'x' and a 50-byte one of 'y'
        String wire = "03612062" + "3f" + "78".repeat(63) + "32" + "79".repeat(50) + "00";
        Dns dns = decode("123401000001000000000000" + wire + "00010001");
        assertEquals("a\\032b." + "x".repeat(63) + "." + "y".repeat(50), dns.questions().get(0).name());
    }

    @Test
    void sectionListsAreUnmodifiableAndEqualToPlainLists() {
        Dns dns = decode(HEADER_1Q_1A + QUESTION + "c00c" + "00010001" + "0000003c" + "0004" + "c0000201");
        List<DnsQuestion> expected = List.of(new DnsQuestion("www.example.com", 1, 1));
        assertEquals(expected, dns.questions());
        assertEquals(dns.questions(), expected);
        assertEquals(expected.hashCode(), dns.questions().hashCode());
        assertThrows(UnsupportedOperationException.class, () -> dns.questions().add(expected.get(0)));
        assertThrows(UnsupportedOperationException.class, () -> dns.answers().remove(0));
        assertEquals(List.of(), dns.authorities());
        assertThrows(IndexOutOfBoundsException.class, () -> dns.authorities().get(0));
    }
}
