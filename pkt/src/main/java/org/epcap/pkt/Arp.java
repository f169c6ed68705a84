package org.epcap.pkt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ARP or RARP message (RFC 826, RFC 903: the same record format; {@link #reverse} tells which,
 * and {@link #layer()} is {@code "arp"} or {@code "rarp"}). Addresses are kept as bytes of the
 * announced lengths; {@link #senderMac()} and friends read the usual Ethernet/IPv4 ones.
 *
 * <pre>{@code
 * Arp a = Arp.decode(frame, 14, frame.length);
 * if (a.operation() == Arp.REQUEST) System.out.println(a.targetIp());
 * Arp req = Arp.request(myMac, myIp, targetIp);
 * }</pre>
 *
 * @param reverse               true for RARP (ether type 0x8035)
 * @param hardwareType          1 for Ethernet, 0–65535
 * @param protocolType          0x0800 for IPv4, 0–65535
 * @param operation             1 request, 2 reply, 3 RARP request, 4 RARP reply, 0–65535
 * @param senderHardwareAddress sender hardware address, as long as the target's, at most 255
 * @param senderProtocolAddress sender protocol address, as long as the target's, at most 255
 * @param targetHardwareAddress target hardware address
 * @param targetProtocolAddress target protocol address
 */
public record Arp(boolean reverse, int hardwareType, int protocolType, int operation,
        Bytes senderHardwareAddress, Bytes senderProtocolAddress,
        Bytes targetHardwareAddress, Bytes targetProtocolAddress) implements Header {
    public static final int REQUEST = 1;
    public static final int REPLY = 2;
    public static final int REVERSE_REQUEST = 3;
    public static final int REVERSE_REPLY = 4;
    public static final int HARDWARE_ETHERNET = 1;

    public Arp {
        Wire.check("hardwareType", hardwareType, 0xffff);
        Wire.check("protocolType", protocolType, 0xffff);
        Wire.check("operation", operation, 0xffff);
        Wire.notNull("senderHardwareAddress", senderHardwareAddress);
        Wire.notNull("senderProtocolAddress", senderProtocolAddress);
        Wire.notNull("targetHardwareAddress", targetHardwareAddress);
        Wire.notNull("targetProtocolAddress", targetProtocolAddress);
        if (senderHardwareAddress.length() != targetHardwareAddress.length()
                || senderHardwareAddress.length() > 255) {
            throw new IllegalArgumentException("hardware addresses: same length, at most 255 bytes");
        }
        if (senderProtocolAddress.length() != targetProtocolAddress.length()
                || senderProtocolAddress.length() > 255) {
            throw new IllegalArgumentException("protocol addresses: same length, at most 255 bytes");
        }
    }

    /** An Ethernet/IPv4 ARP request for {@code target}, target hardware address zero. */
    public static Arp request(MacAddress sender, Ip4Address senderIp, Ip4Address target) {
        return new Arp(false, HARDWARE_ETHERNET, EtherType.IPV4, REQUEST, Bytes.of(sender.toBytes()),
                Bytes.of(senderIp.toBytes()), Bytes.of(MacAddress.ZERO.toBytes()), Bytes.of(target.toBytes()));
    }

    /** ARP (ether type 0x0806). */
    public static Arp decode(byte[] packet, int offset, int limit) {
        return decode(packet, offset, limit, false);
    }

    /** RARP (ether type 0x8035): the same format. */
    public static Arp decodeRarp(byte[] packet, int offset, int limit) {
        return decode(packet, offset, limit, true);
    }

    private static Arp decode(byte[] packet, int offset, int limit, boolean reverse) {
        String layer = reverse ? "rarp" : "arp";
        Wire.need(layer, packet, offset, 8, limit);
        int hln = Wire.u8(packet, offset + 4);
        int pln = Wire.u8(packet, offset + 5);
        Wire.need(layer, packet, offset, 8 + 2 * (hln + pln), limit);
        int at = offset + 8;
        Bytes sha = Bytes.view(packet, at, hln);
        Bytes spa = Bytes.view(packet, at + hln, pln);
        Bytes tha = Bytes.view(packet, at + hln + pln, hln);
        Bytes tpa = Bytes.view(packet, at + 2 * hln + pln, pln);
        return new Arp(reverse, Wire.u16(packet, offset), Wire.u16(packet, offset + 2), Wire.u16(packet, offset + 6),
                sha, spa, tha, tpa);
    }

    /** True for the Ethernet/IPv4 form (6-byte and 4-byte addresses). */
    public boolean isEthernetIpv4() {
        return senderHardwareAddress.length() == 6 && senderProtocolAddress.length() == 4;
    }

    public MacAddress senderMac() {
        return mac(senderHardwareAddress);
    }

    public MacAddress targetMac() {
        return mac(targetHardwareAddress);
    }

    public Ip4Address senderIp() {
        return ip(senderProtocolAddress);
    }

    public Ip4Address targetIp() {
        return ip(targetProtocolAddress);
    }

    private static MacAddress mac(Bytes b) {
        if (b.length() != 6) {
            throw new IllegalStateException("hardware address is " + b.length() + " bytes, not 6");
        }
        return MacAddress.read(b.array(), b.offset());
    }

    private static Ip4Address ip(Bytes b) {
        if (b.length() != 4) {
            throw new IllegalStateException("protocol address is " + b.length() + " bytes, not 4");
        }
        return Ip4Address.read(b.array(), b.offset());
    }

    @Override
    public Layer next() {
        return Layer.NONE;
    }

    @Override
    public String layer() {
        return reverse ? "rarp" : "arp";
    }

    @Override
    public int encodedLength() {
        return 8 + 2 * (senderHardwareAddress.length() + senderProtocolAddress.length());
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        Wire.put16(dst, offset, hardwareType);
        Wire.put16(dst, offset + 2, protocolType);
        dst[offset + 4] = (byte) senderHardwareAddress.length();
        dst[offset + 5] = (byte) senderProtocolAddress.length();
        Wire.put16(dst, offset + 6, operation);
        int at = senderHardwareAddress.copyTo(dst, offset + 8);
        at = senderProtocolAddress.copyTo(dst, at);
        at = targetHardwareAddress.copyTo(dst, at);
        return targetProtocolAddress.copyTo(dst, at);
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", operation);
        boolean std = isEthernetIpv4();
        m.put("sha", std ? senderMac().toString() : senderHardwareAddress.toHex());
        m.put("sip", std ? senderIp().toString() : senderProtocolAddress.toHex());
        m.put("tha", std ? targetMac().toString() : targetHardwareAddress.toHex());
        m.put("tip", std ? targetIp().toString() : targetProtocolAddress.toHex());
        m.put("hrd", hardwareType);
        m.put("pro", EtherType.name(protocolType));
        return m;
    }
}
