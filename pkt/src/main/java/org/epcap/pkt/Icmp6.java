package org.epcap.pkt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ICMPv6 header (RFC 4443): type, code, checksum and a type-specific {@link Icmp6Body}.
 *
 * <p>For echo and error messages the header is 8 bytes and the rest (echo data, the invoking
 * packet) is payload. Neighbour discovery messages take every byte up to {@code limit} as options
 * (the dispatcher passes the end of the IPv6 payload), and MLD messages take their fixed part and
 * records. A type-130 query with at least 28 bytes is MLDv2, else MLDv1 (RFC 3810 §8.1).
 *
 * <pre>{@code
 * Icmp6 ping = new Icmp6(Icmp6Type.ECHO_REQUEST, 0, 0, new Icmp6Body.Echo(7, 1));
 * byte[] wire = ping.encode();                    // 8 bytes; Pkt.encode fills the checksum
 * Icmp6.decode(wire, 0, wire.length).equals(ping); // true
 * }</pre>
 *
 * @param type     0–255, see {@link Icmp6Type}
 * @param code     0–255
 * @param checksum 0–65535, as carried
 * @param body     what the type defines after the checksum
 */
public record Icmp6(int type, int code, int checksum, Icmp6Body body) implements Header, HasChecksum {

    static final String LAYER = "icmp6";

    public Icmp6 {
        Wire.check("type", type, 0xff);
        Wire.check("code", code, 0xff);
        Wire.check("checksum", checksum, 0xffff);
        Wire.notNull("body", body);
    }

    /**
     * Decodes the ICMPv6 header at {@code offset}.
     *
     * @throws DecodeException when fewer bytes than the type needs are present, or a neighbour
     *                         discovery option is malformed (length 0) or cut short
     */
    public static Icmp6 decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, 8, limit);
        int end = Math.min(limit, packet.length);
        int type = packet[offset] & 0xff;
        return new Icmp6(type, packet[offset + 1] & 0xff, Wire.u16(packet, offset + 2),
                Icmp6Body.decode(type, packet, offset, offset + 4, end));
    }

    @Override
    public Icmp6 withChecksum(int checksum) {
        return new Icmp6(type, code, checksum, body);
    }

    /** Over the message under the IPv6 pseudo-header (RFC 4443). */
    @Override
    public int checksumOver(byte[] packet, int offset, int length, Header network) {
        return Checksums.transport(Checksums.requireNetwork(network, LAYER), IpProtocol.ICMPV6, packet, offset,
                length);
    }

    /** The rest of the message (echo data, the quoted packet of an error) is payload. */
    @Override
    public Layer next() {
        return Layer.PAYLOAD;
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public int encodedLength() {
        return 4 + body.encodedLength();
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        dst[offset] = (byte) type;
        dst[offset + 1] = (byte) code;
        Wire.put16(dst, offset + 2, checksum);
        return body.encodeTo(dst, offset + 4);
    }

    /**
     * {@code type, code, type_name, checksum}, then the body's main fields: {@code id, sequence};
     * {@code mtu}; {@code pointer}; {@code target_address} (and {@code destination_address});
     * {@code multicast_address}; {@code options} as option type numbers; {@code records}.
     */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("code", code);
        m.put("type_name", Icmp6Type.name(type));
        m.put("checksum", checksum);
        if (body instanceof Icmp6Body.Echo e) {
            m.put("id", e.identifier());
            m.put("sequence", e.sequenceNumber());
        } else if (body instanceof Icmp6Body.PacketTooBig p) {
            m.put("mtu", p.mtu());
        } else if (body instanceof Icmp6Body.ParameterProblem p) {
            m.put("pointer", p.pointer());
        } else if (body instanceof Icmp6Body.RouterSolicitation r) {
            m.put("options", optionTypes(r.options()));
        } else if (body instanceof Icmp6Body.RouterAdvertisement r) {
            m.put("hop_limit", r.currentHopLimit());
            m.put("flags", r.flags());
            m.put("router_lifetime", r.routerLifetime());
            m.put("options", optionTypes(r.options()));
        } else if (body instanceof Icmp6Body.NeighborSolicitation n) {
            m.put("target_address", n.targetAddress().toString());
            m.put("options", optionTypes(n.options()));
        } else if (body instanceof Icmp6Body.NeighborAdvertisement n) {
            m.put("router", n.router());
            m.put("solicited", n.solicited());
            m.put("override", n.override());
            m.put("target_address", n.targetAddress().toString());
            m.put("options", optionTypes(n.options()));
        } else if (body instanceof Icmp6Body.Redirect r) {
            m.put("target_address", r.targetAddress().toString());
            m.put("destination_address", r.destinationAddress().toString());
            m.put("options", optionTypes(r.options()));
        } else if (body instanceof Icmp6Body.Mld d) {
            m.put("max_response_delay", d.maximumResponseDelay());
            m.put("multicast_address", d.multicastAddress().toString());
        } else if (body instanceof Icmp6Body.Mld2Query q) {
            m.put("max_response_code", q.maximumResponseCode());
            m.put("multicast_address", q.multicastAddress().toString());
            m.put("sources", q.sources().size());
        } else if (body instanceof Icmp6Body.Mld2Report r) {
            m.put("records", r.records().size());
        } else if (body instanceof Icmp6Body.RestOfHeader r) {
            m.put("rest", r.value() & 0xffff_ffffL);
        }
        return m;
    }

    private static List<Integer> optionTypes(List<NdOption> options) {
        List<Integer> out = new ArrayList<>(options.size());
        for (NdOption o : options) {
            out.add(o.type());
        }
        return out;
    }
}
