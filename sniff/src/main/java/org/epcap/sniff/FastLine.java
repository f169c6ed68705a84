package org.epcap.sniff;

import org.epcap.pkt.DataLinkType;
import org.epcap.pkt.FastDecoder;

/**
 * The one-line output of the commonest packets, Ethernet (VLAN tags allowed) / IPv4 / UDP or
 * TCP without options, from the codec's allocation-free {@link FastDecoder}: the same text as
 * {@link ProtocolLine} gives through {@code Pkt.decode}, without a header record, list or
 * String per packet (they were a third of the one-line output's time). Anything else, or any
 * doubt (truncated, a fragment, TCP options, UDP on a port whose protocol tcpdump names:
 * {@link ApplicationLine#namesUdp}), is left to the full path.
 */
final class FastLine {
    private final FastDecoder d = new FastDecoder();
    private final RelativeSequences sequences;

    /** @param sequences tcpdump's relative sequence numbers, or null for absolute ones (-S) */
    FastLine(RelativeSequences sequences) {
        this.sequences = sequences;
    }

    /** Appends the protocol part for the packet and returns true, or appends nothing and returns false. */
    boolean append(StringBuilder sb, int dataLinkType, byte[] buf, int off, int caplen, boolean quiet) {
        if (dataLinkType != DataLinkType.EN10MB) {
            return false;
        }
        int layers = d.decode(buf, off, caplen);
        if (d.truncated() || (layers & FastDecoder.IPV4) == 0 || (layers & FastDecoder.FRAGMENT) != 0) {
            return false;
        }
        int ipHeader = d.transportOffset() - d.ipOffset();
        long declared = Math.max(0, d.ipLength() - ipHeader);
        if ((layers & FastDecoder.UDP) != 0) {
            if (declared < 8 || (!quiet && ApplicationLine.namesUdp(d.sourcePort(), d.destinationPort()))) {
                return false;
            }
            addresses(sb);
            sb.append("UDP, length ").append(Math.max(0, d.udpLength() - 8));
            return true;
        }
        if ((layers & FastDecoder.TCP) != 0) {
            if (d.payloadOffset() - d.transportOffset() != 20 || declared < 20
                    || (declared > 20 && ProtocolLine.isDnsOverTcp(d.sourcePort(), d.destinationPort()))) {
                return false; // options, DNS: the full path writes tcpdump's summary of them
            }
            long len = declared - 20;
            addresses(sb);
            if (quiet) {
                sb.append("tcp ").append(len);
            } else {
                long seq = d.sequenceNumber();
                long ack = d.acknowledgementNumber();
                if (sequences != null) {
                    sequences.ipv4(d.ipv4Source(), d.ipv4Destination(), d.sourcePort(), d.destinationPort(),
                            d.tcpFlags(), seq, ack);
                    seq = sequences.seq();
                    ack = sequences.ack();
                }
                ProtocolLine.tcpSummary(sb, d.tcpFlags(), seq, ack, d.window(), urgentPointer(buf), len);
                sb.append(", length ").append(len);
                if (len > 0 && HttpLine.isHttpPort(d.sourcePort(), d.destinationPort())) {
                    int captured = (int) Math.min(len, d.payloadLength());
                    HttpLine.append(sb, buf, d.payloadOffset(), captured, len);
                }
            }
            return true;
        }
        return false;
    }

    private int urgentPointer(byte[] buf) {
        int p = d.transportOffset() + 18;
        return (buf[p] & 0xff) << 8 | (buf[p + 1] & 0xff);
    }

    private void addresses(StringBuilder sb) {
        sb.append("IP ");
        ip(sb, d.ipv4Source()).append('.').append(d.sourcePort()).append(" > ");
        ip(sb, d.ipv4Destination()).append('.').append(d.destinationPort()).append(": ");
    }

    private static StringBuilder ip(StringBuilder sb, int v) {
        return sb.append(v >>> 24).append('.').append(v >>> 16 & 0xff).append('.').append(v >>> 8 & 0xff)
                .append('.').append(v & 0xff);
    }
}
