package org.epcap.sniff;

import java.time.ZoneId;

/**
 * The choices of the one-line output, named after the tcpdump flags that make them.
 *
 * <pre>{@code
 * LineStyle s = new LineStyle(TimeStamps.Style.EPOCH, false, true, false, PacketDump.HEX, false, ZoneId.of("UTC"), false);
 * }</pre>
 *
 * @param time       the time stamp column ({@code -t} to {@code -ttttt})
 * @param nanos      nine digits of the second instead of six ({@code --nano})
 * @param linkHeader print the link-level header ({@code -e})
 * @param quiet      less protocol information ({@code -q})
 * @param dump       the packet dump under the line ({@code -x}, {@code -X}, {@code -A})
 * @param wholeDump  the dump starts at the link header ({@code -xx}, {@code -XX}, {@code -AA})
 * @param zone       the zone of the time of day and of the date
 * @param absoluteSequenceNumbers TCP sequence numbers as they are ({@code -S}), not relative to
 *                   the conversation's first ones
 */
public record LineStyle(TimeStamps.Style time, boolean nanos, boolean linkHeader, boolean quiet,
                        PacketDump dump, boolean wholeDump, ZoneId zone, boolean absoluteSequenceNumbers) {
    /** tcpdump's default: local time of day, microseconds, no link header, no dump, relative sequence numbers. */
    public static final LineStyle DEFAULT = new LineStyle(TimeStamps.Style.TIME_OF_DAY, false, false, false,
            PacketDump.NONE, false, ZoneId.systemDefault(), false);

    public LineStyle {
        if (time == null || dump == null || zone == null) {
            throw new IllegalArgumentException("time, dump and zone must be given");
        }
    }

    /** A style with tcpdump's relative TCP sequence numbers. */
    public LineStyle(TimeStamps.Style time, boolean nanos, boolean linkHeader, boolean quiet, PacketDump dump,
                     boolean wholeDump, ZoneId zone) {
        this(time, nanos, linkHeader, quiet, dump, wholeDump, zone, false);
    }

    public TimeStamps timeStamps() {
        return new TimeStamps(time, nanos, zone);
    }
}
