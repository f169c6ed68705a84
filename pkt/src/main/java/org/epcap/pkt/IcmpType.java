package org.epcap.pkt;

/**
 * Names of ICMP (IPv4) message types, in tcpdump's style: lower case words as tcpdump prints
 * them after {@code ICMP} ({@code "echo request"}, {@code "time exceeded"}). Numbers without a
 * name print as {@code "type-N"}.
 *
 * <pre>{@code
 * IcmpType.name(8);               // "echo request"
 * IcmpType.ECHO_REQUEST;          // 8
 * }</pre>
 */
public final class IcmpType {
    public static final int ECHO_REPLY = 0;
    public static final int DESTINATION_UNREACHABLE = 3;
    public static final int SOURCE_QUENCH = 4;
    public static final int REDIRECT = 5;
    public static final int ECHO_REQUEST = 8;
    public static final int ROUTER_ADVERTISEMENT = 9;
    public static final int ROUTER_SOLICITATION = 10;
    public static final int TIME_EXCEEDED = 11;
    public static final int PARAMETER_PROBLEM = 12;
    public static final int TIMESTAMP_REQUEST = 13;
    public static final int TIMESTAMP_REPLY = 14;
    public static final int INFORMATION_REQUEST = 15;
    public static final int INFORMATION_REPLY = 16;
    public static final int ADDRESS_MASK_REQUEST = 17;
    public static final int ADDRESS_MASK_REPLY = 18;

    private static final String[] NAMES = {
        "echo reply", null, null, "destination unreachable", "source quench", "redirect", null,
        null, "echo request", "router advertisement", "router solicitation", "time exceeded",
        "parameter problem", "time stamp request", "time stamp reply", "information request",
        "information reply", "address mask request", "address mask reply",
    };

    private IcmpType() {
    }

    /** The name of {@code type}, or {@code "type-N"}. */
    public static String name(int type) {
        String n = type >= 0 && type < NAMES.length ? NAMES[type] : null;
        return n != null ? n : "type-" + type;
    }
}
