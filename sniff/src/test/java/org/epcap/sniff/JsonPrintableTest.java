package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The JSON payload string: every byte value, read back by the tests' own JSON parser. */
class JsonPrintableTest {

    @Test
    void everyByteIsItselfWhenPrintableElseADot() {
        byte[] all = new byte[256];
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
            expected.append(i >= 0x20 && i <= 0x7e ? (char) i : '.');
        }
        String json = Json.printable(new StringBuilder(), all, 0, all.length).toString();
        assertEquals(expected.toString(), MiniJson.parse(json));
        String part = Json.printable(new StringBuilder(), all, 0x22, 3).toString();
        assertEquals("\"\\\"#$\"", part, "a quote is escaped");
    }
}
