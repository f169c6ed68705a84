package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Cut-short and corrupted leaf headers: decoding throws nothing but {@link DecodeException},
 * which names the layer and where its header starts; whatever decodes still encodes back to the
 * exact bytes it was decoded from.
 */
class LeafRobustnessTest {
    private static final int AT = 7;   // the header does not start at 0, to check the offset
    private static final int MUTATIONS = 3000;

    @TestFactory
    Stream<DynamicTest> truncatedInputGivesDecodeExceptionNamingLayerAndOffset() throws Exception {
        return ScapyLeafCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            byte[] framed = frame(c.bytes());
            Header whole = ScapyLeafCases.decode(c.layer(), framed, AT, AT + c.bytes().length);
            int truncations = 0;
            for (int limit = AT; limit < AT + c.bytes().length; limit++) {
                try {
                    Header h = ScapyLeafCases.decode(c.layer(), framed, AT, limit);
                    assertTrue(AT + h.encodedLength() <= limit, "read past the limit");
                } catch (DecodeException e) {
                    assertEquals(whole.layer(), e.protocol(), e.getMessage());
                    assertEquals(AT, e.offset(), e.getMessage());
                    assertTrue(e.getMessage().startsWith(whole.layer() + " at offset " + AT));
                    truncations++;
                }
            }
            assertTrue(truncations > 0, "no prefix was too short");
        }));
    }

    @TestFactory
    Stream<DynamicTest> mutatedInputDecodesExactlyOrThrowsDecodeException() throws Exception {
        return ScapyLeafCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Random random = new Random(c.name().hashCode());
            for (int i = 0; i < MUTATIONS; i++) {
                byte[] framed = frame(c.bytes());
                int flips = 1 + random.nextInt(4);
                for (int k = 0; k < flips; k++) {
                    int at = AT + random.nextInt(c.bytes().length);
                    framed[at] = (byte) (random.nextBoolean() ? random.nextInt(256)
                            : framed[at] ^ (1 << random.nextInt(8)));
                }
                int limit = AT + c.bytes().length - (random.nextInt(4) == 0 ? random.nextInt(8) : 0);
                limit = Math.max(AT, limit);
                try {
                    Header h = ScapyLeafCases.decode(c.layer(), framed, AT, limit);
                    assertTrue(AT + h.encodedLength() <= limit, "read past the limit");
                    assertArrayEquals(Arrays.copyOfRange(framed, AT, AT + h.encodedLength()),
                            h.encode(), "not exact after mutation " + i);
                    h.fields();
                } catch (DecodeException e) {
                    assertEquals(AT, e.offset(), e.getMessage());
                } catch (RuntimeException e) {
                    fail("mutation " + i + " of " + c.name() + " threw " + e, e);
                }
            }
        }));
    }

    @Test
    void tcpDataOffsetBelowFiveIsMalformed() {
        byte[] b = new byte[40];
        b[12] = 0x40;
        DecodeException e = org.junit.jupiter.api.Assertions.assertThrows(DecodeException.class,
                () -> Tcp.decode(b, 0, b.length));
        assertEquals("tcp", e.protocol());
        assertTrue(!e.truncated());
    }

    @Test
    void tcpDataOffsetBeyondTheBytesIsTruncated() {
        byte[] b = new byte[40];
        b[12] = (byte) 0xf0;   // 60 bytes announced, 40 present
        DecodeException e = org.junit.jupiter.api.Assertions.assertThrows(DecodeException.class,
                () -> Tcp.decode(b, 0, b.length));
        assertTrue(e.truncated());
    }

    @Test
    void aLimitPastTheArrayIsNotTrusted() {
        byte[] b = new byte[10];
        org.junit.jupiter.api.Assertions.assertThrows(DecodeException.class,
                () -> Tcp.decode(b, 0, 100));
        org.junit.jupiter.api.Assertions.assertThrows(DecodeException.class,
                () -> Sctp.decode(new byte[14], 0, 100));
    }

    private static byte[] frame(byte[] header) {
        byte[] framed = new byte[AT + header.length + 8];
        Arrays.fill(framed, (byte) 0x5a);
        System.arraycopy(header, 0, framed, AT, header.length);
        return framed;
    }
}
