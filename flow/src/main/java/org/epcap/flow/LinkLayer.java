package org.epcap.flow;

import org.epcap.pkt.DataLinkType;
import org.epcap.pkt.EtherType;
import org.epcap.pkt.FastDecoder;

/**
 * Runs a {@link FastDecoder} over a frame of any link type that carries IP directly: Ethernet
 * (with VLAN tags), raw IP, BSD loopback (NULL, LOOP) and Linux cooked (SLL, SLL2). Other link
 * types give no layers; the flow table counts them as not IP.
 */
public final class LinkLayer {
    private LinkLayer() {
    }

    /** Decodes {@code buf[off, off+len)} of link type {@code dlt} into {@code d}; returns its layers. */
    public static int decode(FastDecoder d, int dlt, byte[] buf, int off, int len) {
        switch (dlt) {
            case DataLinkType.EN10MB:
                return d.decode(buf, off, len);
            case DataLinkType.RAW, DataLinkType.RAW_OPENBSD, DataLinkType.LINKTYPE_RAW,
                    DataLinkType.IPV4, DataLinkType.IPV6:
                return d.decodeRawIp(buf, off, len);
            case DataLinkType.NULL, DataLinkType.LOOP:
                // The address family is in the capturing host's byte order (NULL) or network
                // order (LOOP); the IP version nibble after it decides, as for raw IP.
                if (len < 5 || !isIpFamily(buf, off)) {
                    return d.decodeRawIp(buf, off, 0);
                }
                return d.decodeRawIp(buf, off + 4, len - 4);
            case DataLinkType.LINUX_SLL:
                return cooked(d, buf, off, len, 14, 16);
            case DataLinkType.LINUX_SLL2:
                return cooked(d, buf, off, len, 0, 20);
            default:
                return d.decodeRawIp(buf, off, 0);
        }
    }

    private static int cooked(FastDecoder d, byte[] buf, int off, int len, int typeAt, int headerLength) {
        if (len <= headerLength) {
            return d.decodeRawIp(buf, off, 0);
        }
        int type = ((buf[off + typeAt] & 0xff) << 8) | (buf[off + typeAt + 1] & 0xff);
        if (type != EtherType.IPV4 && type != EtherType.IPV6) {
            return d.decodeRawIp(buf, off, 0);
        }
        return d.decodeRawIp(buf, off + headerLength, len - headerLength);
    }

    private static boolean isIpFamily(byte[] buf, int off) {
        int le = (buf[off] & 0xff) | ((buf[off + 1] & 0xff) << 8) | ((buf[off + 2] & 0xff) << 16)
                | ((buf[off + 3] & 0xff) << 24);
        int be = Integer.reverseBytes(le);
        return isIpFamily(le) || isIpFamily(be);
    }

    /** AF_INET (2) and the AF_INET6 values of the BSDs, Linux and macOS. */
    private static boolean isIpFamily(int family) {
        return family == 2 || family == 10 || family == 24 || family == 28 || family == 30;
    }
}
