package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code sniff -r IN -w OUT} (pcap, and pcapng with --pcapng): tcpdump and tshark must show
 * OUT's packets exactly as IN's: timestamps to the nanosecond, lengths, every byte.
 */
class WriteFileTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "tcpdump/tcp-handshake-nano.pcap",     // nanosecond file, linux_sll
        "tcpdump/ipv4_tcp_http_xml.pcap",      // ethernet, vlan
        "tcpdump/LINKTYPE_RAW_ipv4.pcap",      // raw ip: DLT 12 must be stored as LINKTYPE 101
        "tcpdump/tcp_rst_diag_payload.pcap",   // bsd null
        "tcpdump/of10_7050q.pcapng",           // pcapng input
        "tcpdump/vrrp.pcap",                   // 165 packets
        "tcpdump/ipoib.pcap"})                 // a link type the codec does not decode
    void savedPacketsAreTheInputPackets(String name, @TempDir Path dir) {
        assertTrue(Tools.find("tcpdump") != null && Tools.find("tshark") != null, "needs tcpdump and tshark");
        Path in = Corpus.file(name);
        for (boolean pcapng : new boolean[] {false, true}) {
            Path out = dir.resolve(pcapng ? "out.pcapng" : "out.pcap");
            Cli cli = pcapng
                    ? Cli.run("-r", in.toString(), "-w", out.toString(), "--pcapng", "--json")
                    : Cli.run("-r", in.toString(), "-w", out.toString(), "--json");
            assertEquals(0, cli.exit(), cli::toString);
            String format = pcapng ? "pcapng" : "pcap";
            String tcpdumpIn = tcpdump(in);
            assertFalse(tcpdumpIn.isBlank(), "tcpdump shows nothing of " + in);
            assertEquals(tcpdumpIn, tcpdump(out), "tcpdump -r of the " + format + " copy of " + name);
            assertEquals(tsharkFrames(in), tsharkFrames(out), "tshark frames of the " + format + " copy of " + name);
            assertEquals(tsharkHex(in), tsharkHex(out), "tshark bytes of the " + format + " copy of " + name);
        }
    }

    @Test
    void aLinkTypeNoFileCanHoldIsRefusedAsTcpdumpRefusesIt(@TempDir Path dir) throws IOException {
        assertTrue(Tools.find("tcpdump") != null, "needs tcpdump");
        // LINKTYPE 13 is no LINKTYPE: libpcap reads the file as DLT 13 and cannot save DLT 13.
        ByteBuffer b = ByteBuffer.allocate(24 + 16 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(13);
        b.putInt(1_700_000_000).putInt(0).putInt(4).putInt(4).putInt(0x01020304);
        Path in = dir.resolve("dlt13.pcap");
        Files.write(in, b.array());
        Tools.Result tcpdump = Tools.run(Duration.ofSeconds(60),
                List.of("tcpdump", "-r", in.toString(), "-w", dir.resolve("tcpdump.pcap").toString()));
        assertTrue(tcpdump.status() != 0, "tcpdump saved it: " + tcpdump.err());
        Cli cli = Cli.run("-r", in.toString(), "-w", dir.resolve("out.pcap").toString());
        assertEquals(1, cli.exit(), cli::toString);
        assertTrue(cli.err().contains("sniff: ") && cli.err().contains("DLT 13"), cli::toString);
    }

    private static String tcpdump(Path f) {
        return run(List.of("tcpdump", "-r", f.toString(), "-nn", "-tt", "--time-stamp-precision=nano", "-xx"));
    }

    private static String tsharkFrames(Path f) {
        return run(List.of("tshark", "-n", "-r", f.toString(), "-T", "fields", "-e", "frame.time_epoch",
                "-e", "frame.len", "-e", "frame.cap_len", "-e", "frame.protocols"));
    }

    private static String tsharkHex(Path f) {
        return run(List.of("tshark", "-n", "-r", f.toString(), "-x"));
    }

    private static String run(List<String> cmd) {
        Tools.Result r = Tools.run(Duration.ofSeconds(60), cmd);
        assertEquals(0, r.status(), () -> cmd + ": " + r.err());
        return r.out();
    }
}
