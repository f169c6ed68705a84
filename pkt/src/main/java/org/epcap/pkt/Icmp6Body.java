package org.epcap.pkt;

import java.util.ArrayList;
import java.util.List;

/**
 * What follows type, code and checksum in an ICMPv6 header (RFC 4443, 4861, 2710, 3810). Echo and
 * error messages have a 4-byte body (the echo data and the invoking packet are payload);
 * neighbour discovery and MLD messages hold their fields and options or records. Unknown types
 * keep their 4 bytes in {@link RestOfHeader}.
 *
 * <pre>{@code
 * Icmp6 ns = new Icmp6(Icmp6Type.NEIGHBOR_SOLICITATION, 0, 0,
 *         new Icmp6Body.NeighborSolicitation(0, Ip6Address.parse("fd00::1"),
 *                 List.of(NdOption.SourceLinkLayerAddress.of(mac))));
 * }</pre>
 */
public sealed interface Icmp6Body {

    /** Bytes after the 4-byte type/code/checksum. */
    int encodedLength();

    /** Writes the body at {@code offset}; returns the offset past it. */
    int encodeTo(byte[] dst, int offset);

    /** Echo request and reply. */
    record Echo(int identifier, int sequenceNumber) implements Icmp6Body {
        public Echo {
            Wire.check("identifier", identifier, 0xffff);
            Wire.check("sequenceNumber", sequenceNumber, 0xffff);
        }
        public int encodedLength() { return 4; }
        public int encodeTo(byte[] dst, int o) {
            Wire.put16(dst, o, identifier);
            Wire.put16(dst, o + 2, sequenceNumber);
            return o + 4;
        }
    }

    /** Packet too big: the MTU of the next hop. */
    record PacketTooBig(long mtu) implements Icmp6Body {
        public PacketTooBig {
            Wire.check("mtu", mtu, 0xffff_ffffL);
        }
        public int encodedLength() { return 4; }
        public int encodeTo(byte[] dst, int o) {
            Wire.put32(dst, o, (int) mtu);
            return o + 4;
        }
    }

    /** Parameter problem: the offset of the error in the invoking packet. */
    record ParameterProblem(long pointer) implements Icmp6Body {
        public ParameterProblem {
            Wire.check("pointer", pointer, 0xffff_ffffL);
        }
        public int encodedLength() { return 4; }
        public int encodeTo(byte[] dst, int o) {
            Wire.put32(dst, o, (int) pointer);
            return o + 4;
        }
    }

    /** Destination unreachable, time exceeded (unused bytes) and unknown types: 4 raw bytes. */
    record RestOfHeader(int value) implements Icmp6Body {
        public int encodedLength() { return 4; }
        public int encodeTo(byte[] dst, int o) {
            Wire.put32(dst, o, value);
            return o + 4;
        }
    }

    /** Router solicitation (133). */
    record RouterSolicitation(int reserved, List<NdOption> options) implements Icmp6Body {
        public RouterSolicitation {
            options = List.copyOf(options);
        }
        public int encodedLength() { return 4 + NdOption.encodedLength(options); }
        public int encodeTo(byte[] dst, int o) {
            Wire.put32(dst, o, reserved);
            return NdOption.encodeAll(options, dst, o + 4);
        }
    }

    /** Router advertisement (134); flags: M (0x80), O (0x40) and the rest. */
    record RouterAdvertisement(int currentHopLimit, int flags, int routerLifetime,
            long reachableTime, long retransmitTimer, List<NdOption> options) implements Icmp6Body {
        public RouterAdvertisement {
            Wire.check("currentHopLimit", currentHopLimit, 0xff);
            Wire.check("flags", flags, 0xff);
            Wire.check("routerLifetime", routerLifetime, 0xffff);
            Wire.check("reachableTime", reachableTime, 0xffff_ffffL);
            Wire.check("retransmitTimer", retransmitTimer, 0xffff_ffffL);
            options = List.copyOf(options);
        }
        public int encodedLength() { return 12 + NdOption.encodedLength(options); }
        public int encodeTo(byte[] dst, int o) {
            dst[o] = (byte) currentHopLimit;
            dst[o + 1] = (byte) flags;
            Wire.put16(dst, o + 2, routerLifetime);
            Wire.put32(dst, o + 4, (int) reachableTime);
            Wire.put32(dst, o + 8, (int) retransmitTimer);
            return NdOption.encodeAll(options, dst, o + 12);
        }
    }

    /** Neighbour solicitation (135). */
    record NeighborSolicitation(int reserved, Ip6Address targetAddress, List<NdOption> options)
            implements Icmp6Body {
        public NeighborSolicitation {
            Wire.notNull("targetAddress", targetAddress);
            options = List.copyOf(options);
        }
        public int encodedLength() { return 20 + NdOption.encodedLength(options); }
        public int encodeTo(byte[] dst, int o) {
            Wire.put32(dst, o, reserved);
            targetAddress.writeTo(dst, o + 4);
            return NdOption.encodeAll(options, dst, o + 20);
        }
    }

