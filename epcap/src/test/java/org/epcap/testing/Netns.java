package org.epcap.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two network namespaces joined by a veth pair, addressed with IPv4 link-local
 * (169.254.N.1 and .2/24) and IPv6 ULA (fd00:N::1 and ::2/64), with static neighbour
 * entries so that no ARP/ND delays the first packets. Names carry the pid and a counter so
 * that parallel runs do not collide. Create per test class; {@link #close()} removes all.
 *
 * <pre>{@code
 * try (Netns net = Netns.create()) {
 *     Options o = Options.builder().exec(net.execIn(net.b())).interfaceName(net.vethB()).build();
 * }
 * }</pre>
 */
public final class Netns implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final String a;
    private final String b;
    private final String vethA;
    private final String vethB;
    private final int subnet;
    private String macA;
    private String macB;

    private Netns(String a, String b, String vethA, String vethB, int subnet) {
        this.a = a;
        this.b = b;
        this.vethA = vethA;
        this.vethB = vethB;
        this.subnet = subnet;
    }

    /** Creates the pair (needs root and {@code ip}; call {@link Tools#assumeRoot()} first). */
    public static Netns create() {
        Tools.assumeRoot();
        Tools.assumeTool("ip");
        long pid = ProcessHandle.current().pid();
        int n = SEQ.incrementAndGet();
        String tag = Long.toString(pid, 36) + n;
        int subnet = (int) ((pid * 7 + n) % 250) + 1;
        Netns net = new Netns("epA" + tag, "epB" + tag, "ea" + tag, "eb" + tag, subnet);
        try {
            net.setUp();
        } catch (RuntimeException | AssertionError e) {
            net.close();
            throw e;
        }
        return net;
    }

    private void setUp() {
        ip("netns", "add", a);
        ip("netns", "add", b);
        ip("link", "add", vethA, "netns", a, "type", "veth", "peer", "name", vethB, "netns", b);
        for (String[] side : new String[][] {{a, vethA, "1"}, {b, vethB, "2"}}) {
            String ns = side[0];
            // No IPv6 autoconfiguration chatter (router solicitations, MLD) on the test link.
            Tools.run(List.of("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf." + side[1]
                    + ".accept_ra=0"));
            ipIn(ns, "addr", "add", "169.254." + subnet + "." + side[2] + "/24", "dev", side[1]);
            ipIn(ns, "addr", "add", "fd00:" + Integer.toHexString(subnet) + "::" + side[2] + "/64", "dev", side[1],
                    "nodad");
            ipIn(ns, "link", "set", side[1], "up");
            ipIn(ns, "link", "set", "lo", "up");
        }
        macA = Tools.check(List.of("ip", "netns", "exec", a, "cat", "/sys/class/net/" + vethA + "/address")).strip();
        macB = Tools.check(List.of("ip", "netns", "exec", b, "cat", "/sys/class/net/" + vethB + "/address")).strip();
        ipIn(a, "neigh", "replace", ipB(), "lladdr", macB, "dev", vethA, "nud", "permanent");
        ipIn(b, "neigh", "replace", ipA(), "lladdr", macA, "dev", vethB, "nud", "permanent");
        ipIn(a, "-6", "neigh", "replace", ip6B(), "lladdr", macB, "dev", vethA, "nud", "permanent");
        ipIn(b, "-6", "neigh", "replace", ip6A(), "lladdr", macA, "dev", vethB, "nud", "permanent");
    }

    public String a() { return a; }
    public String b() { return b; }
    public String vethA() { return vethA; }
    public String vethB() { return vethB; }
    public String ipA() { return "169.254." + subnet + ".1"; }
    public String ipB() { return "169.254." + subnet + ".2"; }
    public String ip6A() { return "fd00:" + Integer.toHexString(subnet) + "::1"; }
    public String ip6B() { return "fd00:" + Integer.toHexString(subnet) + "::2"; }
    public String macA() { return macA; }
    public String macB() { return macB; }

    /** The exec prefix that runs the port program inside namespace {@code ns}. */
    public String execIn(String ns) {
        return Tools.assumeTool("ip") + " netns exec " + ns;
    }

    /** Runs {@code argv} inside namespace {@code ns}; fails unless it exits 0. */
    public String runIn(String ns, String... argv) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(argv));
        return Tools.check(cmd);
    }

    /**
     * Sends {@code count} UDP datagrams of {@code size} payload bytes from namespace
     * {@code from} to {@code dst}:{@code port}, paced (a short pause every 200) and bounded.
     * Each payload starts with the datagram's sequence number (4 bytes, big-endian).
     */
    public void sendUdp(String from, String dst, int port, int count, int size) {
        Path py = Tools.assumePython();
        String family = dst.contains(":") ? "AF_INET6" : "AF_INET";
        String script = String.join("\n",
                "import socket, struct, sys, time",
                "n, size = int(sys.argv[3]), int(sys.argv[4])",
                "s = socket.socket(socket.AF_INET6 if sys.argv[5] == 'AF_INET6' else socket.AF_INET, socket.SOCK_DGRAM)",
                "pad = bytes(max(0, size - 4))",
                "for i in range(n):",
                "    s.sendto(struct.pack('>I', i)[:size] + pad, (sys.argv[1], int(sys.argv[2])))",
                "    if i % 200 == 199: time.sleep(0.002)",
                "");
        Tools.Result r = Tools.run(java.time.Duration.ofSeconds(60), List.of("ip", "netns", "exec", from,
                py.toString(), "-c", script, dst, Integer.toString(port), Integer.toString(count),
                Integer.toString(size), family));
        if (r.status() != 0) throw new AssertionError("UDP sender failed: " + r.err());
    }

    private static void ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Tools.check(cmd);
    }

    private static void ipIn(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        Tools.check(cmd);
    }

    /** Deletes both namespaces (which deletes the veth pair). */
    @Override
    public void close() {
        Tools.run(List.of("ip", "netns", "del", a));
        Tools.run(List.of("ip", "netns", "del", b));
    }
}
