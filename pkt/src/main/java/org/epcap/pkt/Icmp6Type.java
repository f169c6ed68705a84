package org.epcap.pkt;

/**
 * Names of ICMPv6 message types in tcpdump's style, as it prints them after {@code ICMP6,}
 * ({@code "echo request"}, {@code "neighbor solicitation"}); numbers without a name print as
 * {@code "type-N"}.
 *
 * <pre>{@code
 * Icmp6Type.name(135);   // "neighbor solicitation"
 * }</pre>
 */
public final class Icmp6Type {
    public static final int DESTINATION_UNREACHABLE = 1;
    public static final int PACKET_TOO_BIG = 2;
    public static final int TIME_EXCEEDED = 3;
    public static final int PARAMETER_PROBLEM = 4;
    public static final int ECHO_REQUEST = 128;
    public static final int ECHO_REPLY = 129;
    public static final int MULTICAST_LISTENER_QUERY = 130;
    public static final int MULTICAST_LISTENER_REPORT = 131;
    public static final int MULTICAST_LISTENER_DONE = 132;
    public static final int ROUTER_SOLICITATION = 133;
    public static final int ROUTER_ADVERTISEMENT = 134;
    public static final int NEIGHBOR_SOLICITATION = 135;
    public static final int NEIGHBOR_ADVERTISEMENT = 136;
    public static final int REDIRECT = 137;
    public static final int MULTICAST_LISTENER_REPORT_V2 = 143;

    private Icmp6Type() {
    }

    /** The name of {@code type}, or {@code "type-N"}. */
    public static String name(int type) {
        return switch (type) {
            case DESTINATION_UNREACHABLE -> "destination unreachable";
            case PACKET_TOO_BIG -> "packet too big";
            case TIME_EXCEEDED -> "time exceeded";
            case PARAMETER_PROBLEM -> "parameter problem";
            case ECHO_REQUEST -> "echo request";
            case ECHO_REPLY -> "echo reply";
            case MULTICAST_LISTENER_QUERY -> "multicast listener query";
            case MULTICAST_LISTENER_REPORT -> "multicast listener report";
            case MULTICAST_LISTENER_DONE -> "multicast listener done";
            case ROUTER_SOLICITATION -> "router solicitation";
            case ROUTER_ADVERTISEMENT -> "router advertisement";
            case NEIGHBOR_SOLICITATION -> "neighbor solicitation";
            case NEIGHBOR_ADVERTISEMENT -> "neighbor advertisement";
            case REDIRECT -> "redirect";
            case MULTICAST_LISTENER_REPORT_V2 -> "multicast listener report v2";
            default -> "type-" + type;
        };
    }
}
