package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.epcap.Options;
import org.epcap.testing.Netns;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live captures in the test's own network namespaces: namespace A sends UDP to namespace B,
 * sniff captures on B's end of the veth pair (the port program runs in B through --exec).
 */
class LiveSniffTest {
    private static Netns net;

    @BeforeAll
    static void network() {
        Tools.assumeRoot();
        Tools.assumePortProgram();
        net = Netns.create();
    }

    @AfterAll
    static void removeNetwork() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void countTenUdpPrintsExactlyTenReportsAndTheSummary() throws Exception {
        CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> Cli.run(
                "-i", net.vethB(), "--exec", net.execIn(net.b()), "-c", "10", "udp"));
        int sent = sendUntilDone(run, 9100);
        Cli cli = run.get(5, TimeUnit.SECONDS);
        assertEquals(0, cli.exit(), cli::toString);
        List<ReportedPacket> reports = ReportedPacket.fromText(cli.out());
        assertEquals(10, reports.size(), cli::toString);
        for (ReportedPacket r : reports) {
            assertEquals(net.ipA(), r.first("ipv4").fields().get("source_address"), cli::toString);
            assertEquals(net.ipB(), r.first("ipv4").fields().get("destination_address"), cli::toString);
            assertEquals("9100", r.first("udp").fields().get("destination_port"), cli::toString);
        }
        assertTrue(cli.err().contains("10 packets captured\n"), cli::toString);
        long received = count(cli.err(), "received by filter");
        assertTrue(received >= 10 && received <= sent, () -> "received " + received + " of " + sent + "\n" + cli);
        assertEquals(0, count(cli.err(), "dropped by kernel"), cli::toString);
    }

    @Test
    void snifferRestartedWithNewFilterReportsTheNewFlow() throws Exception {
        List<Integer> ports = new CopyOnWriteArrayList<>();
        Reporter collect = p -> ports.add(udpDestinationPort(Report.of(p)));
        try (Sniffer sniffer = new Sniffer(collect)) {
            Options.Builder base = Options.builder().interfaceName(net.vethB()).exec(net.execIn(net.b()));
            sniffer.start(base.filter("udp port 9201").build());
            sendBoth(ports, 9201, 9202);
            List<Integer> first = new ArrayList<>(ports);
            assertTrue(first.size() >= 3 && first.stream().allMatch(p -> p == 9201), "first flow: " + first);

            sniffer.start(base.filter("udp port 9202").build());
            ports.clear();
            sendBoth(ports, 9201, 9202);
            List<Integer> second = new ArrayList<>(ports);
            assertTrue(second.size() >= 3 && second.stream().allMatch(p -> p == 9202), "second flow: " + second);
            assertTrue(sniffer.reporter() == collect, "the reporter survives the restart");
        }
    }

    // Sends to both ports, a few at a time, until the reporter saw 3 packets (at most 10 s).
    private static void sendBoth(List<Integer> seen, int portA, int portB) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.size() < 3 && System.nanoTime() < deadline) {
            net.sendUdp(net.a(), net.ipB(), portA, 2, 16);
            net.sendUdp(net.a(), net.ipB(), portB, 2, 16);
            Thread.sleep(100);
        }
        Thread.sleep(200); // stragglers of the other flow would show now
    }

    private static Integer udpDestinationPort(Report r) {
        return r.headers().stream().filter(h -> h.layer().equals("udp")).findFirst()
                .map(h -> ((Number) h.fields().get("destination_port")).intValue()).orElse(-1);
    }

    // Sends bursts of 3 datagrams until the capture is done (at most 150 datagrams, 15 s).
    private static int sendUntilDone(CompletableFuture<?> done, int port) throws InterruptedException {
        int sent = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!done.isDone() && sent < 150 && System.nanoTime() < deadline) {
            net.sendUdp(net.a(), net.ipB(), port, 3, 32);
            sent += 3;
            Thread.sleep(100);
        }
        return sent;
    }

    private static long count(String err, String what) {
        Matcher m = Pattern.compile("(\\d+) packets? " + what).matcher(err);
        assertTrue(m.find(), "no '" + what + "' line in: " + err);
        return Long.parseLong(m.group(1));
    }
}
