package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The byte writer's numbers against the JDK's own decimal text, which JSON numbers must equal. */
class JsonBytesTest {
    @Test
    void integersAreWrittenAsTheJdkWritesThem() {
        List<Long> values = new ArrayList<>(List.of(0L, 1L, -1L, 9L, 10L, 99L, 100L,
                (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L,
                999_999_999L, 1_000_000_000L, 1_000_000_001L, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L,
                1_700_000_000_123_456_789L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1));
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 10_000; i++) {
            long v = random.nextLong();
            values.add(v >> random.nextInt(64));
        }
        for (long v : values) {
            assertEquals(Long.toString(v), new JsonBytes(1).decimal(v).toString(), () -> "long " + v);
            if (v == (int) v) {
                assertEquals(Integer.toString((int) v), new JsonBytes(1).decimal((int) v).toString(), () -> "int " + v);
            }
        }
    }

    @Test
    void aLineGrowsPastItsFirstArrayAndStartsAgainSmall() {
        JsonBytes b = new JsonBytes(16);
        byte[] payload = new byte[100_000];
        b.ascii('[').printable(payload, 0, payload.length).ascii(']');
        assertEquals(payload.length + 4, b.length());
        b.clear(64);
        assertEquals(0, b.length());
        assertEquals(64, b.array().length);
        assertEquals("\"a\\\"b\"", b.string("a\"b").toString());
    }
}
