package org.epcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.epcap.testing.Leaks;
import org.epcap.testing.Netns;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;

/**
 * Link-layer and time-stamp types (issue 16) with the real port and real packets: what
 * {@link Epcap#interfaceTypes} lists against {@code tcpdump -L} and {@code tcpdump -J} (the
 * oracle) on {@code lo}, {@code any} and a veth of the test's own namespaces; captures with a
 * type other than the device's default ({@code LINUX_SLL2} on {@code any}, {@code DOCSIS} on a
 * veth) whose packets carry that type and its header; and bad or unsupported values, each a
 * typed error that leaves nothing behind.
 */
class LinkTypesTest {
    private static final int DLT_EN10MB = 1;
    private static final int DLT_LINUX_SLL = 113;
    private static final int DLT_DOCSIS = 143;
    private static final int DLT_LINUX_SLL2 = 276;

    private static Options.Builder on(String iface) {
        return Options.builder().progname(Tools.assumePortProgram()).interfaceName(iface);
    }

    // ------------------------------------------------------------------ listing, with tcpdump as oracle

    @Test
    void loAndAnyListWhatTcpdumpLists() {
        Tools.assumeRoot();
        Path tcpdump = Tools.assumeTool("tcpdump");
        for (String iface : List.of("lo", "any")) {
            InterfaceTypes t = Epcap.interfaceTypes(on(iface).build());
            assertEquals(iface, t.interfaceName());
            assertEquals(tcpdumpList(List.of(tcpdump.toString(), "-L", "-i", iface)), names(t.linkTypes(),
                    l -> l.name() + " (" + l.description() + ")"), "-L " + iface);
            assertEquals(tcpdumpList(List.of(tcpdump.toString(), "-J", "-i", iface)), names(t.timestampTypes(),
                    s -> s.name() + " (" + s.description() + ")"), "-J " + iface);
        }
        InterfaceTypes any = Epcap.interfaceTypes(on("any").build());
        assertEquals(DLT_LINUX_SLL, any.currentLinkType(), "libpcap 1.10 opens 'any' as Linux cooked v1");
        assertTrue(any.linkTypes().contains(new InterfaceTypes.LinkType(DLT_LINUX_SLL2, "LINUX_SLL2", "Linux cooked v2")),
                any.toString());
        assertEquals(List.of(new InterfaceTypes.LinkType(DLT_EN10MB, "EN10MB", "Ethernet")), Epcap.linkTypes("lo"));
        assertTrue(Epcap.timestampTypes("lo").stream().anyMatch(s -> s.name().equals("host")));
    }

    @Test
    void aVethListsWhatTcpdumpListsInItsNamespace() {
        Tools.assumeRoot();
        Path tcpdump = Tools.assumeTool("tcpdump");
        try (Netns net = Netns.create()) {
            InterfaceTypes t = Epcap.interfaceTypes(on(net.vethB()).exec(net.execIn(net.b())).build());
            List<String> oracle = List.of("ip", "netns", "exec", net.b(), tcpdump.toString());
            assertEquals(tcpdumpList(concat(oracle, "-L", "-i", net.vethB())),
                    names(t.linkTypes(), l -> l.name() + " (" + l.description() + ")"));
            assertEquals(tcpdumpList(concat(oracle, "-J", "-i", net.vethB())),
                    names(t.timestampTypes(), s -> s.name() + " (" + s.description() + ")"));
            assertEquals(List.of(DLT_EN10MB, DLT_DOCSIS), names(t.linkTypes(), InterfaceTypes.LinkType::value));
            assertEquals(DLT_EN10MB, t.currentLinkType());
        }
    }

    /** tcpdump's "  NAME (DESCRIPTION)" lines (from stdout or stderr), without its printer note. */
    private static List<String> tcpdumpList(List<String> argv) {
        Tools.Result r = Tools.run(argv);
        assertEquals(0, r.status(), argv + ": " + r.err());
        List<String> lines = new ArrayList<>();
        for (String line : (r.out() + r.err()).split("\n")) {
            if (line.startsWith("  ")) lines.add(line.substring(2).replace(" (printing not supported)", ""));
        }
        assertTrue(!lines.isEmpty(), argv + " listed nothing: " + r.err());
        return lines;
    }

