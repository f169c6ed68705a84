package org.epcap.sniff;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.epcap.Packet;
import org.epcap.pkt.Header;

/**
 * The seed's report: a {@code pcap} line, one line per decoded header named by its layer, then
 * the payload with non-printable bytes as dots.
 *
 * <pre>
 * pcap: time "2013-10-27 11:47:43.123456", caplen 653, len 653, datalink en10mb
 * ether: source_macaddr F0:BD:4F:AA:BB:CC, destination_macaddr B3:4B:19:00:11:22, type ipv6
 * ipv6: protocol tcp, source_address 2607:f8b0:400b:80b::1000, destination_address 2002:26f:92:ae::123, hop_limit 57
 * tcp: source_port 80, destination_port 47980, flags [ack,psh], seq 686139900, ack 725208397, win 224
 * payload_size: 567
 * payload: "HTTP/1.0 301 Moved Permanently..Location: ..."
 * </pre>
 *
 * A packet the codec could not fully decode shows the headers it did decode, then a
 * {@code decode_error:} line. Blocks are separated by an empty line.
 *
 * <pre>{@code
 * Sniff.reporter(new TextReporter(System.out, ReportStyle.DEFAULT.withFormat(PacketFormat.HEX)));
 * }</pre>
 */
public final class TextReporter implements Reporter {
    private final Output out;
    private final ReportStyle style;

    /** Reports to {@code out}, each packet handed over as soon as it is written. */
    public TextReporter(PrintStream out, ReportStyle style) {
        this(new Output(out, Output.Flush.PACKET), style);
    }

    public TextReporter(PrintStream out) {
        this(out, ReportStyle.DEFAULT);
    }

    /** Reports to {@code out}, flushed as its policy says (the command's fast path). */
    public TextReporter(Output out, ReportStyle style) {
        this.out = out;
        this.style = style;
    }

    @Override
    public void report(Packet packet) {
        out.text(format(Report.of(packet)));
        out.packetDone();
    }

    @Override
    public void flush() {
        out.flush();
    }

    /** The whole block for one packet, ending with an empty line. */
    public String format(Report r) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("pcap: time \"").append(style.time(r.timestamp())).append("\", caplen ").append(r.caplen())
                .append(", len ").append(r.length()).append(", datalink ").append(r.datalink()).append('\n');
        for (Header h : r.headers()) {
            sb.append(h.layer()).append(':');
            boolean first = true;
            for (Map.Entry<String, Object> e : h.fields().entrySet()) {
                sb.append(first ? " " : ", ").append(e.getKey()).append(' ');
                value(sb, e.getValue());
                first = false;
            }
            sb.append('\n');
        }
        if (r.error() != null) {
            sb.append("decode_error: ").append(r.error().getMessage()).append('\n');
        }
        byte[] payload = r.payload().toArray();
        sb.append("payload_size: ").append(payload.length).append('\n');
        sb.append("payload: \"").append(Printable.ascii(payload, 0, payload.length)).append("\"\n");
        switch (style.format()) {
            case HEX -> sb.append("packet:\n").append(Printable.hexDump(r.data(), "  "));
            case BINARY -> binary(sb.append("packet: "), r.data()).append('\n');
            case NONE -> { }
        }
        return sb.append('\n').toString();
    }

    // Lists print as the seed's [ack,psh], maps (an MPLS label) as {label 16, qos 0}; the rest as text.
    private static void value(StringBuilder sb, Object v) {
        if (v instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(first ? "" : ", ").append(e.getKey()).append(' ');
                value(sb, e.getValue());
                first = false;
            }
            sb.append('}');
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                value(sb, list.get(i));
            }
            sb.append(']');
        } else {
            sb.append(v);
        }
    }

    private static StringBuilder binary(StringBuilder sb, byte[] data) {
        sb.append("<<");
        for (int i = 0; i < data.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(data[i] & 0xff);
        }
        return sb.append(">>");
    }
}
