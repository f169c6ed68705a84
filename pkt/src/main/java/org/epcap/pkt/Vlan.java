package org.epcap.pkt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An 802.1Q VLAN tag (also the outer tags of QinQ): priority, drop eligible bit, VLAN id and the
 * ether type that follows. On the wire the tag protocol identifier (0x8100, 0x88a8 or 0x9100) is
 * the previous header's type field; it is kept here as {@link #tpid} so a report can tell the
 * tags apart, and is not part of the four bytes this header encodes.
 *
 * <pre>{@code
 * // after an Ether whose type is 0x8100, at offset 14:
 * Vlan tag = Vlan.decode(frame, 14, frame.length, ether.type());
 * tag.vlanId();   // 0..4095
 * }</pre>
 *
 * @param tpid         tag protocol identifier this tag was announced with (0x8100, 0x88a8, 0x9100)
 * @param priority     priority code point, 0–7
 * @param dropEligible drop eligible indicator (formerly CFI)
 * @param vlanId       VLAN identifier, 0–4095
 * @param type         ether type of what follows, 0–65535
 */
public record Vlan(int tpid, int priority, boolean dropEligible, int vlanId, int type) implements Header {
    public static final String LAYER = "802.1q";
    public static final int LENGTH = 4;

    public Vlan {
        Wire.check("tpid", tpid, 0xffff);
        Wire.check("priority", priority, 7);
        Wire.check("vlanId", vlanId, 0xfff);
        Wire.check("type", type, 0xffff);
    }

    /** Decodes a tag announced by 0x8100. */
    public static Vlan decode(byte[] packet, int offset, int limit) {
        return decode(packet, offset, limit, EtherType.VLAN);
    }

    /** Decodes a tag announced by {@code tpid} (the previous header's type). */
    public static Vlan decode(byte[] packet, int offset, int limit, int tpid) {
        Wire.need(LAYER, packet, offset, LENGTH, limit);
        int tci = Wire.u16(packet, offset);
        return new Vlan(tpid, tci >>> 13, (tci & 0x1000) != 0, tci & 0xfff, Wire.u16(packet, offset + 2));
    }

    /** The tag control information: priority, drop eligible bit and VLAN id in one 16-bit value. */
    public int tci() {
        return (priority << 13) | (dropEligible ? 0x1000 : 0) | vlanId;
    }

    /** LLC after an 802.3 length, else what the ether type announces. */
    @Override
    public Layer next() {
        return type <= Ether.MAX_LENGTH_FIELD ? Layer.LLC : Layer.ofEtherType(type);
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        Wire.put16(dst, offset, tci());
        Wire.put16(dst, offset + 2, type);
        return offset + LENGTH;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tpid", EtherType.name(tpid));
        m.put("vid", vlanId);
        m.put("prio", priority);
        m.put("dei", dropEligible);
        m.put("type", type <= Ether.MAX_LENGTH_FIELD ? (Object) type : EtherType.name(type));
        return m;
    }
}
