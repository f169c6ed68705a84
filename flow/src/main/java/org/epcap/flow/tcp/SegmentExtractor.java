package org.epcap.flow.tcp;

import java.util.List;
import org.epcap.flow.LinkLayer;
import org.epcap.pkt.Decoded;
import org.epcap.pkt.FastDecoder;
import org.epcap.pkt.Header;
import org.epcap.pkt.Ipv4;
import org.epcap.pkt.Ipv6;
import org.epcap.pkt.Ipv6Fragment;
import org.epcap.pkt.Pkt;
import org.epcap.pkt.Tcp;

/**
 * Finds the TCP segment of a captured frame with the codec: Ethernet, raw IP, BSD loopback and
 * Linux cooked frames through the allocation-free {@link FastDecoder} (as the flow table reads
 * them), anything else (other link types, more VLAN tags, MPLS, tunnels) through
 * {@link Pkt#decode}, whatever it decodes after TCP, where the IP header before the TCP header gives
 * the addresses and the segment's length on the wire. One instance is reused frame after frame;
 * its getters describe the last frame that gave {@link #SEGMENT}.
 */
final class SegmentExtractor {
    static final int NONE = 0;
    static final int SEGMENT = 1;
    static final int FRAGMENT = 2;

    // The connection's key fields, endpoint A first (as ConnectionKey orders them): kept as
    // fields, not a ConnectionKey, so that a segment of a known connection allocates nothing.
    private boolean v6;
    private long aHigh;
    private long aLow;
    private int aPort;
    private long bHigh;
    private long bLow;
    private int bPort;
    private boolean fromA;
    private int flags;
    private long seq;
    private long ack;
    private int payloadOffset;
    private int capturedLength;
    private int segmentLength;

    private final FastDecoder fast = new FastDecoder();

    int extract(int dataLinkType, byte[] frame, int offset, int length) {
        // Every link type the flow table reads quickly (Ethernet, raw IP, BSD loopback, Linux
        // cooked), the same way; the codec for the rest (tunnels, VLAN stacks, other links).
        int layers = LinkLayer.decode(fast, dataLinkType, frame, offset, length);
        if ((layers & FastDecoder.TCP) != 0) {
            return fromFastDecoder(fast, layers);
        }
        return fromCodec(dataLinkType, frame, offset, length);
    }

    /** Reads the segment {@code fast} decoded ({@code layers} include TCP); gives {@link #SEGMENT}. */
    int fromFastDecoder(FastDecoder fast, int layers) {
        boolean v6 = (layers & FastDecoder.IPV6) != 0;
        long srcHigh = v6 ? fast.ipv6SourceHigh() : 0;
        long srcLow = v6 ? fast.ipv6SourceLow() : fast.ipv4Source() & 0xffff_ffffL;
        long dstHigh = v6 ? fast.ipv6DestinationHigh() : 0;
        long dstLow = v6 ? fast.ipv6DestinationLow() : fast.ipv4Destination() & 0xffff_ffffL;
        setKey(v6, srcHigh, srcLow, fast.sourcePort(), dstHigh, dstLow, fast.destinationPort());
        flags = fast.tcpFlags() & 0x1ff;
        seq = fast.sequenceNumber();
        ack = fast.acknowledgementNumber();
        payloadOffset = fast.payloadOffset();
        capturedLength = fast.payloadLength();
        int ipLength = fast.ipLength();
        long ipEnd = v6 ? (ipLength == 0 ? -1 : (long) fast.ipOffset() + 40 + ipLength)
                : (ipLength == 0 ? -1 : (long) fast.ipOffset() + ipLength);
        long onWire = ipEnd < 0 ? capturedLength : ipEnd - payloadOffset;
        segmentLength = (int) Math.max(capturedLength, Math.min(onWire, 0xffff));
        return SEGMENT;
    }

