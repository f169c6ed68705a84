package org.epcap.flow;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Community ID v1 (corelight/community-id-spec): a flow's name that Zeek, Suricata, Wireshark
 * and this library agree on. SHA-1 over the seed, both addresses, the protocol, a zero byte and
 * both ports (or ICMP type and counter-type), with the smaller address:port first, in base64
 * behind {@code "1:"}.
 *
 * <pre>{@code
 * String id = CommunityId.v1(0, 6, Ip4Address.parse("10.0.0.1").toBytes(), 1234,
 *         Ip4Address.parse("127.0.0.1").toBytes(), 80);   // "1:..." either way round
 * }</pre>
 *
 * <p>The flow table orders its keys the same way ({@link #icmpCounterType}), so that one flow has
 * one ID; it computes the ID once per flow record, not per packet.
 */
public final class CommunityId {
    /** Protocols whose ports take part: TCP, UDP, SCTP. */
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int SCTP = 132;
    static final int ICMP = 1;
    static final int ICMPV6 = 58;

    private CommunityId() {
    }

    /**
     * The ID of a flow seen from one of its packets: {@code sourcePort} and {@code destinationPort}
     * are ports for TCP, UDP and SCTP, type and code for ICMP and ICMPv6, and ignored (pass -1)
     * for other protocols. Addresses are 4 or 16 bytes, both the same length.
     */
    public static String v1(int seed, int protocol, byte[] source, int sourcePort, byte[] destination,
                            int destinationPort) {
        if (source.length != destination.length || (source.length != 4 && source.length != 16)) {
            throw new IllegalArgumentException("addresses must be both IPv4 or both IPv6");
        }
        boolean ports = hasPorts(protocol) && sourcePort >= 0 && destinationPort >= 0;
        boolean oneWay = false;
        int sp = sourcePort;
        int dp = destinationPort;
        if (ports && (protocol == ICMP || protocol == ICMPV6)) {
            int counter = icmpCounterType(protocol, sourcePort);
            if (counter < 0) {
                oneWay = true;
            } else {
                dp = counter;
            }
        }
        boolean flip = !oneWay && !lessThan(source, sp, destination, dp, ports);
        return ports
                ? digest(seed, protocol, flip ? destination : source, flip ? dp : sp, flip ? source : destination,
                        flip ? sp : dp, true)
                : digest(seed, protocol, flip ? destination : source, 0, flip ? source : destination, 0, false);
    }

    /** True for the protocols whose ID includes ports or their ICMP equivalents. */
    public static boolean hasPorts(int protocol) {
        return protocol == TCP || protocol == UDP || protocol == SCTP || protocol == ICMP || protocol == ICMPV6;
    }

    /**
     * The reply type of an ICMP or ICMPv6 request type and the reverse (the pairs Zeek uses: echo,
     * timestamp, information, router solicitation/advertisement, address mask; for ICMPv6 echo,
     * MLD query/report, neighbour and router discovery, who-are-you, home agent discovery), or -1
     * for a type that is one-way.
     */
    public static int icmpCounterType(int protocol, int type) {
        if (protocol == ICMP) {
            return switch (type) {
                case 8 -> 0;
                case 0 -> 8;
                case 13 -> 14;
                case 14 -> 13;
                case 15 -> 16;
                case 16 -> 15;
                case 10 -> 9;
                case 9 -> 10;
                case 17 -> 18;
                case 18 -> 17;
                default -> -1;
            };
        }
        return switch (type) {
            case 128 -> 129;
            case 129 -> 128;
            case 130 -> 131;
            case 131 -> 130;
            case 133 -> 134;
            case 134 -> 133;
            case 135 -> 136;
            case 136 -> 135;
            case 139 -> 140;
            case 140 -> 139;
            case 144 -> 145;
            case 145 -> 144;
            default -> -1;
        };
    }

    private static boolean lessThan(byte[] a, int aPort, byte[] b, int bPort, boolean ports) {
        int c = java.util.Arrays.compareUnsigned(a, b);
        return c < 0 || (c == 0 && (!ports || aPort < bPort));
    }

    /**
     * The digest of a tuple already in order: {@code a} first. Ports are written only when
     * {@code ports}.
     */
    static String digest(int seed, int protocol, byte[] a, int aPort, byte[] b, int bPort, boolean ports) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
        sha1.update((byte) (seed >>> 8));
        sha1.update((byte) seed);
        sha1.update(a);
        sha1.update(b);
        sha1.update((byte) protocol);
        sha1.update((byte) 0);
        if (ports) {
            sha1.update(new byte[] {(byte) (aPort >>> 8), (byte) aPort, (byte) (bPort >>> 8), (byte) bPort});
        }
        return "1:" + Base64.getEncoder().encodeToString(sha1.digest());
    }
}
