package org.epcap.sniff;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.epcap.Packet;
import org.epcap.pkt.Bytes;
import org.epcap.pkt.FieldVisitor;
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

    // One line for every packet, written as UTF-8 bytes and handed to the output as they are.
    private final JsonBytes line = new JsonBytes(4096);

    @Override
    public void report(Packet packet) {
        write(Report.of(packet));
    }

    /**
     * The capture's view of a packet, copied once: through {@link Report#of(Packet)} it was
     * copied three times (into a Packet, out of it, and by {@link Packet#data()}).
     */
    @Override
    public void report(int dataLinkType, byte[] buf, int off, int caplen, long sec, int nsec, int length) {
        byte[] data = off == 0 && caplen == buf.length ? buf : Arrays.copyOfRange(buf, off, off + caplen);
        write(Report.of(Instant.ofEpochSecond(sec, nsec), length, dataLinkType, data));
    }

    private void write(Report r) {
        line.clear(MAX_KEPT_CAPACITY);
        formatTo(line, r);
        out.bytes(line.array(), 0, line.length()).newline();
        out.packetDone();
    }

    /** Beyond this the line's array is let go after its packet: memory stays bounded by the usual case. */
    private static final int MAX_KEPT_CAPACITY = 256 * 1024;

    @Override
    public void flush() {
        out.flush();
    }

    /** {@code 2013-10-27T11:47:43.123456789Z}: RFC 3339 in UTC, always nine digits. */
    static StringBuilder rfc3339(StringBuilder sb, Instant t) {
        return sb.append(new JsonBytes(32).rfc3339(t));
    }

    /** The object for one packet, on one line, without the line end (one thread at a time). */
    public String format(Report r) {
        return formatTo(new JsonBytes(512), r).toString();
    }

    // The payload's bytes for JsonBytes.printable, reused: a packet's payload was a new array each.
    private byte[] payloadCopy = new byte[2048];

    private JsonBytes formatTo(JsonBytes json, Report r) {
        // Both exact in any JSON reader: jq 1.6 and JavaScript hold numbers as doubles, which
        // keep only 53 bits, and nanoseconds since 1970 need 61.
        json.raw(TIME);
        json.rfc3339(r.timestamp());
        json.raw(TIME_NS).decimal(r.timeNanos());
        json.raw(CAPLEN).decimal(r.caplen());
        json.raw(LEN).decimal(r.length());
        json.raw(DATALINK).string(r.datalink());
        json.raw(HEADERS);
        boolean firstHeader = true;
        FieldWriter fields = new FieldWriter(json);
        for (Header h : r.headers()) {
            json.raw(firstHeader ? LAYER : NEXT_LAYER);
            firstHeader = false;
            json.string(h.layer());
            h.forEachField(fields);
            json.ascii('}');
        }
        Bytes payload = r.payload();
        if (payloadCopy.length < payload.length()) {
            payloadCopy = new byte[payload.length()];
        }
        int payloadLength = payload.copyTo(payloadCopy, 0);
        json.raw(PAYLOAD_SIZE).decimal(payloadLength).raw(PAYLOAD);
        json.printable(payloadCopy, 0, payloadLength);
        json.raw(DECODE_ERROR);
        if (r.error() == null) {
            json.raw(NULL);
        } else {
            json.string(r.error().getMessage());
        }
        switch (style.format()) {
            case HEX -> json.raw(PACKET).string(Printable.hex(r.data()));
            case BINARY -> {
                json.raw(PACKET).ascii('[');
                byte[] d = r.data();
                for (int i = 0; i < d.length; i++) {
                    if (i > 0) {
                        json.ascii(',');
                    }
                    json.decimal(d[i] & 0xff);
                }
                json.ascii(']');
            }
            case NONE -> { }
        }
        return json.ascii('}');
    }

    /**
     * Each field as {@code ,"name":value}: handed over one by one instead of through
     * {@link Header#fields()}, whose map, entries and boxed numbers were a third of the report's
     * garbage.
     */
    private static final class FieldWriter implements FieldVisitor {
        private final JsonBytes json;

        FieldWriter(JsonBytes json) {
            this.json = json;
        }

        @Override
        public void field(String name, Object value) {
            json.ascii(',').key(name).value(value);
        }

        @Override
        public void field(String name, int value) {
            json.ascii(',').key(name).decimal(value);
        }

        @Override
        public void field(String name, long value) {
            json.ascii(',').key(name).decimal(value);
        }

        @Override
        public void field(String name, boolean value) {
            json.ascii(',').key(name).bool(value);
        }
    }

    // The object's fixed text, encoded once.
    private static final byte[] TIME = ascii("{\"pcap\":{\"time\":\"");
    private static final byte[] TIME_NS = ascii("\",\"time_ns\":\"");
    private static final byte[] CAPLEN = ascii("\",\"caplen\":");
    private static final byte[] LEN = ascii(",\"len\":");
    private static final byte[] DATALINK = ascii(",\"datalink\":");
    private static final byte[] HEADERS = ascii("},\"headers\":[");
    private static final byte[] LAYER = ascii("{\"layer\":");
    private static final byte[] NEXT_LAYER = ascii(",{\"layer\":");
    private static final byte[] PAYLOAD_SIZE = ascii("],\"payload_size\":");
    private static final byte[] PAYLOAD = ascii(",\"payload\":");
    private static final byte[] DECODE_ERROR = ascii(",\"decode_error\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] PACKET = ascii(",\"packet\":");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
