package org.epcap.sniff;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.epcap.pkt.Bytes;
import org.epcap.pkt.DataLinkType;
import org.epcap.pkt.Ether;
import org.epcap.pkt.EtherType;
import org.epcap.pkt.Ip4Address;
import org.epcap.pkt.Ip6Address;
import org.epcap.pkt.IpProtocol;
import org.epcap.pkt.Ipv4;
import org.epcap.pkt.Ipv6;
import org.epcap.pkt.MacAddress;
import org.epcap.pkt.Pkt;
import org.epcap.pkt.Tcp;
import org.epcap.pkt.TcpFlag;
import org.epcap.pkt.Udp;
import org.epcap.pkt.io.PcapWriter;
import org.epcap.pkt.io.TimestampPrecision;

/**
 * The run {@code bin/sniff} records its class-data-sharing archive from: sniff reads a small
 * file of its own making in each output mode, so that the classes a real run loads (picocli,
 * the command, the port library, the codec, the reporters) are in the archive and the next
 * start maps them instead of loading and verifying them.
 *
 * <pre>
 * java -XX:ArchiveClassesAtExit=sniff.jsa -cp ... org.epcap.sniff.CdsTraining
 * </pre>
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        SniffCommand.skipUnusedPicocliFeatures(); // as SniffCommand.main: the archive holds what a run loads
        Path dir = Files.createTempDirectory("sniff-cds");
        Path file = dir.resolve("training.pcap");
        try {
            write(file);
            PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
            for (String[] run : List.of(
                    new String[] {"-r", file.toString()},
                    new String[] {"-r", file.toString(), "--oneline", "-e", "-X"},
                    new String[] {"-r", file.toString(), "--json", "tcp or udp"},
                    new String[] {"--bogus"})) {
                SniffCommand.commandLine(nowhere, nowhere).execute(run);
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static void write(Path file) throws IOException {
        MacAddress a = MacAddress.parse("02:00:00:00:00:01");
        MacAddress b = MacAddress.parse("02:00:00:00:00:02");
        Ip4Address a4 = Ip4Address.parse("169.254.0.1");
        Ip4Address b4 = Ip4Address.parse("169.254.0.2");
        byte[] tcp = Pkt.encode(List.of(new Ether(b, a, EtherType.IPV4), Ipv4.of(IpProtocol.TCP, a4, b4),
                Tcp.of(40000, 80, 1, 0, EnumSet.of(TcpFlag.SYN), 65535, List.of())), Bytes.EMPTY, true);
        byte[] udp = Pkt.encode(List.of(new Ether(b, a, EtherType.IPV4), Ipv4.of(IpProtocol.UDP, a4, b4),
                new Udp(40000, 53, 0, 0)), new byte[] {1, 2, 3, 4}, true);
        byte[] udp6 = Pkt.encode(List.of(new Ether(b, a, EtherType.IPV6),
                Ipv6.of(IpProtocol.UDP, Ip6Address.parse("fd00::1"), Ip6Address.parse("fd00::2")),
                new Udp(40000, 53, 0, 0)), new byte[] {1, 2, 3, 4}, true);
        try (PcapWriter w = PcapWriter.create(file, DataLinkType.EN10MB, 65535, TimestampPrecision.MICRO)) {
            int i = 0;
            for (byte[] frame : List.of(tcp, udp, udp6)) {
                w.write(DataLinkType.EN10MB, 1_700_000_000L + i, 1000 * i, frame.length, frame, 0, frame.length);
                i++;
            }
        }
    }
}
