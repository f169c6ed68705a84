package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.epcap.pkt.io.PcapWriter;
import org.epcap.pkt.io.TimestampPrecision;
import org.epcap.pkt.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's two decoding items against tshark: an MPLS label stack is one {@code mpls} header
 * (tshark: one mpls layer) holding every label; ether type 0x8870 carries LLC, as tshark
 * decodes it.
 */
class MplsStackAndJumboLlcTest {
    // Ethernet, MPLS 100 / 200 / 300 (S on the last), IPv4 UDP 10.0.0.1:1000 > 10.0.0.2:2000, 4 bytes.
    private static final String MPLS_FRAME = "020000000002020000000001" + "8847"
            + "00064040" + "000c8040" + "0012c140"
            + "45000020000000004011" + "0000" + "0a0000010a000002" + "03e807d0000c0000" + "01020304";
    // Ethernet 0x8870, LLC dsap fe ssap fe ui (OSI), 8 bytes after it.
    private static final String JUMBO_LLC_FRAME = "0180c2000014020000000001" + "8870" + "fefe03"
            + "8314010014010000";

    @Test
    void aLabelStackIsOneHeaderAsTsharkHasOneLayer(@TempDir Path dir) throws IOException {
        byte[] frame = HexFormat.of().parseHex(MPLS_FRAME);
        Decoded d = Pkt.decode(DataLinkType.EN10MB, frame);
        assertEquals(List.of("ether", "mpls", "ipv4", "udp"), d.headers().stream().map(Header::layer).toList());
        Mpls m = d.header(Mpls.class);
        assertNotNull(m);
        String[] tshark = tshark(dir, frame, "frame.protocols", "mpls.label", "mpls.ttl");
        assertEquals(1, tshark[0].split(":mpls", -1).length - 1, "tshark's layers: " + tshark[0]);
        assertEquals(tshark[1], String.join(",", m.labels().stream().map(l -> Integer.toString(l.label())).toList()));
        assertEquals(tshark[2], String.join(",", m.labels().stream().map(l -> Integer.toString(l.ttl())).toList()));
        assertEquals(12, m.encodedLength());
        byte[] again = new byte[m.encodedLength()];
        m.encodeTo(again, 0);
        assertEquals(MPLS_FRAME.substring(28, 52), HexFormat.of().formatHex(again), "encode writes the stack back");
    }

    @Test
    void ethertype8870IsLlcAsInTshark(@TempDir Path dir) throws IOException {
        byte[] frame = HexFormat.of().parseHex(JUMBO_LLC_FRAME);
        Decoded d = Pkt.decode(DataLinkType.EN10MB, frame);
        String protocols = tshark(dir, frame, "frame.protocols")[0];
        assertEquals(true, protocols.startsWith("eth:ethertype:llc"), "tshark: " + protocols);
        assertEquals(List.of("ether", "llc"), d.headers().stream().map(Header::layer).toList());
        Llc llc = d.header(Llc.class);
        assertEquals(0xfe, llc.dsap());
        assertEquals(0xfe, llc.ssap());
    }

    private static String[] tshark(Path dir, byte[] frame, String... fields) throws IOException {
        Path file = dir.resolve("frame.pcap");
        try (PcapWriter w = PcapWriter.create(file, DataLinkType.EN10MB, 65535, TimestampPrecision.MICRO)) {
            w.write(DataLinkType.EN10MB, 1_700_000_000L, 0, frame.length, frame, 0, frame.length);
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(ExternalTool.require("tshark"), "-n", "-r", file.toString(),
                "-T", "fields", "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        ExternalTool.Result r = ExternalTool.run(cmd, 60);
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(true, Files.exists(file));
        return r.stdout().strip().split("\\|", -1);
    }
}
