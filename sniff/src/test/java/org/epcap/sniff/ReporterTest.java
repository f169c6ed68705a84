package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.epcap.Packet;
import org.junit.jupiter.api.Test;

/** The two reporters on hand-made packets: a cut-short frame, the time text, the packet dump. */
class ReporterTest {
    // Ethernet (IPv4 type) then the first 10 bytes of an IPv4 header: the IPv4 header is cut short.
    private static final byte[] CUT = HexFormat.of().parseHex(
            "0200000000020200000000010800" + "45000054abcd40004001");
    private static final Instant TIME = Instant.parse("2013-10-27T11:47:43.123456789Z");
    private static final ReportStyle UTC = ReportStyle.DEFAULT.withZone(ZoneOffset.UTC);

    @Test
    void textShowsWhatDecodedThenTheDecodeError() {
        String text = text(new TextReporter(sink, UTC), Packet.of(1, TIME, 98, CUT));
        List<ReportedPacket> r = ReportedPacket.fromText(text);
        assertEquals(1, r.size(), text);
        assertEquals("\"2013-10-27 11:47:43.123456\"", r.get(0).pcap().get("time"), text);
        assertEquals("24", r.get(0).pcap().get("caplen"), text);
        assertEquals("98", r.get(0).pcap().get("len"), text);
        assertEquals("en10mb", r.get(0).pcap().get("datalink"), text);
        assertEquals("ether", r.get(0).headers().get(0).layer(), text);
        assertEquals("02:00:00:00:00:01", r.get(0).headers().get(0).fields().get("source_macaddr").toLowerCase(), text);
        assertNotNull(r.get(0).decodeError(), text);
        assertTrue(r.get(0).decodeError().contains("ipv4"), text);
    }

    @Test
    void jsonHasTheSameSectionsAndAnExactUtcTime() {
        String line = text(new JsonReporter(sink, UTC.withNanos(true).withFormat(PacketFormat.HEX)),
                Packet.of(1, TIME, 98, CUT)).strip();
        Map<String, Object> o = MiniJson.object(line);
        @SuppressWarnings("unchecked")
        Map<String, Object> pcap = (Map<String, Object>) o.get("pcap");
        // RFC 3339 in UTC whatever the zone, and the nanoseconds as a string: 2^53 < 1382874463123456789.
        assertEquals("2013-10-27T11:47:43.123456789Z", pcap.get("time"));
        assertEquals("1382874463123456789", pcap.get("time_ns"));
        assertEquals(24L, pcap.get("caplen"));
        assertEquals(98L, pcap.get("len"));
        assertEquals(HexFormat.of().formatHex(CUT), o.get("packet"));
        assertTrue(String.valueOf(o.get("decode_error")).contains("ipv4"), line);
    }

    @Test
    void payloadShowsPrintableBytesAndDots() {
        // Raw IPv4 (DLT 12) carrying UDP with payload "hi\0\n!": 20 + 8 + 5 bytes.
        byte[] ip = HexFormat.of().parseHex("4500002100004000401100007f0000017f000001"
                + "1f901f90000d0000" + "6869000a21");
        String text = text(new TextReporter(sink, UTC), Packet.of(12, TIME, ip.length, ip));
        assertTrue(text.contains("payload_size: 5\n"), text);
        assertTrue(text.contains("payload: \"hi..!\"\n"), text);
        assertTrue(text.contains("udp: source_port 8080, destination_port 8080"), text);
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream sink = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text(Reporter r, Packet p) {
        r.report(p);
        r.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
