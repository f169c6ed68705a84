package org.epcap.pkt;

/**
 * An allocation-free decoder for the common stack — Ethernet, up to two VLAN tags, IPv4 or IPv6
 * (extension headers skipped), TCP, UDP, ICMP/ICMPv6 type and code — for hot loops. One instance
 * is reused packet after packet: {@link #decode} overwrites its primitive fields and returns a
 * bitmask of the layers it found; the getters read the last packet. Nothing is created per
 * packet (the idea of gopacket's DecodingLayerParser). Not thread-safe: one per thread.
 *
 * <pre>{@code
 * FastDecoder d = new FastDecoder();
 * for (byte[] frame : frames) {
 *     int layers = d.decode(frame, 0, frame.length);
 *     if ((layers & FastDecoder.TCP) != 0 && d.destinationPort() == 443) count++;
 * }
 * }</pre>
 *
 * <p>It stops quietly at the first header it does not know or that does not fit: the bitmask
 * says how far it got and {@link #truncated()} whether the bytes ran out. For everything else
 * (other protocols, options, exact re-encoding) use {@link Pkt#decode}.
 */
public final class FastDecoder {
    public static final int ETHER = 1;
    public static final int VLAN = 1 << 1;
    public static final int IPV4 = 1 << 2;
    public static final int IPV6 = 1 << 3;
    public static final int TCP = 1 << 4;
    public static final int UDP = 1 << 5;
    public static final int ICMP = 1 << 6;
    public static final int ICMP6 = 1 << 7;
    /** An IPv4 or IPv6 fragment other than the first: no transport header in it. */
    public static final int FRAGMENT = 1 << 8;

    private static final int MAX_VLANS = 2;
    private static final int MAX_IPV6_EXTENSIONS = 8;

    private int layers;
    private boolean truncated;
    private long etherDestination;
    private long etherSource;
    private int etherType;
    private int vlanCount;
    private final int[] vlanIds = new int[MAX_VLANS];
    private final int[] vlanPriorities = new int[MAX_VLANS];
    private int ipOffset;
    private int ipProtocol;
    private int ttl;
    private int ipLength;
    private int ipv4Source;
    private int ipv4Destination;
    private long ipv6SourceHigh;
    private long ipv6SourceLow;
    private long ipv6DestinationHigh;
    private long ipv6DestinationLow;
    private int transportOffset;
    private int sourcePort;
    private int destinationPort;
    private long sequenceNumber;
    private long acknowledgementNumber;
    private int tcpFlags;
    private int window;
    private int udpLength;
    private int icmpType;
    private int icmpCode;
    private int payloadOffset;
    private int payloadLength;

    /** Decodes an Ethernet frame in {@code buf[off, off+len)}; returns the layers found. */
    public int decode(byte[] buf, int off, int len) {
        reset(off);
        int end = off + len;
        if (off < 0 || len < 0 || end > buf.length || end < off) {
            truncated = true;
            return layers;
        }
        if (len < 14) {
            truncated = true;
            return layers;
        }
        etherDestination = u48(buf, off);
        etherSource = u48(buf, off + 6);
        int type = u16(buf, off + 12);
        int p = off + 14;
        layers = ETHER;
        while ((type == EtherType.VLAN || type == EtherType.QINQ || type == EtherType.QINQ_OLD)
                && vlanCount < MAX_VLANS) {
            if (end - p < 4) {
                truncated = true;
                return finish(p, end, type);
            }
            int tci = u16(buf, p);
            vlanIds[vlanCount] = tci & 0xfff;
            vlanPriorities[vlanCount] = tci >>> 13;
            vlanCount++;
            layers |= VLAN;
            type = u16(buf, p + 2);
            p += 4;
        }
        return network(buf, p, end, type);
    }

    /** Decodes a raw IP packet (DLT_RAW, IPV4, IPV6: the version nibble decides). */
    public int decodeRawIp(byte[] buf, int off, int len) {
        reset(off);
        int end = off + len;
        if (off < 0 || len < 1 || end > buf.length || end < off) {
            truncated = true;
            return layers;
        }
        int v = (buf[off] & 0xff) >>> 4;
        return network(buf, off, end, v == 4 ? EtherType.IPV4 : v == 6 ? EtherType.IPV6 : 0);
    }

