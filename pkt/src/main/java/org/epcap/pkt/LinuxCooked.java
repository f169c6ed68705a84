package org.epcap.pkt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Linux "cooked" capture header, {@code DLT_LINUX_SLL} (16 bytes): packet type, ARPHRD
 * type, link-layer address length and up to 8 address bytes, protocol. The protocol is an ether
 * type, or 4 for 802.2 LLC frames (then an {@link Llc} header follows).
 *
 * <pre>{@code
 * LinuxCooked sll = LinuxCooked.decode(data, 0, data.length);
 * sll.packetType();   // 0 to us, 4 outgoing, …
 * sll.protocol();     // EtherType.IPV4
 * }</pre>
 *
 * @param packetType    0 host, 1 broadcast, 2 multicast, 3 other host, 4 outgoing
 * @param arphrdType    ARPHRD_ type of the device (1 Ethernet, 772 loopback, …)
 * @param addressLength number of meaningful bytes in {@code address}
 * @param address       the 8 address bytes as on the wire, first byte most significant
 * @param protocol      ether type, or a Linux pseudo protocol (1 Novell 802.3, 4 802.2 LLC)
 */
public record LinuxCooked(int packetType, int arphrdType, int addressLength, long address, int protocol)
        implements Header {
    public static final String LAYER = "linux_cooked";
    public static final int LENGTH = 16;
    /** The pseudo protocol for frames that carry an 802.2 LLC header. */
    public static final int PROTOCOL_802_2 = 4;

    public LinuxCooked {
        Wire.check("packetType", packetType, 0xffff);
        Wire.check("arphrdType", arphrdType, 0xffff);
        Wire.check("addressLength", addressLength, 0xffff);
        Wire.check("protocol", protocol, 0xffff);
    }

    public static LinuxCooked decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, LENGTH, limit);
        return new LinuxCooked(Wire.u16(packet, offset), Wire.u16(packet, offset + 2), Wire.u16(packet, offset + 4),
                Wire.u64(packet, offset + 6), Wire.u16(packet, offset + 14));
    }

    /** The meaningful address bytes (at most 8). */
    public byte[] addressBytes() {
        return LinuxCooked2.addressBytes(address, addressLength);
    }

    /** LLC for protocol 4 (802.2), else what the protocol announces as an ether type. */
    @Override
    public Layer next() {
        return protocol == PROTOCOL_802_2 ? Layer.LLC : Layer.ofEtherType(protocol);
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
        Wire.put16(dst, offset, packetType);
        Wire.put16(dst, offset + 2, arphrdType);
        Wire.put16(dst, offset + 4, addressLength);
        Wire.put64(dst, offset + 6, address);
        Wire.put16(dst, offset + 14, protocol);
        return offset + LENGTH;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("packet_type", packetType);
        m.put("hatype", arphrdType);
        m.put("halen", addressLength);
        m.put("address", LinuxCooked2.addressText(address, addressLength));
        m.put("protocol", protocol > Ether.MAX_LENGTH_FIELD ? EtherType.name(protocol) : (Object) protocol);
        return m;
    }
}
