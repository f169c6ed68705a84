package org.epcap.sniff;

import java.time.Instant;
import java.util.List;
import org.epcap.Packet;
import org.epcap.pkt.Bytes;
import org.epcap.pkt.DataLinkType;
import org.epcap.pkt.DecodeException;
import org.epcap.pkt.Decoded;
import org.epcap.pkt.Header;
import org.epcap.pkt.Pkt;

/**
 * One packet as the reports show it: the capture facts, named as {@link Packet} names them
 * (docs/codec.md, "The packet's facts"), and what the codec decoded. The codec names the
 * sections and fields ({@link Header#layer()}, {@link Header#fields()}); a report only lays
 * them out.
 *
 * <pre>{@code
 * Report r = Report.of(packet);
 * for (Header h : r.headers()) System.out.println(h.layer());
 * if (r.error() != null) System.out.println("stopped at " + r.error().protocol());
 * }</pre>
 *
 * @param timestamp    when the packet was captured
 * @param length       the packet's length on the wire
 * @param dataLinkType the capture's DLT number
 * @param data         the captured bytes; {@code caplen} is their length
 * @param headers      the headers decoded, outermost first
 * @param payload      the bytes after the last decoded header
 * @param error        why decoding stopped early, or null when the whole stack decoded
 */
public record Report(Instant timestamp, int length, int dataLinkType, byte[] data,
                     List<Header> headers, Bytes payload, DecodeException error) {

    /** Decodes a captured packet. Never throws for bad packet bytes: that is {@link #error()}. */
    public static Report of(Packet packet) {
        return of(packet.timestamp(), packet.length(), packet.dataLinkType(), packet.data());
    }

    /** Decodes {@code data}, captured at {@code timestamp} from a link of type {@code dataLinkType}. */
    public static Report of(Instant timestamp, int length, int dataLinkType, byte[] data) {
        Decoded d = Pkt.decode(dataLinkType, data);
        return new Report(timestamp, length, dataLinkType, data, d.headers(),
                d.payload() == null ? Bytes.EMPTY : d.payload(), d.error());
    }

    /** The number of bytes captured. */
    public int caplen() {
        return data.length;
    }

    /** The datalink's name as libpcap spells it in lower case ({@code en10mb}, {@code raw}, …). */
    public String datalink() {
        return DataLinkType.name(dataLinkType);
    }

    /** Nanoseconds since the epoch. */
    public long timeNanos() {
        return timestamp.getEpochSecond() * 1_000_000_000L + timestamp.getNano();
    }
}