    private int fromCodec(int dataLinkType, byte[] frame, int offset, int length) {
        Decoded d;
        try {
            d = Pkt.decode(dataLinkType, frame, offset, length);
        } catch (RuntimeException e) {
            // An unknown link type (UnsupportedDataLinkException): not a frame we can read.
            return NONE;
        }
        List<Header> headers = d.headers();
        int tcpIndex = -1;
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i) instanceof Tcp) {
                tcpIndex = i;
                break;
            }
        }
        if (tcpIndex < 0) {
            return NONE;
        }
        int ipIndex = -1;
        for (int i = tcpIndex - 1; i >= 0; i--) {
            Header h = headers.get(i);
            if (h instanceof Ipv6Fragment) {
                return FRAGMENT;
            }
            if (h instanceof Ipv4 || h instanceof Ipv6) {
                ipIndex = i;
                break;
            }
        }
        if (ipIndex < 0) {
            return NONE;
        }
        int ipOffset = offset;
        for (int i = 0; i < ipIndex; i++) {
            ipOffset += headers.get(i).encodedLength();
        }
        Header ip = headers.get(ipIndex);
        int ipEnd;
        if (ip instanceof Ipv4 v4) {
            if (v4.moreFragments() || v4.fragmentOffset() != 0) {
                return FRAGMENT;
            }
            ipEnd = v4.totalLength() == 0 ? Integer.MAX_VALUE : ipOffset + v4.totalLength();
        } else {
            Ipv6 v6 = (Ipv6) ip;
            ipEnd = v6.payloadLength() == 0 ? Integer.MAX_VALUE : ipOffset + 40 + v6.payloadLength();
        }
        Tcp tcp = (Tcp) headers.get(tcpIndex);
        if (ip instanceof Ipv4 v4) {
            setKey(false, 0, v4.sourceAddress().value() & 0xffff_ffffL, tcp.sourcePort(),
                    0, v4.destinationAddress().value() & 0xffff_ffffL, tcp.destinationPort());
        } else {
            Ipv6 v6 = (Ipv6) ip;
            setKey(true, v6.sourceAddress().high(), v6.sourceAddress().low(), tcp.sourcePort(),
                    v6.destinationAddress().high(), v6.destinationAddress().low(), tcp.destinationPort());
        }
        flags = tcp.flagBits() & 0x1ff;
        seq = tcp.sequenceNumber();
        ack = tcp.acknowledgementNumber();
        if (tcpIndex == headers.size() - 1) {
            payloadOffset = d.offset();
            capturedLength = d.payload().length();
        } else {
            // The codec went on past TCP (TLS, HTTP, ...): the segment's data starts after the TCP
            // header and ends where the IP packet or the capture does.
            int tcpOffset = ipOffset;
            for (int i = ipIndex; i < tcpIndex; i++) {
                tcpOffset += headers.get(i).encodedLength();
            }
            payloadOffset = tcpOffset + tcp.encodedLength();
            long end = Math.min((long) offset + length, ipEnd);
            capturedLength = (int) Math.max(0, end - payloadOffset);
        }
        long onWire = ipEnd == Integer.MAX_VALUE ? capturedLength : (long) ipEnd - payloadOffset;
        segmentLength = (int) Math.max(capturedLength, Math.min(onWire, 0xffff));
        return SEGMENT;
    }

    private void setKey(boolean ipv6, long srcHigh, long srcLow, int srcPort, long dstHigh, long dstLow, int dstPort) {
        v6 = ipv6;
        fromA = ConnectionKey.lower(srcHigh, srcLow, srcPort, dstHigh, dstLow, dstPort);
        aHigh = fromA ? srcHigh : dstHigh;
        aLow = fromA ? srcLow : dstLow;
        aPort = fromA ? srcPort : dstPort;
        bHigh = fromA ? dstHigh : srcHigh;
        bLow = fromA ? dstLow : srcLow;
        bPort = fromA ? dstPort : srcPort;
    }

    boolean ipv6() {
        return v6;
    }

    long aHigh() {
        return aHigh;
    }

    long aLow() {
        return aLow;
    }

    int aPort() {
        return aPort;
    }

    long bHigh() {
        return bHigh;
    }

    long bLow() {
        return bLow;
    }

    int bPort() {
        return bPort;
    }

    boolean fromA() {
        return fromA;
    }

    int flags() {
        return flags;
    }

    long seq() {
        return seq;
    }

    long ack() {
        return ack;
    }

    int payloadOffset() {
        return payloadOffset;
    }

    int capturedLength() {
        return capturedLength;
    }

    int segmentLength() {
        return segmentLength;
    }
}
