package org.epcap.sniff;

import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.epcap.Packet;
import org.epcap.pkt.Bytes;
import org.epcap.pkt.Header;

/**
 * One JSON object per packet, one per line, with the text report's section and field names:
 *
 * <pre>
 * {"pcap":{"time":"2013-10-27T11:47:43.123456000Z","time_ns":"1382874463123456000","caplen":653,"len":653,"datalink":"en10mb"},
 *  "headers":[{"layer":"ether","source_macaddr":"F0:BD:4F:AA:BB:CC",...},{"layer":"tcp",...,"flags":["ack","psh"],...}],
 *  "payload_size":567,"payload":"HTTP/1.0 301 ...","decode_error":null}
 * </pre>
 *
 * (shown folded; each object is one line). Integers are JSON numbers, addresses text. The time
 * is RFC 3339 in UTC with nine digits, and {@code time_ns} (nanoseconds since the epoch) a string
 * of digits: as a number it would exceed 2^53, which jq and JavaScript round. With
 * {@link PacketFormat#HEX} a {@code "packet"} member holds the whole packet as a hex string,
 * with {@link PacketFormat#BINARY} as an array of byte values. The schema is in README-sniff.md.
 *
 * <pre>{@code
 * Sniff.reporter(new JsonReporter(System.out));
 * }</pre>
 */
public final class JsonReporter implements Reporter {
    private final Output out;
    private final ReportStyle style;

    /** Reports to {@code out}, each packet handed over as soon as it is written. */
    public JsonReporter(PrintStream out, ReportStyle style) {
        this(new Output(out, Output.Flush.PACKET), style);
    }

    public JsonReporter(PrintStream out) {
        this(out, ReportStyle.DEFAULT);
    }

    /** Reports to {@code out}, flushed as its policy says (the command's fast path). */
    public JsonReporter(Output out, ReportStyle style) {
        this.out = out;
        this.style = style;
    }

    // One builder for every packet, handed to the output as it is: no copy into a String per
    // packet, and no growing from scratch for each full-size payload.
    private final StringBuilder line = new StringBuilder(4096);

    @Override
    public void report(Packet packet) {
        line.setLength(0);
        formatTo(line, Report.of(packet));
        out.text(line).newline();
        out.packetDone();
        if (line.capacity() > MAX_KEPT_CAPACITY) {
            line.setLength(0);
            line.trimToSize();
        }
    }

    /** Beyond this the builder is let go after its packet: memory stays bounded by the usual case. */
    private static final int MAX_KEPT_CAPACITY = 256 * 1024;

    @Override
    public void flush() {
        out.flush();
    }

    /** Built on first use: only years outside 1..9999 need it, and building it costs start-up. */
    private static final class Rfc3339Formatter {
        static final DateTimeFormatter RFC3339 =
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    }

    /** {@code 2013-10-27T11:47:43.123456789Z}: RFC 3339 in UTC, always nine digits. */
    static StringBuilder rfc3339(StringBuilder sb, Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < FIRST_SECOND_OF_YEAR_1 || seconds > LAST_SECOND_OF_YEAR_9999) {
            // Years that are not four digits: the formatter's signs and widths.
            Rfc3339Formatter.RFC3339.formatTo(t, sb);
            return sb;
        }
        // The formatter's fields by hand: it was a sixth of the JSON report's time.
        long day = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        LocalDate date = LocalDate.ofEpochDay(day);
        digits(sb, date.getYear(), 4).append('-');
        digits(sb, date.getMonthValue(), 2).append('-');
        digits(sb, date.getDayOfMonth(), 2).append('T');
        digits(sb, secondOfDay / 3600, 2).append(':');
        digits(sb, secondOfDay / 60 % 60, 2).append(':');
        digits(sb, secondOfDay % 60, 2).append('.');
        return digits(sb, t.getNano(), 9).append('Z');
    }

    private static final long FIRST_SECOND_OF_YEAR_1 = LocalDate.of(1, 1, 1).toEpochDay() * 86_400;
    private static final long LAST_SECOND_OF_YEAR_9999 = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400 - 1;

    /** {@code value} (0 or more) in exactly {@code width} digits, zeros in front. */
    private static StringBuilder digits(StringBuilder sb, int value, int width) {
        int end = sb.length() + width;
        sb.setLength(end);
        for (int i = end - 1; i >= end - width; i--) {
            sb.setCharAt(i, (char) ('0' + value % 10));
            value /= 10;
        }
        return sb;
    }

    /** The object for one packet, on one line, without the line end (one thread at a time). */
    public String format(Report r) {
        return formatTo(new StringBuilder(512), r).toString();
    }

    // The payload's bytes for Json.printable, reused: a packet's payload was a new array each.
    private byte[] payloadCopy = new byte[2048];

    private StringBuilder formatTo(StringBuilder sb, Report r) {
        // Both exact in any JSON reader: jq 1.6 and JavaScript hold numbers as doubles, which
        // keep only 53 bits, and nanoseconds since 1970 need 61.
        sb.append("{\"pcap\":{\"time\":\"");
        rfc3339(sb, r.timestamp());
        sb.append("\",\"time_ns\":\"").append(r.timeNanos()).append('"')
                .append(",\"caplen\":").append(r.caplen())
                .append(",\"len\":").append(r.length())
                .append(",\"datalink\":");
        Json.string(sb, r.datalink());
        sb.append("},\"headers\":[");
        boolean firstHeader = true;
        for (Header h : r.headers()) {
            sb.append(firstHeader ? "{" : ",{");
            firstHeader = false;
            sb.append("\"layer\":");
            Json.string(sb, h.layer());
            for (Map.Entry<String, Object> e : h.fields().entrySet()) {
                sb.append(',');
                Json.string(sb, e.getKey()).append(':');
                Json.value(sb, e.getValue());
            }
            sb.append('}');
        }
        Bytes payload = r.payload();
        if (payloadCopy.length < payload.length()) {
            payloadCopy = new byte[payload.length()];
        }
        int payloadLength = payload.copyTo(payloadCopy, 0);
        sb.append("],\"payload_size\":").append(payloadLength).append(",\"payload\":");
        Json.printable(sb, payloadCopy, 0, payloadLength);
        sb.append(",\"decode_error\":");
        if (r.error() == null) {
            sb.append("null");
        } else {
            Json.string(sb, r.error().getMessage());
        }
        switch (style.format()) {
            case HEX -> Json.string(sb.append(",\"packet\":"), Printable.hex(r.data()));
            case BINARY -> {
                sb.append(",\"packet\":[");
                byte[] d = r.data();
                for (int i = 0; i < d.length; i++) {
                    sb.append(i == 0 ? "" : ",").append(d[i] & 0xff);
                }
                sb.append(']');
            }
            case NONE -> { }
        }
        return sb.append('}');
    }
}