    /** Neighbour advertisement (136): {@code flags} is the whole first word, R S O on top. */
    record NeighborAdvertisement(int flags, Ip6Address targetAddress, List<NdOption> options)
            implements Icmp6Body {
        public NeighborAdvertisement {
            Wire.notNull("targetAddress", targetAddress);
            options = List.copyOf(options);
        }
        public boolean router() { return (flags & 0x8000_0000) != 0; }
        public boolean solicited() { return (flags & 0x4000_0000) != 0; }
        public boolean override() { return (flags & 0x2000_0000) != 0; }
        public int encodedLength() { return 20 + NdOption.encodedLength(options); }
        public int encodeTo(byte[] dst, int o) {
            Wire.put32(dst, o, flags);
            targetAddress.writeTo(dst, o + 4);
            return NdOption.encodeAll(options, dst, o + 20);
        }
    }

    /** Redirect (137). */
    record Redirect(int reserved, Ip6Address targetAddress, Ip6Address destinationAddress,
            List<NdOption> options) implements Icmp6Body {
        public Redirect {
            Wire.notNull("targetAddress", targetAddress);
            Wire.notNull("destinationAddress", destinationAddress);
            options = List.copyOf(options);
        }
        public int encodedLength() { return 36 + NdOption.encodedLength(options); }
        public int encodeTo(byte[] dst, int o) {
            Wire.put32(dst, o, reserved);
            targetAddress.writeTo(dst, o + 4);
            destinationAddress.writeTo(dst, o + 20);
            return NdOption.encodeAll(options, dst, o + 36);
        }
    }

    /** MLDv1 query (130, 24 bytes), report (131) and done (132). */
    record Mld(int maximumResponseDelay, int reserved, Ip6Address multicastAddress)
            implements Icmp6Body {
        public Mld {
            Wire.check("maximumResponseDelay", maximumResponseDelay, 0xffff);
            Wire.check("reserved", reserved, 0xffff);
            Wire.notNull("multicastAddress", multicastAddress);
        }
        public int encodedLength() { return 20; }
        public int encodeTo(byte[] dst, int o) {
            Wire.put16(dst, o, maximumResponseDelay);
            Wire.put16(dst, o + 2, reserved);
            return multicastAddress.writeTo(dst, o + 4);
        }
    }

    /** MLDv2 query (130, 28 bytes or more); {@code flags} is the Resv/S/QRV byte. */
    record Mld2Query(int maximumResponseCode, int reserved, Ip6Address multicastAddress, int flags,
            int queryIntervalCode, List<Ip6Address> sources) implements Icmp6Body {
        public Mld2Query {
            Wire.check("maximumResponseCode", maximumResponseCode, 0xffff);
            Wire.check("reserved", reserved, 0xffff);
            Wire.notNull("multicastAddress", multicastAddress);
            Wire.check("flags", flags, 0xff);
            Wire.check("queryIntervalCode", queryIntervalCode, 0xff);
            sources = List.copyOf(sources);
            Wire.check("sources.size", sources.size(), 0xffff);
        }
        public int encodedLength() { return 24 + 16 * sources.size(); }
        public int encodeTo(byte[] dst, int o) {
            Wire.put16(dst, o, maximumResponseCode);
            Wire.put16(dst, o + 2, reserved);
            multicastAddress.writeTo(dst, o + 4);
            dst[o + 20] = (byte) flags;
            dst[o + 21] = (byte) queryIntervalCode;
            Wire.put16(dst, o + 22, sources.size());
            int p = o + 24;
            for (Ip6Address s : sources) {
                p = s.writeTo(dst, p);
            }
            return p;
        }
    }

    /** One multicast address record of an MLDv2 report. */
    record Mld2Record(int recordType, Ip6Address multicastAddress, List<Ip6Address> sources,
            Bytes auxiliaryData) {
        public Mld2Record {
            Wire.check("recordType", recordType, 0xff);
            Wire.notNull("multicastAddress", multicastAddress);
            sources = List.copyOf(sources);
            Wire.check("sources.size", sources.size(), 0xffff);
            if (auxiliaryData.length() % 4 != 0 || auxiliaryData.length() > 255 * 4) {
                throw new IllegalArgumentException("auxiliaryData: a multiple of 4 up to 1020 bytes");
            }
        }
        int encodedLength() {
            return 20 + 16 * sources.size() + auxiliaryData.length();
        }
        int encodeTo(byte[] dst, int o) {
            dst[o] = (byte) recordType;
            dst[o + 1] = (byte) (auxiliaryData.length() / 4);
            Wire.put16(dst, o + 2, sources.size());
            int p = multicastAddress.writeTo(dst, o + 4);
            for (Ip6Address s : sources) {
                p = s.writeTo(dst, p);
            }
            return auxiliaryData.copyTo(dst, p);
        }
    }

