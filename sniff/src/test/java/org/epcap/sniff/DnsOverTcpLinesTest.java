package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS over TCP in the one-line output, line for line against tcpdump on segments scapy writes
 * (dns_over_tcp.py): whole messages, two in a segment, one split over two, a one-byte segment,
 * a message shorter than its header. Where the codec rejects a message as malformed, tcpdump
 * prints the part it read before its {@code [|domain]}, sniff only the mark.
 */
class DnsOverTcpLinesTest {
    @TempDir
    Path dir;

    @Test
    void dnsOverTcpLinesAreTcpdumps() throws IOException {
        Tools.assumePortProgram();
        Path file = ScapyCapture.write("dns_over_tcp.py", dir);
        List<String> theirs = Oracle.tcpdump("-nn", "-tt", "-r", file.toString()).lines().toList();
        Cli cli = Cli.run("-r", file.toString(), "-tt", "--oneline");
        assertEquals(0, cli.exit(), cli::toString);
        List<String> ours = cli.out().lines().toList();
        assertEquals(theirs.size(), ours.size(), cli::toString);
        int whole = 0;
        int cut = 0;
        for (int i = 0; i < theirs.size(); i++) {
            String t = theirs.get(i);
            String o = ours.get(i);
            if (t.endsWith(" [|domain]")) {
                String upToLength = t.replaceFirst("(, length \\d++).*", "$1");
                assertEquals(upToLength + " [|domain]", o, "line " + (i + 1));
                cut++;
            } else {
                assertEquals(t, o, "line " + (i + 1));
                if (t.matches(".*, length \\d+ \\d+.*\\(\\d+\\)$")) whole++;
            }
        }
        assertEquals(5, whole, "whole messages printed: " + theirs);
        assertEquals(1, cut, "malformed: " + theirs);
    }
}
