package org.epcap.kafka.json;

import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.epcap.pkt.Ip4Address;
import org.epcap.pkt.Ip6Address;

/**
 * How values are spelt in the JSON records, by ECS's conventions: times as ISO 8601 in UTC with
 * nanoseconds, addresses in their canonical text (RFC 5952 for IPv6), transports by their IANA
 * keyword in lower case, and the IANA protocol number as a string (ECS types
 * {@code network.iana_number} as a keyword).
 *
 * <pre>{@code
 * EcsValues.timestamp(1_700_000_000_123_456_789L);   // "2023-11-14T22:13:20.123456789Z"
 * EcsValues.transport(58);                            // "ipv6-icmp"
 * }</pre>
 */
public final class EcsValues {
    /** Always nine fraction digits: every record sorts and parses the same, and nothing is lost. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private EcsValues() {
    }

    /** Nanoseconds since the epoch as ISO 8601 UTC with nine fraction digits. */
    public static String timestamp(long nanos) {
        return TIME.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L)));
    }

    /** An address's text: dotted quad, or RFC 5952's compressed IPv6 form (as tshark prints it). */
    public static String ip(InetAddress address) {
        return ip(address.getAddress());
    }

    /** The text of a 4- or 16-byte address. */
    public static String ip(byte[] address) {
        return address.length == 4 ? Ip4Address.read(address, 0).toString() : Ip6Address.read(address, 0).toString();
    }

    /**
     * The IANA keyword of an IP protocol in lower case, as ECS's {@code network.transport} wants
     * ({@code tcp}, {@code udp}, {@code icmp}, {@code ipv6-icmp}, …), or null for a protocol
     * without one here (the record then has {@code network.iana_number} only).
     */
    public static String transport(int protocol) {
        return switch (protocol) {
            case 1 -> "icmp";
            case 2 -> "igmp";
            case 4 -> "ipv4";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 33 -> "dccp";
            case 41 -> "ipv6";
            case 47 -> "gre";
            case 50 -> "esp";
            case 51 -> "ah";
            case 58 -> "ipv6-icmp";
            case 88 -> "eigrp";
            case 89 -> "ospfigp";
            case 103 -> "pim";
            case 112 -> "vrrp";
            case 115 -> "l2tp";
            case 132 -> "sctp";
            case 136 -> "udplite";
            default -> null;
        };
    }

    /** True for the protocols whose flows have ports (as Community ID counts them): TCP, UDP, SCTP. */
    public static boolean hasPorts(int protocol) {
        return protocol == 6 || protocol == 17 || protocol == 132;
    }
}
