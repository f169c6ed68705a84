package org.epcap.sniff;

import org.epcap.pkt.Ntp;

/**
 * tcpdump's one-line summary of an NTP message (no {@code -v}): version, mode and the UDP
 * payload's length, {@code NTPv4, Client, length 48}, in tcpdump 4.99's words.
 */
final class NtpLine {
    private NtpLine() {
    }

    private static final String[] MODES = {"unspecified", "symmetric active", "symmetric passive", "Client",
        "Server", "Broadcast", "Control Message", "Reserved"};

    static void append(StringBuilder sb, Ntp ntp, long length) {
        sb.append("NTPv").append(ntp.version()).append(", ").append(MODES[ntp.mode()]).append(", length ")
                .append(length);
    }
}
