package org.epcap.sniff;

import java.time.ZoneId;
import java.time.Instant;

/**
 * The choices the text and JSON reports share: whether the whole packet is added, how many
 * digits of the second the time shows, and the time zone it is shown in.
 *
 * <pre>{@code
 * new TextReporter(System.out, ReportStyle.DEFAULT.withFormat(PacketFormat.HEX));
 * }</pre>
 *
 * @param format whether and how to add the whole packet
 * @param nanos  show nine digits of the second instead of six
 * @param zone   the zone of the time text (the machine's, as tcpdump, unless asked)
 */
public record ReportStyle(PacketFormat format, boolean nanos, ZoneId zone) {
    /** Headers and payload only, microseconds, the machine's time zone. */
    public static final ReportStyle DEFAULT = new ReportStyle(PacketFormat.NONE, false, ZoneId.systemDefault());

    public ReportStyle {
        if (format == null || zone == null) {
            throw new IllegalArgumentException("format and zone must be given");
        }
    }

    public ReportStyle withFormat(PacketFormat f) {
        return new ReportStyle(f, nanos, zone);
    }

    public ReportStyle withNanos(boolean n) {
        return new ReportStyle(format, n, zone);
    }

    public ReportStyle withZone(ZoneId z) {
        return new ReportStyle(format, nanos, z);
    }

    /**
     * The time as the seed prints it: {@code 2013-10-27 11:47:43.123456}. Written by
     * {@link TimeStamps} (tcpdump -tttt's column, the same text) rather than a
     * DateTimeFormatter: setting java.time's formatting up took several ms of each start.
     */
    public String time(Instant t) {
        StringBuilder sb = new StringBuilder(30);
        new TimeStamps(TimeStamps.Style.DATE_TIME, nanos, zone).append(sb, t.getEpochSecond(), t.getNano());
        sb.setLength(sb.length() - 1); // the column's space after it
        return sb.toString();
    }
}
