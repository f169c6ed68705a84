package org.epcap.sniff;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.epcap.Packet;
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

    @Override
    public void report(Packet packet) {
        out.text(format(Report.of(packet))).newline();
        out.packetDone();
    }

    @Override
    public void flush() {
        out.flush();
    }

    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** {@code 2013-10-27T11:47:43.123456789Z}: RFC 3339 in UTC, always nine digits. */
    static StringBuilder rfc3339(StringBuilder sb, Instant t) {
        RFC3339.formatTo(t, sb);
        return sb;
    }

    /** The object for one packet, on one line, without the line end. */
    public String format(Report r) {
        StringBuilder sb = new StringBuilder(512);
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
        byte[] payload = r.payload().toArray();
        sb.append("],\"payload_size\":").append(payload.length).append(",\"payload\":");
        Json.printable(sb, payload, 0, payload.length);
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
        return sb.append('}').toString();
    }
}