    // ------------------------------------------------------------------ capturing with a chosen type

    @Test
    void anyWithLinuxSll2DeliversCookedV2Headers() throws Exception {
        Tools.assumeRoot();
        for (int dlt : new int[] {DLT_LINUX_SLL2, DLT_LINUX_SLL}) {
            try (DatagramSocket sock = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                int port = sock.getLocalPort();
                String type = dlt == DLT_LINUX_SLL2 ? "LINUX_SLL2" : "linux_sll";
                try (Epcap cap = Epcap.start(on("any").linkType(type).filter("udp dst port " + port).build())) {
                    assertEquals(dlt, cap.info().dataLinkType(), type);
                    Packet p = firstAfterSending(cap, sock, port);
                    assertEquals(dlt, p.dataLinkType());
                    byte[] d = p.data();
                    int ipAt = dlt == DLT_LINUX_SLL2 ? 20 : 16;
                    // SLL2 puts the protocol first and the interface index after it; SLL puts it last.
                    int protocol = dlt == DLT_LINUX_SLL2 ? u16(d, 0) : u16(d, 14);
                    assertEquals(0x0800, protocol, type + " protocol field");
                    assertEquals(4, (d[ipAt] & 0xff) >> 4, type + ": IPv4 after the cooked header");
                    assertEquals(port, u16(d, ipAt + 20 + 2), type + ": the UDP destination port");
                    if (dlt == DLT_LINUX_SLL2) {
                        int ifindex = ((d[4] & 0xff) << 24) | ((d[5] & 0xff) << 16) | ((d[6] & 0xff) << 8) | (d[7] & 0xff);
                        assertEquals(NetworkInterface.getByName("lo").getIndex(), ifindex, "SLL2's interface index");
                    }
                }
            }
        }
    }

    @Test
    void aVethWithDocsisLabelsItsEthernetFrames() {
        Tools.assumeRoot();
        try (Netns net = Netns.create()) {
            for (String type : List.of("DOCSIS", "143", "EN10MB", "1")) {
                int dlt = type.equals("DOCSIS") || type.equals("143") ? DLT_DOCSIS : DLT_EN10MB;
                // libpcap compiles no filter for DOCSIS (nor does tcpdump -y DOCSIS): the test's
                // own namespace carries little else, and the loop below skips it.
                Options.Builder b = on(net.vethB()).exec(net.execIn(net.b())).linkType(type).timestampType("host");
                if (dlt == DLT_EN10MB) b.filter("udp dst port 7016");
                try (Epcap cap = Epcap.start(b.build())) {
                    assertEquals(dlt, cap.info().dataLinkType(), type);
                    Packet p = null;
                    for (int i = 0; i < 5 && p == null; i++) {
                        net.sendUdp(net.a(), net.ipB(), 7016, 1, 32);
                        for (Packet q; p == null && (q = cap.poll(Duration.ofSeconds(2))) != null; ) {
                            if (isUdpTo(q.data(), 7016)) p = q;
                        }
                    }
                    assertTrue(p != null, type + ": the datagram arrived");
                    assertEquals(dlt, p.dataLinkType());
                    // The same bytes either way: the type only labels them (libpcap does not re-frame).
                    assertArrayEquals(mac(net.macB()), Arrays.copyOfRange(p.data(), 0, 6), type + ": the Ethernet destination");
                }
            }
            BadFilterException e = assertThrows(BadFilterException.class, () -> Epcap.start(on(net.vethB())
                    .exec(net.execIn(net.b())).linkType("DOCSIS").filter("udp").build()));
            assertTrue(e.portMessage().contains("DOCSIS"), "the filter is compiled for -y's type: " + e.getMessage());
        }
    }

    private static boolean isUdpTo(byte[] d, int port) {
        return d.length >= 14 + 20 + 4 && u16(d, 12) == 0x0800 && (d[14 + 9] & 0xff) == 17
                && u16(d, 14 + (d[14] & 0x0f) * 4 + 2) == port;
    }

