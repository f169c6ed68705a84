package org.epcap.pkt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Linux "cooked" capture header version 2, {@code DLT_LINUX_SLL2} (20 bytes): protocol,
 * reserved, interface index, ARPHRD type, packet type, address length, 8 address bytes.
 *
 * <pre>{@code
 * LinuxCooked2 sll2 = LinuxCooked2.decode(data, 0, data.length);
 * sll2.interfaceIndex();   // the capturing interface's ifindex
 * }</pre>
 *
 * @param protocol       ether type, or a Linux pseudo protocol (4 for 802.2 LLC)
 * @param reserved       the reserved 16 bits, kept for exact re-encoding
 * @param interfaceIndex interface index
 * @param arphrdType     ARPHRD_ type of the device
 * @param packetType     0 host, 1 broadcast, 2 multicast, 3 other host, 4 outgoing
 * @param addressLength  number of meaningful bytes in {@code address}, 0–255
 * @param address        the 8 address bytes as on the wire, first byte most significant
 */
public record LinuxCooked2(int protocol, int reserved, int interfaceIndex, int arphrdType, int packetType,
        int addressLength, long address) implements Header {
    public static final String LAYER = "linux_cooked_v2";
    public static final int LENGTH = 20;

    public LinuxCooked2 {
        Wire.check("protocol", protocol, 0xffff);
        Wire.check("reserved", reserved, 0xffff);
        Wire.check("arphrdType", arphrdType, 0xffff);
        Wire.check("packetType", packetType, 0xff);
        Wire.check("addressLength", addressLength, 0xff);
    }

    public static LinuxCooked2 decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, LENGTH, limit);
        return new LinuxCooked2(Wire.u16(packet, offset), Wire.u16(packet, offset + 2), Wire.u32(packet, offset + 4),
                Wire.u16(packet, offset + 8), Wire.u8(packet, offset + 10), Wire.u8(packet, offset + 11),
                Wire.u64(packet, offset + 12));
    }

    public byte[] addressBytes() {
        return addressBytes(address, addressLength);
    }

    static byte[] addressBytes(long address, int length) {
        byte[] all = new byte[8];
        Wire.put64(all, 0, address);
        return java.util.Arrays.copyOf(all, Math.min(8, length));
    }

    static String addressText(long address, int length) {
        byte[] b = addressBytes(address, length);
        StringBuilder sb = new StringBuilder(b.length * 3);
        for (byte x : b) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(Character.toUpperCase(Character.forDigit((x >>> 4) & 0xf, 16)))
                    .append(Character.toUpperCase(Character.forDigit(x & 0xf, 16)));
        }
        return sb.toString();
    }

    /** LLC for protocol 4 (802.2), else what the protocol announces as an ether type. */
    @Override
    public Layer next() {
        return protocol == LinuxCooked.PROTOCOL_802_2 ? Layer.LLC : Layer.ofEtherType(protocol);
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
        Wire.put16(dst, offset, protocol);
        Wire.put16(dst, offset + 2, reserved);
        Wire.put32(dst, offset + 4, interfaceIndex);
        Wire.put16(dst, offset + 8, arphrdType);
        dst[offset + 10] = (byte) packetType;
        dst[offset + 11] = (byte) addressLength;
        Wire.put64(dst, offset + 12, address);
        return offset + LENGTH;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", protocol > Ether.MAX_LENGTH_FIELD ? EtherType.name(protocol) : (Object) protocol);
        m.put("if_index", interfaceIndex);
        m.put("hatype", arphrdType);
        m.put("packet_type", packetType);
        m.put("halen", addressLength);
        m.put("address", addressText(address, addressLength));
        return m;
    }
}
