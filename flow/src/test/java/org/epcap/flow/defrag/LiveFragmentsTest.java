package org.epcap.flow.defrag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.epcap.Epcap;
import org.epcap.Options;
import org.epcap.Packet;
import org.epcap.flow.EndReason;
import org.epcap.flow.FlowConfig;
import org.epcap.flow.FlowRecord;
import org.epcap.flow.FlowTable;
import org.epcap.pkt.Decoded;
import org.epcap.pkt.Icmp;
import org.epcap.pkt.Icmp6;
import org.epcap.pkt.Pkt;
import org.epcap.pkt.Udp;
import org.epcap.testing.Netns;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Real fragments: the kernel of namespace A fragments large UDP datagrams and pings over a veth
 * with a 1280-byte MTU, the port library captures them on B's side, and the defragmenter must
 * hand on each datagram whole with the bytes the sender wrote; the flow table behind it sees one
 * packet per datagram.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LiveFragmentsTest {
    private static final int COUNT = 20;
    private static final int SIZE = 5000;
    private Netns net;

    @BeforeAll
    void up() {
        net = Netns.create();
        for (String[] side : new String[][] {{net.a(), net.vethA()}, {net.b(), net.vethB()}}) {
            net.runIn(side[0], "ip", "link", "set", "dev", side[1], "mtu", "1280");
        }
    }

    @AfterAll
    void down() {
        if (net != null) {
            net.close();
        }
    }

    /** Byte {@code j} of datagram {@code i}, as the sender script writes it. */
    private static byte pattern(int i, int j) {
        return (byte) (i * 7 + j * 13 + (j >> 8));
    }

    private void sendUdp(String dst, int port) {
        String family = dst.contains(":") ? "AF_INET6" : "AF_INET";
        String script = String.join("\n",
                "import socket, sys, time",
                "n, size = int(sys.argv[3]), int(sys.argv[4])",
                "s = socket.socket(getattr(socket, sys.argv[5]), socket.SOCK_DGRAM)",
                "for i in range(n):",
                "    s.sendto(bytes((i * 7 + j * 13 + (j >> 8)) & 0xff for j in range(size)), (sys.argv[1], int(sys.argv[2])))",
                "    time.sleep(0.005)",
                "");
        net.runIn(net.a(), "/usr/bin/python3", "-c", script, dst, Integer.toString(port), Integer.toString(COUNT),
                Integer.toString(SIZE), family);
    }

    @Test
    void fragmentedUdpAndPingsReassembleToWhatWasSent() throws Exception {
        Options o = Options.builder().progname(Tools.assumePortProgram()).exec(net.execIn(net.b()))
                .interfaceName(net.vethB()).buffer(8 << 20).snaplen(2048)
                .filter("ip or ip6").build();
        List<byte[]> whole = new ArrayList<>();
        List<FlowRecord> flows = new ArrayList<>();
        FlowTable table = new FlowTable(FlowConfig.defaults(), flows::add);
        Defragmenter defrag = new Defragmenter(DefragConfig.defaults(), (dlt, t, data, off, len) -> {
            whole.add(Arrays.copyOfRange(data, off, off + len));
            table.accept(dlt, t, data, off, len);
        });
        int captured = 0;
        try (Epcap cap = Epcap.start(o)) {
            sendUdp(net.ipB(), 9100);
            sendUdp(net.ip6B(), 9106);
            net.runIn(net.a(), "ping", "-c", "3", "-i", "0.2", "-W", "2", "-s", "3000", net.ipB());
            net.runIn(net.a(), "ping", "-6", "-c", "3", "-i", "0.2", "-W", "2", "-s", "3000", net.ip6B());
            for (Packet p; (p = cap.poll(Duration.ofMillis(1500))) != null; ) {
                captured++;
                long t = p.epochSecond() * 1_000_000_000L + p.nanos();
                defrag.accept(p.dataLinkType(), t, p.data(), 0, p.caplen());
            }
        }
        DefragStats s = defrag.stats();
        assertTrue(captured >= 2 * COUNT * 4, "the datagrams went as fragments: " + captured + " packets");
        int udp4 = 0;
        int udp6 = 0;
        int pings = 0;
        for (byte[] frame : whole) {
            Decoded d = Pkt.decode(1, frame);
            assertTrue(d.complete(), "decodes whole: " + d.error());
            Udp udp = d.header(Udp.class);
            if (udp != null && (udp.destinationPort() == 9100 || udp.destinationPort() == 9106)) {
                byte[] got = d.payload().toArray();
                assertEquals(SIZE, got.length);
                int i = Byte.toUnsignedInt(got[0]) / 7; // pattern(i, 0) = 7i, i < 20
                byte[] want = new byte[SIZE];
                for (int j = 0; j < SIZE; j++) {
                    want[j] = pattern(i, j);
                }
                assertArrayEquals(want, got, "datagram " + i);
                if (udp.destinationPort() == 9100) {
                    udp4++;
                } else {
                    udp6++;
                }
            } else if (d.header(Icmp.class) != null || d.header(Icmp6.class) != null) {
                if (frame.length > 3000) {
                    pings++;
                }
            }
        }
        assertEquals(COUNT, udp4, "IPv4 datagrams reassembled; " + s);
        assertEquals(COUNT, udp6, "IPv6 datagrams reassembled; " + s);
        assertEquals(12, pings, "3 requests and 3 replies in each family, each fragmented; " + s);
        assertEquals(0, s.overlaps() + s.timedOut() + s.evicted() + s.truncated() + s.malformed(), s.toString());
        assertEquals(0, s.heldDatagrams());

        table.flush();
        FlowRecord udpFlow = flows.stream().filter(r -> r.responderPort() == 9100).findFirst().orElse(null);
        assertNotNull(udpFlow);
        assertEquals(COUNT, udpFlow.initiatorPackets(), "one packet per datagram, not per fragment");
        assertEquals(COUNT * (20 + 8 + SIZE), udpFlow.initiatorBytes());
        assertEquals(EndReason.FLUSHED, udpFlow.endReason());
    }
}
