package org.epcap.pkt;

import java.util.ArrayList;
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

    /**
     * One packet's walk: the position, the logical end, the headers so far. Each step decodes the
     * header its {@link Layer} names and asks that header what follows ({@link Header#next()}).
     */
    private static final class Walk {
        private final byte[] b;
        private final int end;
        private int pos;
        private int limit;
        private boolean truncated;
        private DecodeException error;
        // the headers as decoded, handed to Decoded as they are (an ArrayViewList, no copy and no
        // wrapper: one array per packet where an ArrayList and its unmodifiable view cost three
        // objects). Object[], not Header[]: a store into an array of an interface type checks the
        // element's type against it every time
        private Object[] headers = new Object[4];
        private int count;
        // the version of the IP header last decoded: VRRP's layout depends on it, and hop-by-hop
        // options are decoded only inside IPv6
        private int ipVersion;
        // the innermost IP header is a fragment: a message above the transport is not whole in it,
        // so the walk leaves it as payload
        private boolean fragment;

        Walk(byte[] b, int from, int end) {
            this.b = b;
            this.pos = from;
            this.end = end;
            this.limit = end;
        }

        Decoded result() {
            return new Decoded(ArrayViewList.own(headers, count), Bytes.view(b, pos, limit - pos),
                    Bytes.view(b, limit, end - limit), pos, error, truncated || (error != null && error.truncated()));
        }

        private void add(Header h) {
            if (count == headers.length) {
                headers = java.util.Arrays.copyOf(headers, count * 2);
            }
            headers[count++] = h;
            pos += h.encodedLength();
        }

        void run(int dataLinkType) {
            try {
                Layer next = Layer.ofDataLinkType(dataLinkType);
                while (!next.endsWalk()) {
                    next = step(next);
                }
            } catch (DecodeException e) {
                error = e;
            }
        }

        /**
         * Decodes the header {@code layer} names at the position; returns what follows it. Each
         * case asks {@code next()} of the header's own type rather than inside {@link #add}: there
         * one call site would see every header type, and the JIT leaves such a call a slow
         * interface dispatch (the record path ran 7 to 10 % slower on mixed traffic that way).
         */
        // The step for each Layer, by its ordinal. javac compiles a switch over another class's
        // enum into a look-up in a synthetic array per step; switching on the ordinal itself made
        // the record path about 5 % faster (measured both ways in one JVM, tcp4 and mix), which
        // brought it back to the speed of the integer steps it replaced. PktStepIdsTest holds
        // each constant to its Layer's ordinal.
        private static final int L_ETHER = 0;
        private static final int L_NULL = 1;
        private static final int L_LOOP = 2;
        private static final int L_LINUX_COOKED = 3;
        private static final int L_LINUX_COOKED_V2 = 4;
        private static final int L_VLAN = 5;
        private static final int L_QINQ = 6;
        private static final int L_QINQ_OLD = 7;
        private static final int L_MPLS = 8;
        private static final int L_LLC = 9;
        private static final int L_ARP = 10;
        private static final int L_RARP = 11;
        private static final int L_LLDP = 12;
        private static final int L_EAPOL = 13;
        private static final int L_IP_BY_VERSION = 14;
        private static final int L_IPV4 = 15;
        private static final int L_IPV6 = 16;
        private static final int L_HOPOPTS = 17;
        private static final int L_ROUTING = 18;
        private static final int L_FRAGMENT = 19;
        private static final int L_DSTOPTS = 20;
        private static final int L_AH = 21;
        private static final int L_ESP = 22;
        private static final int L_GRE = 23;
        private static final int L_TCP = 24;
        private static final int L_UDP = 25;
        private static final int L_SCTP = 26;
        private static final int L_ICMP = 27;
        private static final int L_ICMP6 = 28;
        private static final int L_IGMP = 29;
        private static final int L_VRRP = 30;
        private static final int L_DNS = 31;
        private static final int L_VXLAN = 32;
        private static final int L_GENEVE = 33;
        private static final int L_GTPU = 34;
        private static final int L_DHCP = 35;
        private static final int L_NTP = 36;
        private static final int L_TLS = 37;
        private static final int L_QUIC = 38;
        private static final int L_HTTP = 39;
        private static final int L_DTLS = 40;
        private static final int L_PAYLOAD = 41;
        private static final int L_NONE = 42;
        private Layer step(Layer layer) {
            return switch (layer.ordinal()) {
                case L_ETHER -> ether();
                case L_NULL -> {
                    Null h = Null.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_LOOP -> {
                    Null h = Null.decodeLoop(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_LINUX_COOKED -> {
                    LinuxCooked h = LinuxCooked.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_LINUX_COOKED_V2 -> {
                    LinuxCooked2 h = LinuxCooked2.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_VLAN, L_QINQ, L_QINQ_OLD -> {
                    // The three differ only in the tag protocol that announced them.
                    int tpid = layer == Layer.VLAN ? EtherType.VLAN
                            : layer == Layer.QINQ ? EtherType.QINQ : EtherType.QINQ_OLD;
                    Vlan h = Vlan.decode(b, pos, limit, tpid);
                    add(h);
                    yield h.next();
                }
                case L_MPLS -> {
                    Mpls h = Mpls.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_LLC -> {
                    Llc h = Llc.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_ARP -> {
                    Arp h = Arp.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_RARP -> {
                    Arp h = Arp.decodeRarp(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_LLDP -> {
                    Lldp h = Lldp.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_EAPOL -> {
                    Eapol h = Eapol.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_IP_BY_VERSION -> ipByVersion();
                case L_IPV4 -> ipv4();
                case L_IPV6 -> ipv6();
                case L_HOPOPTS -> {
                    if (ipVersion != 6) {
                        yield Layer.PAYLOAD;
                    }
                    Ipv6HopByHop h = Ipv6HopByHop.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_ROUTING -> {
                    Ipv6Routing h = Ipv6Routing.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_FRAGMENT -> {
                    Ipv6Fragment h = Ipv6Fragment.decode(b, pos, limit);
                    add(h);
                    fragment = h.moreFragments() || h.fragmentOffset() != 0;
                    yield h.next();
                }
                case L_DSTOPTS -> {
                    Ipv6DestinationOptions h = Ipv6DestinationOptions.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_AH -> {
                    Ipv6Ah h = Ipv6Ah.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_ESP -> {
                    Ipv6Esp h = Ipv6Esp.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_GRE -> {
                    Gre h = Gre.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_TCP -> {
                    Tcp h = Tcp.decode(b, pos, limit);
                    add(h);
                    yield fragment ? Layer.PAYLOAD : afterTcp(h);
                }
                case L_UDP -> {
                    Udp h = Udp.decode(b, pos, limit);
                    add(h);
                    yield fragment ? Layer.PAYLOAD : afterUdp(h);
                }
                case L_SCTP -> {
                    Sctp h = Sctp.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_ICMP -> {
                    Icmp h = Icmp.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_ICMP6 -> {
                    Icmp6 h = Icmp6.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_IGMP -> {
                    Igmp h = Igmp.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_VRRP -> {
                    Vrrp h = Vrrp.decode(b, pos, limit, ipVersion);
                    add(h);
                    yield h.next();
                }
                case L_DNS -> {
                    Dns h = Dns.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_VXLAN -> {
                    Vxlan h = Vxlan.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_GENEVE -> {
                    Geneve h = Geneve.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_GTPU -> gtpU();
                case L_DHCP -> {
                    Dhcp h = Dhcp.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_NTP -> {
                    Ntp h = Ntp.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_TLS -> {
                    // ports lie and segments start mid-stream: only data that starts like a record is TLS
                    if (!Tls.startsRecord(b, pos, limit)) {
                        yield Layer.PAYLOAD;
                    }
                    Tls h = Tls.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_QUIC -> {
                    // a short header (most of a connection) has no length: left as payload
                    if (!Quic.startsLongHeader(b, pos, limit)) {
                        yield Dtls.startsDatagram(b, pos, limit) ? Layer.DTLS : Layer.PAYLOAD;
                    }
                    Quic h = Quic.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_HTTP -> {
                    Http h = Http.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_DTLS -> {
                    Dtls h = Dtls.decode(b, pos, limit);
                    add(h);
                    yield h.next();
                }
                case L_PAYLOAD, L_NONE -> throw new IllegalStateException("no header to decode at " + layer);
                default -> throw new IllegalStateException("no step for " + layer);
            };
        }

        private Layer ether() {
            Ether e = Ether.decode(b, pos, limit);
            add(e);
            if (e.isLength()) {
                // an 802.3 frame: the length bounds the LLC data, the rest is padding
                if (pos + e.type() <= limit) {
                    limit = pos + e.type();
                } else {
                    truncated = true;
                }
            }
            return e.next();
        }

        /** What the ports name, or DTLS where a port names nothing and a whole record starts the datagram. */
        private Layer afterUdp(Udp h) {
            Layer next = h.next();
            return next == Layer.PAYLOAD && Dtls.startsDatagram(b, pos, limit) ? Layer.DTLS : next;
        }

        /**
         * What the ports name, or TLS on any port where a hello starts the data, or HTTP where a
         * start line does: ports lie.
         */
        private Layer afterTcp(Tcp h) {
            Layer next = h.next();
            if (next != Layer.PAYLOAD || pos >= limit) {
                return next;
            }
            if (b[pos] == TlsRecord.HANDSHAKE) {
                return Tls.startsHello(b, pos, limit) ? Layer.TLS : next;
            }
            return Http.startsMessage(b, pos, limit) ? Layer.HTTP : next;
        }

        private Layer gtpU() {
            GtpU h = GtpU.decode(b, pos, limit);
            int start = pos;
            add(h);
            // the length counts what follows the first eight bytes: the rest is not the tunnel's
            int end = start + GtpU.MIN_LENGTH + h.length();
            if (end < pos) {
                throw DecodeException.malformed(GtpU.LAYER, start, "length " + h.length() + " below the header's "
                        + (h.encodedLength() - GtpU.MIN_LENGTH) + " optional bytes");
            }
            if (end <= limit) {
                limit = end;
            } else {
                truncated = true;
            }
            return h.next();
        }

        private Layer ipByVersion() {
            Wire.need("ip", b, pos, 1, limit);
            int version = (b[pos] & 0xff) >>> 4;
            return version == 4 ? Layer.IPV4 : version == 6 ? Layer.IPV6 : Layer.PAYLOAD;
        }

        private Layer ipv4() {
            Ipv4 ip = Ipv4.decode(b, pos, limit);
            int start = pos;
            add(ip);
            ipVersion = 4;
            fragment = ip.moreFragments() || ip.fragmentOffset() != 0;
            bound(Ipv4.LAYER, start, ip.totalLength(), ip.encodedLength());
            return ip.next();
        }

        private Layer ipv6() {
            Ipv6 ip = Ipv6.decode(b, pos, limit);
            int start = pos;
            add(ip);
            ipVersion = 6;
            fragment = false;
            if (ip.payloadLength() != 0) {
                bound(Ipv6.LAYER, start, Ipv6.LENGTH + ip.payloadLength(), Ipv6.LENGTH);
            }
            return ip.next();
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
     * <p>When {@code fillLengthsAndChecksums} is set, each length field ({@link HasLengthField}:
     * the IPv4 total length, IPv6 payload length and UDP length) is set to what follows the header
     * up to the end of the payload (the trailer is not counted), then the checksums
     * ({@link HasChecksum}) are computed innermost first: TCP, UDP, ICMPv6, VRRPv3 under their IP
     * pseudo-header, ICMP, IGMP, VRRPv2 and GRE (when it has a checksum) over themselves and what
     * follows, SCTP's CRC32c, and the IPv4 header checksums. Otherwise the fields are written as the
     * headers hold them.
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
                hs.set(i, lengthFilledChecksumZero(hs.get(i), payloadEnd - at[i]));
                hs.get(i).encodeTo(out, at[i]);
            }
            payload.copyTo(out, at[n]);
            // innermost first: an outer checksum covers the inner ones as they will be sent
            for (int i = n - 1; i >= 0; i--) {
                if (hs.get(i) instanceof HasChecksum c && c.checksumPresent()) {
                    Header h = c.withChecksum(c.checksumOver(out, at[i], payloadEnd - at[i], nearestIp(hs, i)));
                    hs.set(i, h);
                    h.encodeTo(out, at[i]);
                }
            }
        }
        payload.copyTo(out, at[n]);
        trailer.copyTo(out, payloadEnd);
        return out;
    }

    private static Header lengthFilledChecksumZero(Header h, int bytesToPayloadEnd) {
        if (h instanceof HasLengthField l) {
            h = l.withLengthCovering(bytesToPayloadEnd);
        }
        if (h instanceof HasChecksum c && c.checksumPresent()) {
            h = c.withChecksum(0);
        }
        return h;
    }

    /** The nearest IPv4 or IPv6 header before {@code hs[i]}, whose pseudo-header covers it; null if none. */
    private static Header nearestIp(List<Header> hs, int i) {
        for (int j = i - 1; j >= 0; j--) {
            Header h = hs.get(j);
            if (h instanceof Ipv4 || h instanceof Ipv6) {
                return h;
            }
        }
        return null;
    }
}