    private void reset(int off) {
        layers = 0;
        truncated = false;
        etherType = 0;
        vlanCount = 0;
        ipOffset = -1;
        ipProtocol = -1;
        transportOffset = -1;
        payloadOffset = off;
        payloadLength = 0;
    }

    private int network(byte[] buf, int p, int end, int type) {
        etherType = type;
        if (type == EtherType.IPV4) {
            if (end - p < 20 || (buf[p] & 0xf0) != 0x40) {
                truncated = end - p < 20;
                return finish(p, end, type);
            }
            int hl = (buf[p] & 0xf) << 2;
            if (hl < 20 || end - p < hl) {
                truncated = end - p < hl;
                return finish(p, end, type);
            }
            ipOffset = p;
            ipLength = u16(buf, p + 2);
            ttl = buf[p + 8] & 0xff;
            ipProtocol = buf[p + 9] & 0xff;
            ipv4Source = u32(buf, p + 12);
            ipv4Destination = u32(buf, p + 16);
            layers |= IPV4;
            if (ipLength >= hl) {
                if (p + ipLength <= end) {
                    end = p + ipLength;
                } else {
                    truncated = true;
                }
            }
            if ((u16(buf, p + 6) & 0x1fff) != 0) {
                layers |= FRAGMENT;
                return finish(p + hl, end, type);
            }
            return extensions(buf, p + hl, end, ipProtocol, false);
        }
        if (type == EtherType.IPV6) {
            if (end - p < 40 || (buf[p] & 0xf0) != 0x60) {
                truncated = end - p < 40;
                return finish(p, end, type);
            }
            ipOffset = p;
            ipLength = u16(buf, p + 4);
            int next = buf[p + 6] & 0xff;
            ttl = buf[p + 7] & 0xff;
            ipv6SourceHigh = u64(buf, p + 8);
            ipv6SourceLow = u64(buf, p + 16);
            ipv6DestinationHigh = u64(buf, p + 24);
            ipv6DestinationLow = u64(buf, p + 32);
            layers |= IPV6;
            if (ipLength != 0) {
                if (p + 40 + ipLength <= end) {
                    end = p + 40 + ipLength;
                } else {
                    truncated = true;
                }
            }
            return extensions(buf, p + 40, end, next, true);
        }
        return finish(p, end, type);
    }

    /** Skips IPv6 extension headers (and AH, after IPv4 too) to reach the transport header. */
    private int extensions(byte[] buf, int q, int end, int next, boolean v6) {
        for (int i = 0; i < MAX_IPV6_EXTENSIONS; i++) {
            int extLength;
            if (v6 && (next == IpProtocol.HOPOPTS || next == IpProtocol.ROUTING || next == IpProtocol.DSTOPTS)) {
                if (end - q < 8) {
                    return stopInside(q, end, next);
                }
                extLength = ((buf[q + 1] & 0xff) + 1) << 3;
            } else if (v6 && next == IpProtocol.FRAGMENT) {
                if (end - q < 8) {
                    return stopInside(q, end, next);
                }
                if ((u16(buf, q + 2) & 0xfff8) != 0) {
                    layers |= FRAGMENT;
                    ipProtocol = buf[q] & 0xff;
                    return finish(q + 8, end, etherType);
                }
                extLength = 8;
            } else if (next == IpProtocol.AH) {
                if (end - q < 12) {
                    return stopInside(q, end, next);
                }
                extLength = ((buf[q + 1] & 0xff) + 2) << 2;
            } else {
                break;
            }
            if (end - q < extLength) {
                return stopInside(q, end, next);
            }
            next = buf[q] & 0xff;
            q += extLength;
        }
        ipProtocol = next;
        return transport(buf, q, end, next);
    }

    private int stopInside(int q, int end, int next) {
        truncated = true;
        ipProtocol = next;
        return finish(q, end, etherType);
    }

