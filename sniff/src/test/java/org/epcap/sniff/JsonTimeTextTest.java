package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The JSON report's time against java.time's own RFC 3339 formatting of the same instant. */
class JsonTimeTextTest {
    private static final DateTimeFormatter ORACLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static void same(Instant t) {
        assertEquals(ORACLE.format(t), JsonReporter.rfc3339(new StringBuilder(), t).toString(), t::toString);
    }

    @Test
    void edgesOfTheFourDigitYearsAndBeyond() {
        same(Instant.EPOCH);
        same(Instant.ofEpochSecond(1_382_874_463L, 123_456_789));
        same(Instant.ofEpochSecond(0xffff_ffffL, 999_999_999)); // the last classic pcap second
        same(Instant.parse("0001-01-01T00:00:00Z"));
        same(Instant.parse("0001-01-01T00:00:00Z").minusNanos(1));
        same(Instant.parse("9999-12-31T23:59:59.999999999Z"));
        same(Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1));
        same(Instant.ofEpochSecond(-1, 5));
        same(Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000_000L)); // pcapng's 64-bit nanoseconds
    }

    @Test
    void randomInstantsOverTheWholeRange() {
        SplittableRandom random = new SplittableRandom(16);
        long min = Instant.parse("-2000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            same(Instant.ofEpochSecond(random.nextLong(min, max), random.nextInt(1_000_000_000)));
        }
    }
}