    /** MLDv2 report (143). */
    record Mld2Report(int reserved, List<Mld2Record> records) implements Icmp6Body {
        public Mld2Report {
            Wire.check("reserved", reserved, 0xffff);
            records = List.copyOf(records);
            Wire.check("records.size", records.size(), 0xffff);
        }
        public int encodedLength() {
            int n = 4;
            for (Mld2Record r : records) {
                n += r.encodedLength();
            }
            return n;
        }
        public int encodeTo(byte[] dst, int o) {
            Wire.put16(dst, o, reserved);
            Wire.put16(dst, o + 2, records.size());
            int p = o + 4;
            for (Mld2Record r : records) {
                p = r.encodeTo(dst, p);
            }
            return p;
        }
    }

    /** Reads the body of a message of {@code type} at {@code o} (just past the checksum). */
    static Icmp6Body decode(int type, byte[] b, int header, int o, int end) {
        String layer = Icmp6.LAYER;
        int have = end - o;
        switch (type) {
            case Icmp6Type.ECHO_REQUEST, Icmp6Type.ECHO_REPLY:
                return new Echo(Wire.u16(b, o), Wire.u16(b, o + 2));
            case Icmp6Type.PACKET_TOO_BIG:
                return new PacketTooBig(Wire.u32(b, o) & 0xffff_ffffL);
            case Icmp6Type.PARAMETER_PROBLEM:
                return new ParameterProblem(Wire.u32(b, o) & 0xffff_ffffL);
            case Icmp6Type.ROUTER_SOLICITATION:
                return new RouterSolicitation(Wire.u32(b, o),
                        NdOption.decodeAll(layer, header, b, o + 4, end));
            case Icmp6Type.ROUTER_ADVERTISEMENT:
                Wire.need(layer, b, header, o + 12 - header, end);
                return new RouterAdvertisement(b[o] & 0xff, b[o + 1] & 0xff, Wire.u16(b, o + 2),
                        Wire.u32(b, o + 4) & 0xffff_ffffL, Wire.u32(b, o + 8) & 0xffff_ffffL,
                        NdOption.decodeAll(layer, header, b, o + 12, end));
            case Icmp6Type.NEIGHBOR_SOLICITATION:
                Wire.need(layer, b, header, o + 20 - header, end);
                return new NeighborSolicitation(Wire.u32(b, o), Ip6Address.read(b, o + 4),
                        NdOption.decodeAll(layer, header, b, o + 20, end));
            case Icmp6Type.NEIGHBOR_ADVERTISEMENT:
                Wire.need(layer, b, header, o + 20 - header, end);
                return new NeighborAdvertisement(Wire.u32(b, o), Ip6Address.read(b, o + 4),
                        NdOption.decodeAll(layer, header, b, o + 20, end));
            case Icmp6Type.REDIRECT:
                Wire.need(layer, b, header, o + 36 - header, end);
                return new Redirect(Wire.u32(b, o), Ip6Address.read(b, o + 4),
                        Ip6Address.read(b, o + 20), NdOption.decodeAll(layer, header, b, o + 36, end));
            case Icmp6Type.MULTICAST_LISTENER_QUERY:
                if (have >= 24) {
                    int n = Wire.u16(b, o + 22);
                    Wire.need(layer, b, header, o + 24 + 16 * n - header, end);
                    List<Ip6Address> sources = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        sources.add(Ip6Address.read(b, o + 24 + 16 * i));
                    }
                    return new Mld2Query(Wire.u16(b, o), Wire.u16(b, o + 2),
                            Ip6Address.read(b, o + 4), b[o + 20] & 0xff, b[o + 21] & 0xff, sources);
                }
                return mld(layer, b, header, o, end);
            case Icmp6Type.MULTICAST_LISTENER_REPORT, Icmp6Type.MULTICAST_LISTENER_DONE:
                return mld(layer, b, header, o, end);
            case Icmp6Type.MULTICAST_LISTENER_REPORT_V2:
                return mld2Report(layer, b, header, o, end);
            default:
                return new RestOfHeader(Wire.u32(b, o));
        }
    }

    private static Mld mld(String layer, byte[] b, int header, int o, int end) {
        Wire.need(layer, b, header, o + 20 - header, end);
        return new Mld(Wire.u16(b, o), Wire.u16(b, o + 2), Ip6Address.read(b, o + 4));
    }

    private static Mld2Report mld2Report(String layer, byte[] b, int header, int o, int end) {
        int count = Wire.u16(b, o + 2);
        List<Mld2Record> records = new ArrayList<>(Math.min(count, 64));
        int p = o + 4;
        for (int i = 0; i < count; i++) {
            Wire.need(layer, b, header, p + 20 - header, end);
            int aux = (b[p + 1] & 0xff) * 4;
            int n = Wire.u16(b, p + 2);
            int length = 20 + 16 * n + aux;
            Wire.need(layer, b, header, p + length - header, end);
            List<Ip6Address> sources = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                sources.add(Ip6Address.read(b, p + 20 + 16 * k));
            }
            records.add(new Mld2Record(b[p] & 0xff, Ip6Address.read(b, p + 4), sources,
                    Bytes.view(b, p + 20 + 16 * n, aux)));
            p += length;
        }
        return new Mld2Report(Wire.u16(b, o), records);
    }
}
