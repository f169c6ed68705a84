package org.epcap.pkt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Walks a packet from its datalink type through the link, network and transport headers
 * ({@link #decode}, {@link #decapsulate}), and builds a packet from headers ({@link #encode}).
 *
 * <pre>{@code
 * Decoded d = Pkt.decode(DataLinkType.EN10MB, frame);        // never throws on bad input
 * for (Header h : d.headers()) System.out.println(h.layer() + " " + h.fields());
 *
 * Decoded ok = Pkt.decapsulate(frame);                        // Ethernet; throws DecodeException
 *
 * byte[] packet = Pkt.encode(List.of(ether, ipv4, udp), Bytes.of(data), true);   // lengths, checksums
 * }</pre>
 *
 * <p>Lengths: the IPv4 total length and the IPv6 payload length bound what follows, so the
 * Ethernet padding and any trailer land in {@link Decoded#trailer()}; a length larger than the
 * bytes captured marks the result {@link Decoded#truncated()} and decoding goes on with the bytes
 * there are. An IPv4 total length of 0 (TCP segmentation offload) or an IPv6 payload length of
 * 0 (jumbogram) means "up to the end of the capture". IPv4 and IPv6 fragments other than the
 * first are not decoded past the IP header. After MPLS the first nibble tells IPv4 from IPv6.
 */
public final class Pkt {
    private Pkt() {
    }

    /** Decodes an Ethernet frame, throwing on a malformed one (as Erlang pkt's {@code decapsulate/1}). */
    public static Decoded decapsulate(byte[] packet) {
        return decapsulate(DataLinkType.EN10MB, packet);
    }

    /**
     * Decodes all headers and the payload.
     *
     * @throws DecodeException (naming the protocol and offset) when a header is malformed or cut
     *                         short; {@link UnsupportedDataLinkException} for an unknown datalink
     */
    public static Decoded decapsulate(int dataLinkType, byte[] packet) {
        Decoded d = decode(dataLinkType, packet, 0, packet.length);
        if (d.error() != null) {
            throw d.error();
        }
        return d;
    }

    /** Decodes as far as the bytes allow; never throws on bad input. */
    public static Decoded decode(int dataLinkType, byte[] packet) {
        return decode(dataLinkType, packet, 0, packet.length);
    }

    /** Decodes {@code packet[offset, offset+length)} as far as the bytes allow; never throws on bad input. */
    public static Decoded decode(int dataLinkType, byte[] packet, int offset, int length) {
        if (offset < 0 || length < 0 || offset > packet.length - length) {
            throw new IndexOutOfBoundsException("range [" + offset + ", +" + length + ") of " + packet.length);
        }
        Walk w = new Walk(packet, offset, offset + length);
        w.run(dataLinkType);
        return w.result();
    }

    /** One packet's walk: the position, the logical end, the headers so far. */
    private static final class Walk {
        // what to decode next
        private static final int STOP = 0;
        private static final int ETHER = 1;
        private static final int ETHER_TYPE = 2;
        private static final int IP_PROTOCOL = 3;
        private static final int IP_GUESS = 4;

        private final byte[] b;
        private final int end;
        private int pos;
        private int limit;
        private boolean truncated;
        private DecodeException error;
        private final List<Header> headers = new ArrayList<>(4);
        private int ipVersion;
        private Header lastIp;

        Walk(byte[] b, int from, int end) {
            this.b = b;
            this.pos = from;
            this.end = end;
            this.limit = end;
        }

        Decoded result() {
            return new Decoded(Collections.unmodifiableList(headers), Bytes.view(b, pos, limit - pos),
                    Bytes.view(b, limit, end - limit), pos, error, truncated || (error != null && error.truncated()));
        }

        private void add(Header h) {
            headers.add(h);
            pos += h.encodedLength();
        }

        void run(int dataLinkType) {
            try {
                int next;
                int value;
                switch (dataLinkType) {
                    case DataLinkType.EN10MB -> {
                        next = ETHER;
                        value = 0;
                    }
                    case DataLinkType.NULL, DataLinkType.LOOP -> {
                        Null n = dataLinkType == DataLinkType.LOOP ? Null.decodeLoop(b, pos, limit)
                                : Null.decode(b, pos, limit);
                        add(n);
                        next = n.isIpv4() ? ETHER_TYPE : n.isIpv6() ? ETHER_TYPE : STOP;
                        value = n.isIpv4() ? EtherType.IPV4 : EtherType.IPV6;
                    }
                    case DataLinkType.LINUX_SLL -> {
                        LinuxCooked c = LinuxCooked.decode(b, pos, limit);
                        add(c);
                        next = ETHER_TYPE;
                        value = cookedProtocol(c.protocol());
                    }
                    case DataLinkType.LINUX_SLL2 -> {
                        LinuxCooked2 c = LinuxCooked2.decode(b, pos, limit);
                        add(c);
                        next = ETHER_TYPE;
                        value = cookedProtocol(c.protocol());
                    }
                    case DataLinkType.RAW, DataLinkType.RAW_OPENBSD, DataLinkType.LINKTYPE_RAW -> {
                        next = IP_GUESS;
                        value = 0;
                    }
                    case DataLinkType.IPV4 -> {
                        next = ETHER_TYPE;
                        value = EtherType.IPV4;
                    }
                    case DataLinkType.IPV6 -> {
                        next = ETHER_TYPE;
                        value = EtherType.IPV6;
                    }
                    default -> throw new UnsupportedDataLinkException(dataLinkType);
                }
                walk(next, value);
            } catch (DecodeException e) {
                error = e;
            }
        }

        /** SLL protocol 4 is 802.2 LLC; other small values are Linux pseudo protocols we stop at. */
        private static int cookedProtocol(int protocol) {
            return protocol == LinuxCooked.PROTOCOL_802_2 ? LLC_MARK : protocol;
        }

        /** An "ether type" that is not one: LLC follows directly (SLL protocol 4). */
        private static final int LLC_MARK = -1;

        private void walk(int next, int value) {
            while (next != STOP) {
                switch (next) {
                    case ETHER -> {
                        Ether e = Ether.decode(b, pos, limit);
                        add(e);
                        if (e.isLength()) {
                            // an 802.3 frame: the length bounds the LLC data, the rest is padding
                            if (pos + e.type() <= limit) {
                                limit = pos + e.type();
                            } else {
                                truncated = true;
                            }
                            value = LLC_MARK;
                        } else {
                            value = e.type();
                        }
                        next = ETHER_TYPE;
                    }
                    case ETHER_TYPE -> {
                        next = etherType(value);
                        value = nextValue;
                    }
                    case IP_PROTOCOL -> {
                        next = ipProtocol(value);
                        value = nextValue;
                    }
                    case IP_GUESS -> {
                        next = ipGuess();
                        value = nextValue;
                    }
                    default -> throw new IllegalStateException("step " + next);
                }
            }
        }

        /** The value that goes with the step a method returns: an ether type or IP protocol. */
        private int nextValue;

        private int ipGuess() {
            Wire.need("ip", b, pos, 1, limit);
            int version = (b[pos] & 0xff) >>> 4;
            if (version == 4 || version == 6) {
                nextValue = version == 4 ? EtherType.IPV4 : EtherType.IPV6;
                return ETHER_TYPE;
            }
            return STOP;
        }

        private int etherType(int type) {
            switch (type) {
                case EtherType.IPV4 -> {
                    Ipv4 ip = Ipv4.decode(b, pos, limit);
                    int start = pos;
                    add(ip);
                    ipVersion = 4;
                    lastIp = ip;
                    bound(Ipv4.LAYER, start, ip.totalLength(), ip.encodedLength());
                    if (ip.isLaterFragment()) {
                        return STOP;
                    }
                    nextValue = ip.protocol();
                    return IP_PROTOCOL;
                }
                case EtherType.IPV6 -> {
                    Ipv6 ip = Ipv6.decode(b, pos, limit);
                    int start = pos;
                    add(ip);
                    ipVersion = 6;
                    lastIp = ip;
                    if (ip.payloadLength() != 0) {
                        bound(Ipv6.LAYER, start, Ipv6.LENGTH + ip.payloadLength(), Ipv6.LENGTH);
                    }
                    nextValue = ip.nextHeader();
                    return IP_PROTOCOL;
                }
                case EtherType.ARP -> {
                    add(Arp.decode(b, pos, limit));
                    return STOP;
                }
                case EtherType.RARP -> {
                    add(Arp.decodeRarp(b, pos, limit));
                    return STOP;
                }
                case EtherType.VLAN, EtherType.QINQ, EtherType.QINQ_OLD -> {
                    Vlan v = Vlan.decode(b, pos, limit, type);
                    add(v);
                    nextValue = v.type() <= Ether.MAX_LENGTH_FIELD ? LLC_MARK : v.type();
                    return ETHER_TYPE;
                }
                case EtherType.MPLS, EtherType.MPLS_MULTICAST -> {
                    Mpls m;
                    do {
                        m = Mpls.decode(b, pos, limit);
                        add(m);
                    } while (!m.bottomOfStack());
                    return ipGuess();
                }
                case EtherType.LLDP -> {
                    add(Lldp.decode(b, pos, limit));
                    return STOP;
                }
                case EtherType.EAPOL -> {
                    add(Eapol.decode(b, pos, limit));
                    return STOP;
                }
                case EtherType.TRANSPARENT_ETHERNET_BRIDGING -> {
                    return ETHER;
                }
                case LLC_MARK -> {
                    Llc l = Llc.decode(b, pos, limit);
                    add(l);
                    if (l.snap() && l.oui() == 0 && l.pid() > Ether.MAX_LENGTH_FIELD) {
                        nextValue = l.pid();
                        return ETHER_TYPE;
                    }
                    return STOP;
                }
                default -> {
                    return STOP;
                }
            }
        }

        /**
         * Narrows the logical end to what an IP length announces: {@code length} bytes from
         * {@code start}, of which {@code headerLength} are the header.
         */
        private void bound(String layer, int start, int length, int headerLength) {
            if (length == 0 && layer.equals(Ipv4.LAYER)) {
                return; // segmentation offload: the length was never filled in
            }
            if (length < headerLength) {
                throw DecodeException.malformed(layer, start, "length " + length + " below the header's "
                        + headerLength);
            }
            if (start + length <= limit) {
                limit = start + length;
            } else {
                truncated = true;
            }
        }

        private int ipProtocol(int protocol) {
            switch (protocol) {
                case IpProtocol.TCP -> add(Tcp.decode(b, pos, limit));
                case IpProtocol.UDP -> add(Udp.decode(b, pos, limit));
                case IpProtocol.SCTP -> add(Sctp.decode(b, pos, limit));
                case IpProtocol.ICMP -> add(Icmp.decode(b, pos, limit));
                case IpProtocol.ICMPV6 -> add(Icmp6.decode(b, pos, limit));
                case IpProtocol.IGMP -> add(Igmp.decode(b, pos, limit));
                case IpProtocol.VRRP -> add(Vrrp.decode(b, pos, limit, ipVersion));
                case IpProtocol.GRE -> {
                    Gre g = Gre.decode(b, pos, limit);
                    add(g);
                    nextValue = g.protocolType();
                    return ETHER_TYPE;
                }
                case IpProtocol.HOPOPTS -> {
                    if (ipVersion != 6) {
                        return STOP;
                    }
                    Ipv6HopByHop h = Ipv6HopByHop.decode(b, pos, limit);
                    add(h);
                    nextValue = h.nextHeader();
                    return IP_PROTOCOL;
                }
                case IpProtocol.DSTOPTS -> {
                    Ipv6DestinationOptions h = Ipv6DestinationOptions.decode(b, pos, limit);
                    add(h);
                    nextValue = h.nextHeader();
                    return IP_PROTOCOL;
                }
                case IpProtocol.ROUTING -> {
                    Ipv6Routing h = Ipv6Routing.decode(b, pos, limit);
                    add(h);
                    nextValue = h.nextHeader();
                    return IP_PROTOCOL;
                }
                case IpProtocol.FRAGMENT -> {
                    Ipv6Fragment h = Ipv6Fragment.decode(b, pos, limit);
                    add(h);
                    if (h.isLaterFragment()) {
                        return STOP;
                    }
                    nextValue = h.nextHeader();
                    return IP_PROTOCOL;
                }
                case IpProtocol.AH -> {
                    Ipv6Ah h = Ipv6Ah.decode(b, pos, limit);
                    add(h);
                    nextValue = h.nextHeader();
                    return IP_PROTOCOL;
                }
                case IpProtocol.ESP -> add(Ipv6Esp.decode(b, pos, limit));
                case IpProtocol.IPIP -> {
                    nextValue = EtherType.IPV4;
                    return ETHER_TYPE;
                }
                case IpProtocol.IPV6 -> {
                    nextValue = EtherType.IPV6;
                    return ETHER_TYPE;
                }
                default -> {
                    return STOP;
                }
            }
            return STOP;
        }
    }

    // ---------------------------------------------------------------- encode

    /** {@link #encode(List, Bytes, Bytes, boolean)} with no trailer. */
    public static byte[] encode(List<? extends Header> headers, byte[] payload, boolean fillLengthsAndChecksums) {
        return encode(headers, Bytes.of(payload), Bytes.EMPTY, fillLengthsAndChecksums);
    }

    /** {@link #encode(List, Bytes, Bytes, boolean)} with no trailer. */
    public static byte[] encode(List<? extends Header> headers, Bytes payload, boolean fillLengthsAndChecksums) {
        return encode(headers, payload, Bytes.EMPTY, fillLengthsAndChecksums);
    }

    /**
     * Writes the headers, the payload and the trailer one after the other.
     *
     * <p>When {@code fillLengthsAndChecksums} is set, each IPv4 total length, IPv6 payload length
     * and UDP length is set to what follows the header up to the end of the payload (the trailer
     * is not counted), then the checksums are computed innermost first: TCP, UDP, ICMPv6, VRRPv3
     * under their IP pseudo-header, ICMP, IGMP, VRRPv2 and GRE (when it has a checksum) over
     * themselves and what follows, SCTP's CRC32c, and the IPv4 header checksums. Otherwise the
     * fields are written as the headers hold them.
     *
     * @throws IllegalArgumentException when a length does not fit its field, or a transport
     *                                  checksum needs an IP header and there is none before it
     */
    public static byte[] encode(List<? extends Header> headers, Bytes payload, Bytes trailer,
            boolean fillLengthsAndChecksums) {
        int n = headers.size();
        int[] at = new int[n + 1];
        for (int i = 0; i < n; i++) {
            at[i + 1] = at[i] + headers.get(i).encodedLength();
        }
        int payloadEnd = at[n] + payload.length();
        byte[] out = new byte[payloadEnd + trailer.length()];
        if (!fillLengthsAndChecksums) {
            for (int i = 0; i < n; i++) {
                headers.get(i).encodeTo(out, at[i]);
            }
        } else {
            List<Header> hs = new ArrayList<>(headers);
            for (int i = 0; i < n; i++) {
                hs.set(i, lengthsFilledChecksumZero(hs.get(i), payloadEnd - at[i]));
                hs.get(i).encodeTo(out, at[i]);
            }
            payload.copyTo(out, at[n]);
            for (int i = n - 1; i >= 0; i--) {
                Header h = checksumFilled(hs, i, out, at[i], payloadEnd - at[i]);
                if (h != hs.get(i)) {
                    hs.set(i, h);
                    h.encodeTo(out, at[i]);
                }
            }
        }
        payload.copyTo(out, at[n]);
        trailer.copyTo(out, payloadEnd);
        return out;
    }

    private static Header lengthsFilledChecksumZero(Header h, int length) {
        if (h instanceof Ipv4 ip) {
            return ip.withTotalLength(fits("ipv4 total length", length)).withChecksum(0);
        } else if (h instanceof Ipv6 ip) {
            return ip.withPayloadLength(fits("ipv6 payload length", length - Ipv6.LENGTH));
        } else if (h instanceof Udp u) {
            return u.withLength(fits("udp length", length)).withChecksum(0);
        } else if (h instanceof Tcp t) {
            return t.withChecksum(0);
        } else if (h instanceof Icmp c) {
            return c.withChecksum(0);
        } else if (h instanceof Icmp6 c) {
            return c.withChecksum(0);
        } else if (h instanceof Igmp c) {
            return c.withChecksum(0);
        } else if (h instanceof Sctp c) {
            return c.withChecksum(0);
        } else if (h instanceof Vrrp c) {
            return c.withChecksum(0);
        } else if (h instanceof Gre g && g.checksumPresent()) {
            return g.withChecksum(0);
        }
        return h;
    }

    private static int fits(String what, int length) {
        if (length < 0 || length > 0xffff) {
            throw new IllegalArgumentException(what + " " + length + " does not fit 16 bits");
        }
        return length;
    }

    private static Header checksumFilled(List<Header> hs, int i, byte[] out, int off, int len) {
        Header h = hs.get(i);
        if (h instanceof Ipv4 ip) {
            return ip.withChecksum(Checksums.ipv4Header(out, off));
        } else if (h instanceof Tcp t) {
            return t.withChecksum(Checksums.transport(enclosingIp(hs, i), IpProtocol.TCP, out, off, len));
        } else if (h instanceof Udp u) {
            return u.withChecksum(Checksums.transport(enclosingIp(hs, i), IpProtocol.UDP, out, off, len));
        } else if (h instanceof Icmp6 c) {
            return c.withChecksum(Checksums.transport(enclosingIp(hs, i), IpProtocol.ICMPV6, out, off, len));
        } else if (h instanceof Icmp c) {
            return c.withChecksum(Checksums.internet(out, off, len));
        } else if (h instanceof Igmp c) {
            return c.withChecksum(Checksums.internet(out, off, len));
        } else if (h instanceof Sctp c) {
            return c.withChecksum(Checksums.sctp(out, off, len));
        } else if (h instanceof Vrrp c) {
            return c.withChecksum(c.versionAndType() >>> 4 == 3
                    ? Checksums.transport(enclosingIp(hs, i), IpProtocol.VRRP, out, off, len)
                    : Checksums.internet(out, off, len));
        } else if (h instanceof Gre g && g.checksumPresent()) {
            return g.withChecksum(Checksums.internet(out, off, len));
        }
        return h;
    }

    private static Header enclosingIp(List<Header> hs, int i) {
        for (int j = i - 1; j >= 0; j--) {
            Header h = hs.get(j);
            if (h instanceof Ipv4 || h instanceof Ipv6) {
                return h;
            }
        }
        throw new IllegalArgumentException(hs.get(i).layer() + " checksum needs an IPv4 or IPv6 header before it");
    }
}