    private int transport(byte[] buf, int p, int end, int protocol) {
        transportOffset = p;
        int have = end - p;
        switch (protocol) {
            case IpProtocol.TCP -> {
                if (have < 20) {
                    truncated = true;
                    return finish(p, end, etherType);
                }
                int word = u16(buf, p + 12);
                int hl = (word >>> 12) << 2;
                if (hl < 20 || have < hl) {
                    truncated = have < hl;
                    return finish(p, end, etherType);
                }
                sourcePort = u16(buf, p);
                destinationPort = u16(buf, p + 2);
                sequenceNumber = u32(buf, p + 4) & 0xffff_ffffL;
                acknowledgementNumber = u32(buf, p + 8) & 0xffff_ffffL;
                tcpFlags = word & 0xfff;
                window = u16(buf, p + 14);
                layers |= TCP;
                return finish(p + hl, end, etherType);
            }
            case IpProtocol.UDP -> {
                if (have < 8) {
                    truncated = true;
                    return finish(p, end, etherType);
                }
                sourcePort = u16(buf, p);
                destinationPort = u16(buf, p + 2);
                udpLength = u16(buf, p + 4);
                layers |= UDP;
                return finish(p + 8, end, etherType);
            }
            case IpProtocol.ICMP, IpProtocol.ICMPV6 -> {
                if (have < 4) {
                    truncated = true;
                    return finish(p, end, etherType);
                }
                icmpType = buf[p] & 0xff;
                icmpCode = buf[p + 1] & 0xff;
                layers |= protocol == IpProtocol.ICMP ? ICMP : ICMP6;
                return finish(p + Math.min(have, 8), end, etherType);
            }
            default -> {
                return finish(p, end, etherType);
            }
        }
    }

    private int finish(int p, int end, int type) {
        etherType = type;
        payloadOffset = p;
        payloadLength = Math.max(0, end - p);
        return layers;
    }

    private static int u16(byte[] b, int o) {
        return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
    }

    private static int u32(byte[] b, int o) {
        return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }

    private static long u48(byte[] b, int o) {
        return ((long) u16(b, o) << 32) | (u32(b, o + 2) & 0xffff_ffffL);
    }

    private static long u64(byte[] b, int o) {
        return ((long) u32(b, o) << 32) | (u32(b, o + 4) & 0xffff_ffffL);
    }

    /** The bitmask the last {@link #decode} returned. */
    public int layers() {
        return layers;
    }

    public boolean has(int layer) {
        return (layers & layer) != 0;
    }

    /** True when the last packet ended inside a header, or before an IP length said it would. */
    public boolean truncated() {
        return truncated;
    }

    public long etherDestination() {
        return etherDestination;
    }

    public long etherSource() {
        return etherSource;
    }

    /** The ether type after the VLAN tags (of the network layer). */
    public int etherType() {
        return etherType;
    }

    public int vlanCount() {
        return vlanCount;
    }

    /** The VLAN id of tag {@code i}, outermost first. */
    public int vlanId(int i) {
        if (i >= vlanCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return vlanIds[i];
    }

    public int vlanPriority(int i) {
        if (i >= vlanCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return vlanPriorities[i];
    }

    /** Where the IP header starts, or -1. */
    public int ipOffset() {
        return ipOffset;
    }

    /** The transport protocol: IPv4 protocol or the last IPv6 next header; -1 without IP. */
    public int ipProtocol() {
        return ipProtocol;
    }

    /** IPv4 TTL or IPv6 hop limit. */
    public int ttl() {
        return ttl;
    }

    /** IPv4 total length or IPv6 payload length, as carried. */
    public int ipLength() {
        return ipLength;
    }

    public int ipv4Source() {
        return ipv4Source;
    }

    public int ipv4Destination() {
        return ipv4Destination;
    }

    public long ipv6SourceHigh() {
        return ipv6SourceHigh;
    }

    public long ipv6SourceLow() {
        return ipv6SourceLow;
    }

    public long ipv6DestinationHigh() {
        return ipv6DestinationHigh;
    }

    public long ipv6DestinationLow() {
        return ipv6DestinationLow;
    }

    /** Where the transport header starts, or -1. */
    public int transportOffset() {
        return transportOffset;
    }

    /** TCP or UDP source port. */
    public int sourcePort() {
        return sourcePort;
    }

    public int destinationPort() {
        return destinationPort;
    }

    public long sequenceNumber() {
        return sequenceNumber;
    }

    public long acknowledgementNumber() {
        return acknowledgementNumber;
    }

    /** The low 12 bits of TCP's offset/flags word (see {@link TcpFlag}). */
    public int tcpFlags() {
        return tcpFlags;
    }

    public int window() {
        return window;
    }

    public int udpLength() {
        return udpLength;
    }

    public int icmpType() {
        return icmpType;
    }

    public int icmpCode() {
        return icmpCode;
    }

    /** Where the bytes after the last decoded header start. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** How many payload bytes there are, up to the IP length's end (padding excluded). */
    public int payloadLength() {
        return payloadLength;
    }
}
