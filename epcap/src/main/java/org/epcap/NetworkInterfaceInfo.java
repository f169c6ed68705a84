package org.epcap;

import java.net.InetAddress;
import java.util.List;

/**
 * A device libpcap can capture on, as {@code pcap_findalldevs} reports it; from
 * {@link Epcap#interfaces()}.
 *
 * <pre>{@code
 * for (NetworkInterfaceInfo i : Epcap.interfaces()) System.out.println(i.name() + " " + i.addresses());
 * }</pre>
 *
 * <p>Threads: immutable; safe to share between threads.
 *
 * @param name        the name to pass to {@link Options.Builder#interfaceName(String)}
 * @param description libpcap's description, often empty on Linux
 * @param addresses   IPv4 and IPv6 addresses with their prefix lengths
 * @param flags       libpcap's {@code PCAP_IF_*} bits
 */
public record NetworkInterfaceInfo(String name, String description, List<Address> addresses, int flags) {
    /** {@code PCAP_IF_LOOPBACK}. */
    public static final int LOOPBACK = 0x1;
    /** {@code PCAP_IF_UP}. */
    public static final int UP = 0x2;
    /** {@code PCAP_IF_RUNNING}. */
    public static final int RUNNING = 0x4;
    /** {@code PCAP_IF_WIRELESS}. */
    public static final int WIRELESS = 0x8;

    public NetworkInterfaceInfo {
        addresses = List.copyOf(addresses);
    }

    public boolean isLoopback() {
        return (flags & LOOPBACK) != 0;
    }

    public boolean isUp() {
        return (flags & UP) != 0;
    }

    public boolean isRunning() {
        return (flags & RUNNING) != 0;
    }

    public boolean isWireless() {
        return (flags & WIRELESS) != 0;
    }

    /** An interface address and its network prefix length. */
    public record Address(InetAddress address, int prefixLength) {
        @Override
        public String toString() {
            return address.getHostAddress() + "/" + prefixLength;
        }
    }
}
