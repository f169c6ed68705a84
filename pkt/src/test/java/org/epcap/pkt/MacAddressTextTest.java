package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** MacAddress's text against the JDK's own hex formatting, and back through parse. */
class MacAddressTextTest {
    @Test
    void upperCaseHexPairsJoinedByColons() {
        assertEquals("F0:BD:4F:AA:BB:CC", MacAddress.parse("f0:bd:4f:aa:bb:cc").toString());
        assertEquals("00:00:00:00:00:00", MacAddress.ZERO.toString());
        assertEquals("FF:FF:FF:FF:FF:FF", MacAddress.BROADCAST.toString());
        assertEquals("01:02:03:04:05:0A", new MacAddress(0x01_02_03_04_05_0aL).toString());
    }

    @Test
    void sameTextAsStringFormatForRandomAddresses() {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 10_000; i++) {
            long value = random.nextLong() & 0xffff_ffff_ffffL;
            MacAddress m = new MacAddress(value);
            StringBuilder expected = new StringBuilder();
            for (int b = 0; b < 6; b++) {
                expected.append(b == 0 ? "" : ":")
                        .append(String.format(Locale.ROOT, "%02X", (value >>> (40 - 8 * b)) & 0xff));
            }
            assertEquals(expected.toString(), m.toString());
            assertEquals(m, MacAddress.parse(m.toString()));
        }
    }
}
