package org.epcap.sniff;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * tcpdump's time stamp column ({@code -t} to {@code -ttttt}), from the packet's seconds and
 * nanoseconds in integer arithmetic (no {@code double}, no {@code Instant} per packet), with six
 * digits or, with {@code --nano}, nine.
 *
 * <pre>{@code
 * TimeStamps t = new TimeStamps(TimeStamps.Style.EPOCH, false, ZoneId.of("UTC"));
 * StringBuilder sb = new StringBuilder();
 * t.append(sb, 1394, 342266000);   // "1394.342266 "
 * }</pre>
 */
public final class TimeStamps {
    /** The column tcpdump prints for {@code -t} repeated 0 to 5 times. */
    public enum Style {
        /** No flag: the local time of day, {@code 20:12:03.342266}. */
        TIME_OF_DAY,
        /** {@code -t}: no time stamp at all. */
        NONE,
        /** {@code -tt}: seconds since the epoch, {@code 1395173523.342266}. */
        EPOCH,
        /** {@code -ttt}: time since the previous packet, {@code  00:00:00.003919} (days dropped, as tcpdump). */
        SINCE_PREVIOUS,
        /** {@code -tttt}: local date and time, {@code 2014-03-18 20:12:03.342266}. */
        DATE_TIME,
        /** {@code -ttttt}: time since the first packet. */
        SINCE_FIRST;

        /** The style of {@code -t} given {@code n} times (0 to 5). */
        public static Style ofCount(int n) {
            if (n < 0 || n > 5) {
                throw new IllegalArgumentException("-t may be given at most 5 times, got " + n);
            }
            return values()[n];
        }
    }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Style style;
    private final boolean nanos;
    private final ZoneRules zone;
    private boolean started;
    private long firstSec;
    private int firstNanos;
    private long previousSec;
    private int previousNanos;
    // The local offset and the day are looked up once per second of packet time.
    private long cachedSec = Long.MIN_VALUE;
    private long cachedLocalSec;
    private long cachedDay = Long.MIN_VALUE;
    private final char[] cachedDate = new char[10];

    public TimeStamps(Style style, boolean nanos, ZoneId zone) {
        this.style = style;
        this.nanos = nanos;
        this.zone = zone.getRules();
    }

    /** Appends the column for a packet of {@code sec}.{@code nsec} and the space after it (nothing for {@link Style#NONE}). */
    public void append(StringBuilder sb, long sec, int nsec) {
        if (!started) {
            started = true;
            firstSec = sec;
            firstNanos = nsec;
            previousSec = sec;
            previousNanos = nsec;
        }
        switch (style) {
            case NONE -> {
                return;
            }
            case TIME_OF_DAY -> clock(sb, floorMod(local(sec), 86_400), nsec);
            case EPOCH -> fraction(sb.append(sec), nsec);
            case DATE_TIME -> {
                long local = local(sec);
                date(sb, Math.floorDiv(local, 86_400)).append(' ');
                clock(sb, floorMod(local, 86_400), nsec);
            }
            case SINCE_PREVIOUS -> {
                delta(sb, sec, nsec, previousSec, previousNanos);
                previousSec = sec;
                previousNanos = nsec;
            }
            case SINCE_FIRST -> delta(sb, sec, nsec, firstSec, firstNanos);
        }
        sb.append(' ');
    }

    // tcpdump subtracts in the unit it shows (libpcap has already cut nanoseconds to
    // microseconds), then prints a sign (space or minus) and the difference as a time of day
    // through gmtime: whole days drop out.
    private void delta(StringBuilder sb, long sec, int nsec, long fromSec, int fromNanos) {
        long perSecond = nanos ? NANOS_PER_SECOND : 1_000_000L;
        long divisor = nanos ? 1 : 1000;
        long d = (sec - fromSec) * perSecond + (nsec / divisor - fromNanos / divisor);
        sb.append(d < 0 ? '-' : ' ');
        d = Math.abs(d);
        long s = d / perSecond;
        int fraction = (int) (d % perSecond * divisor);
        two(sb, s / 3600 % 24).append(':');
        two(sb, s / 60 % 60).append(':');
        two(sb, s % 60);
        fraction(sb, fraction);
    }

    private void clock(StringBuilder sb, long secondOfDay, int nsec) {
        two(sb, secondOfDay / 3600).append(':');
        two(sb, secondOfDay / 60 % 60).append(':');
        two(sb, secondOfDay % 60);
        fraction(sb, nsec);
    }

    private void fraction(StringBuilder sb, int nsec) {
        sb.append('.');
        int value = nanos ? nsec : nsec / 1000;
        for (int div = nanos ? 100_000_000 : 100_000; div > 0; div /= 10) {
            sb.append((char) ('0' + value / div % 10));
        }
    }

    private StringBuilder date(StringBuilder sb, long epochDay) {
        if (epochDay != cachedDay) {
            cachedDay = epochDay;
            String text = LocalDate.ofEpochDay(epochDay).toString();
            if (text.length() != 10) {
                return sb.append(text); // years past 9999 or before 0: rare enough to skip the cache
            }
            text.getChars(0, 10, cachedDate, 0);
        }
        return sb.append(cachedDate);
    }

    private long local(long sec) {
        if (sec != cachedSec) {
            cachedSec = sec;
            cachedLocalSec = sec + zone.getOffset(Instant.ofEpochSecond(sec)).getTotalSeconds();
        }
        return cachedLocalSec;
    }

    private static StringBuilder two(StringBuilder sb, long v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }

    private static long floorMod(long a, long b) {
        return Math.floorMod(a, b);
    }
}
