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

    @Test
    void longPayloadsFullOfEscapesAreTheEscapedPrintableText() {
        // Past the writer's 2 KiB chunks and its four-byte turns, with escapes (two characters) falling on their edges.
        java.util.SplittableRandom random = new java.util.SplittableRandom(16);
        for (int length : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1023, 1024, 1025, 2047, 2048, 2049, 9000, 65_535}) {
            byte[] b = new byte[length + 3];
            for (int i = 0; i < b.length; i++) {
                int pick = random.nextInt(4);
                b[i] = (byte) (pick == 0 ? '"' : pick == 1 ? '\\' : random.nextInt(256));
            }
            String json = Json.printable(new StringBuilder("x"), b, 3, length).toString();
            assertEquals("x" + Json.string(new StringBuilder(), Printable.ascii(b, 3, length)), json, "length " + length);
        }
    }
}
