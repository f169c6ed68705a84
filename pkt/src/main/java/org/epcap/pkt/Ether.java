package org.epcap.pkt;

import java.util.Map;

/**
 * An Ethernet II header: destination, source, ether type (14 bytes). A {@code type} of 1500 or
 * less is an IEEE 802.3 length, and an LLC header follows ({@link #isLength()}).
 *
 * <pre>{@code
 * Ether e = Ether.decode(frame, 0, frame.length);
 * if (e.type() == EtherType.IPV4) { Ipv4 ip = Ipv4.decode(frame, e.encodedLength(), frame.length); }
 * Ether reply = new Ether(e.source(), e.destination(), e.type());
 * }</pre>
 *
 * <p>The frame's padding and trailer are not part of this header: {@link Pkt} keeps them in
 * {@link Decoded#trailer()}.
 *
 * @param destination destination MAC address
 * @param source      source MAC address
 * @param type        ether type (above 1500) or 802.3 length (1500 or less), 0–65535
 */
public record Ether(MacAddress destination, MacAddress source, int type) implements Header {
    public static final String LAYER = "ether";
    public static final int LENGTH = 14;
    /** The largest value of {@link #type} that is an 802.3 length rather than an ether type. */
    public static final int MAX_LENGTH_FIELD = 1500;

    public Ether {
        Wire.notNull("destination", destination);
        Wire.notNull("source", source);
        Wire.check("type", type, 0xffff);
    }

    public static Ether decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, LENGTH, limit);
        return new Ether(new MacAddress(Wire.u48(packet, offset)), new MacAddress(Wire.u48(packet, offset + 6)),
                Wire.u16(packet, offset + 12));
    }

    /** True when {@link #type} is an 802.3 length, so an LLC header follows. */
    public boolean isLength() {
        return type <= MAX_LENGTH_FIELD;
    }

    public Ether withType(int newType) {
        return new Ether(destination, source, newType);
    }

    /** LLC after an 802.3 length, else what the ether type announces. */
    @Override
    public Layer next() {
        return isLength() ? Layer.LLC : Layer.ofEtherType(type);
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
        Wire.put48(dst, offset, destination.value());
        Wire.put48(dst, offset + 6, source.value());
        Wire.put16(dst, offset + 12, type);
        return offset + LENGTH;
    }

    @Override
    public Map<String, Object> fields() {
        return FieldMap.of(this);
    }

    @Override
    public void forEachField(FieldVisitor v) {
        v.field("source_macaddr", source.toString());
        v.field("destination_macaddr", destination.toString());
        if (isLength()) {
            v.field("length", type);
        } else {
            v.field("type", EtherType.name(type));
        }
    }
}
