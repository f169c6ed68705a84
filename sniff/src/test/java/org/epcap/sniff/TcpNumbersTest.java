package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tcpdump's relative TCP sequence numbers (its default) and -S's absolute ones, line for line
 * against tcpdump on conversations scapy writes (tcp_numbers.py): both address families, either
 * port order, equal ports, SACK blocks, wrapping numbers, a connection picked up mid-stream and
 * a 4-tuple reused by a new SYN.
 */
class TcpNumbersTest {
    @TempDir
    Path dir;

    @Test
    void oneLineOutputNumbersTcpAsTcpdumpDoesWithAndWithoutS() throws IOException {
        Tools.assumePortProgram();
        Path file = ScapyCapture.write("tcp_numbers.py", dir);
        String relative = Oracle.tcpdump("-nn", "-tt", "-r", file.toString());
        String absolute = Oracle.tcpdump("-nn", "-tt", "-S", "-r", file.toString());
        assertNotEquals(relative, absolute, "the file has numbers that tcpdump makes relative");
        assertTrue(relative.contains("sack 2 {") && relative.contains("IP6 "), relative);

        Cli ours = Cli.run("-r", file.toString(), "-tt");
        assertEquals(0, ours.exit(), ours::toString);
        assertEquals(relative, ours.out());
        Cli ourAbsolute = Cli.run("-r", file.toString(), "-tt", "-S");
        assertEquals(0, ourAbsolute.exit(), ourAbsolute::toString);
        assertEquals(absolute, ourAbsolute.out());
    }

    @Test
    void theTableForgetsEverythingWhenFullAndCountsIt() {
        RelativeSequences r = new RelativeSequences();
        int n = RelativeSequences.MAX_CONVERSATIONS;
        for (int i = 0; i < n; i++) {
            r.ipv4(0x0a000001, 0x0a000002 + i, 40000, 80, 0x010, 1000, 2001); // an ACK records its base
        }
        r.ipv4(0x0a000001, 0x0a000002, 40000, 80, 0x010, 1010, 2011);
        assertEquals(10, r.seq(), "the first conversation is still held");
        assertEquals(0, r.forgotten());
        r.ipv4(0x0b000001, 0x0b000002, 40000, 80, 0x010, 7, 9); // one more: the table is full
        assertEquals(n, r.forgotten());
        r.ipv4(0x0a000001, 0x0a000002, 40000, 80, 0x010, 1020, 2021);
        assertEquals(1020, r.seq(), "a forgotten conversation starts over from its next ACK");
    }
}