    private static Packet firstAfterSending(Epcap cap, DatagramSocket sock, int port) throws Exception {
        byte[] payload = "epcap-linktype".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < 5; i++) {
            sock.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
            Packet p = cap.poll(Duration.ofSeconds(2));
            if (p != null) return p;
        }
        throw new AssertionError("no packet to udp port " + port + " within 10 s");
    }

    // ------------------------------------------------------------------ bad and unsupported values

    @Test
    void valuesOutsideTheAllowListFailInBuild() {
        for (String bad : List.of("", "EN10MB;id", "$(id)", "-1", "EN10MB ", "A".repeat(33), "EN10MB\u00e9", "a\nb")) {
            BadOptionException e = assertThrows(BadOptionException.class,
                    () -> Options.builder().interfaceName("lo").linkType(bad).build(), bad);
            assertTrue(e.getMessage().startsWith("linkType: "), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "control characters are escaped: " + e.getMessage());
            assertThrows(BadOptionException.class, () -> Options.builder().interfaceName("lo").timestampType(bad).build());
        }
        assertThrows(BadOptionException.class,
                () -> Options.builder().file(Path.of("x.pcap")).linkType("EN10MB").build(), "a file has its own type");
        assertThrows(BadOptionException.class, () -> Epcap.interfaceTypes(Options.builder().file(Path.of("x.pcap")).build()));
        List<String> argv = Options.builder().interfaceName("any").linkType("LINUX_SLL2").timestampType("host").build().argv();
        assertTrue(String.join(" ", argv).contains("-y LINUX_SLL2 -j host"), argv.toString());
    }

    @Test
    void unknownAndUnsupportedTypesAreTypedErrorsThatLeaveNothingBehind() {
        Tools.assumeRoot();
        Leaks before = Leaks.now();
        BadOptionException unknown = assertThrows(BadOptionException.class,
                () -> Epcap.start(on("lo").linkType("NO_SUCH_TYPE").build()));
        assertTrue(unknown.portMessage().contains("NO_SUCH_TYPE"), unknown.getMessage());
        assertThrows(BadOptionException.class, () -> Epcap.start(on("lo").linkType("70000").build()));
        assertThrows(BadOptionException.class, () -> Epcap.start(on("lo").timestampType("sundial").build()));

        CaptureException link = assertThrows(CaptureException.class, () -> Epcap.start(on("lo").linkType("LINUX_SLL2").build()));
        assertEquals(ErrorCode.LINK_TYPE_NOT_SUPPORTED, link.code().orElseThrow());
        assertTrue(link.portMessage().contains("LINUX_SLL2") && link.portMessage().contains("EN10MB"), link.getMessage());

        List<String> offered = names(Epcap.timestampTypes("lo"), InterfaceTypes.TimestampType::name);
        String missing = List.of("adapter_unsynced", "adapter", "host_hiprec", "host_lowprec").stream()
                .filter(n -> !offered.contains(n)).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(missing != null, "lo offers every time-stamp type: " + offered);
        CaptureException stamp = assertThrows(CaptureException.class, () -> Epcap.start(on("lo").timestampType(missing).build()));
        assertEquals(ErrorCode.TSTAMP_TYPE_NOT_SUPPORTED, stamp.code().orElseThrow());
        assertTrue(stamp.portMessage().contains(missing), stamp.getMessage());

        assertThrows(NoSuchDeviceException.class, () -> Epcap.interfaceTypes(on("epcapnosuch0").build()));
        try (Epcap cap = Epcap.start(on("lo").timestampType(offered.get(0)).build())) {
            assertEquals(DLT_EN10MB, cap.info().dataLinkType(), "a supported -j starts the capture");
        }
        Leaks left = Leaks.now().since(before);
        assertTrue(left.isEmpty(), "every refused start was reaped, its pipes closed: " + left);
    }

    // ------------------------------------------------------------------ helpers

    private static <T, R> List<R> names(List<T> list, Function<T, R> f) {
        return list.stream().map(f).toList();
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> r = new ArrayList<>(a);
        r.addAll(List.of(b));
        return r;
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    private static byte[] mac(String text) {
        String[] parts = text.split(":");
        byte[] m = new byte[6];
        for (int i = 0; i < 6; i++) m[i] = (byte) Integer.parseInt(parts[i], 16);
        return m;
    }
}
