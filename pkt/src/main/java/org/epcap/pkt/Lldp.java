package org.epcap.pkt;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An LLDP data unit (IEEE 802.1AB, ether type 0x88cc): its TLVs in order, up to and including
 * the End TLV. Bytes after the End TLV (Ethernet padding) are payload.
 *
 * <pre>{@code
 * Lldp l = Lldp.decode(frame, 14, frame.length);
 * l.fields();   // {chassis_id=..., port_id=..., ttl=120, system_name=..., tlvs=[1, 2, 3, 5, 0]}
 * }</pre>
 *
 * @param tlvs the TLVs in order
 */
public record Lldp(List<LldpTlv> tlvs) implements Header {

    static final String LAYER = "lldp";

    public Lldp {
        tlvs = List.copyOf(tlvs);
    }

    /**
     * Decodes TLVs from {@code offset} until an End TLV or {@code limit}.
     *
     * @throws DecodeException when a TLV runs past {@code limit} (truncated)
     */
    public static Lldp decode(byte[] packet, int offset, int limit) {
        int end = Math.min(limit, packet.length);
        List<LldpTlv> tlvs = new ArrayList<>(8);
        int o = offset;
        while (o < end) {
            Wire.need(LAYER, packet, offset, o + 2 - offset, limit);
            int head = Wire.u16(packet, o);
            int type = head >>> 9;
            int length = head & 0x1ff;
            Wire.need(LAYER, packet, offset, o + 2 + length - offset, limit);
            LldpTlv tlv = LldpTlv.decode(packet, type, o + 2, length);
            tlvs.add(tlv);
            o += 2 + length;
            // Type 0 ends the LLDPDU even with a (malformed) non-zero length, as in tshark.
            if (type == 0) {
                break;
            }
        }
        return new Lldp(tlvs);
    }

    @Override
    public Layer next() {
        return Layer.NONE;
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public int encodedLength() {
        int n = 0;
        for (LldpTlv t : tlvs) {
            n += t.encodedLength();
        }
        return n;
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        int o = offset;
        for (LldpTlv t : tlvs) {
            o = t.encodeTo(dst, o);
        }
        return o;
    }

    /**
     * {@code chassis_id, port_id} (a MAC address, an IP address or text as their subtype says,
     * else hex), {@code ttl}, {@code port_description, system_name, system_description},
     * {@code capabilities, enabled_capabilities}, {@code management_address}, when present; and
     * {@code tlvs}, the type numbers in order.
     */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Integer> types = new ArrayList<>(tlvs.size());
        for (LldpTlv t : tlvs) {
            types.add(t.type());
            if (t instanceof LldpTlv.ChassisId c) {
                m.put("chassis_id", idText(c.id(), c.subtype() == 4, c.subtype() == 5,
                        c.subtype() == 7));
            } else if (t instanceof LldpTlv.PortId p) {
                m.put("port_id", idText(p.id(), p.subtype() == 3, p.subtype() == 4,
                        p.subtype() == 1 || p.subtype() == 5 || p.subtype() == 7));
            } else if (t instanceof LldpTlv.TimeToLive ttl) {
                m.put("ttl", ttl.seconds());
            } else if (t instanceof LldpTlv.Text x) {
                m.put(x.type() == LldpTlv.PORT_DESCRIPTION ? "port_description"
                        : x.type() == LldpTlv.SYSTEM_NAME ? "system_name" : "system_description",
                        x.string());
            } else if (t instanceof LldpTlv.SystemCapabilities s) {
                m.put("capabilities", s.capabilities());
                m.put("enabled_capabilities", s.enabled());
            } else if (t instanceof LldpTlv.ManagementAddress a) {
                m.put("management_address", networkAddress(a.addressSubtype(), a.address()));
            }
        }
        m.put("tlvs", types);
        return m;
    }

    private static String idText(Bytes id, boolean mac, boolean network, boolean text) {
        if (mac && id.length() == 6) {
            return MacAddress.read(id.toArray(), 0).toString();
        }
        if (network && id.length() > 1) {
            return networkAddress(id.get(0), id.slice(1, id.length() - 1));
        }
        if (text) {
            return new String(id.toArray(), java.nio.charset.StandardCharsets.UTF_8);
        }
        return HexFormat.of().formatHex(id.toArray());
    }

    private static String networkAddress(int family, Bytes address) {
        if (family == 1 && address.length() == 4) {
            return Ip4Address.read(address.toArray(), 0).toString();
        }
        if (family == 2 && address.length() == 16) {
            return Ip6Address.read(address.toArray(), 0).toString();
        }
        return HexFormat.of().formatHex(address.toArray());
    }
}
