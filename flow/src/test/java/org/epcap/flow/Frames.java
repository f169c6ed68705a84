package org.epcap.flow;

import java.nio.ByteBuffer;

/**
 * Hand-built Ethernet frames for the table's behaviour tests: only the fields a flow table reads
 * are meaningful (checksums are left zero, which the table never checks).
 */
final class Frames {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;

    private Frames() {
    }

    /** An IPv4 TCP segment with {@code payload} bytes of data, optionally inside VLAN tags. */
    static byte[] tcp4(String src, int sport, String dst, int dport, int flags, int payload, int... vlans) {
        byte[] l4 = new byte[20 + payload];
        ByteBuffer b = ByteBuffer.wrap(l4);
        b.putShort((short) sport).putShort((short) dport).putInt(1000).putInt(0);
        b.putShort((short) ((5 << 12) | flags)).putShort((short) 65535);
        return ipv4(src, dst, 6, l4, vlans);
    }

    static byte[] udp4(String src, int sport, String dst, int dport, int payload, int... vlans) {
        byte[] l4 = new byte[8 + payload];
        ByteBuffer.wrap(l4).putShort((short) sport).putShort((short) dport).putShort((short) l4.length);
        return ipv4(src, dst, 17, l4, vlans);
    }

    static byte[] icmp4(String src, String dst, int type, int code) {
        byte[] l4 = new byte[8];
        l4[0] = (byte) type;
        l4[1] = (byte) code;
        return ipv4(src, dst, 1, l4);
    }

    static byte[] ipv4(String src, String dst, int protocol, byte[] l4, int... vlans) {
        byte[] frame = new byte[14 + 4 * vlans.length + 20 + l4.length];
        ByteBuffer b = ByteBuffer.wrap(frame);
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1});
        for (int v : vlans) {
            b.putShort((short) 0x8100).putShort((short) v);
        }
        b.putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length)).putInt(0);
        b.put((byte) 64).put((byte) protocol).putShort((short) 0);
        b.put(addr(src)).put(addr(dst)).put(l4);
        return frame;
    }

    static byte[] addr(String dotted) {
        String[] p = dotted.split("\\.");
        return new byte[] {(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]), (byte) Integer.parseInt(p[2]),
                (byte) Integer.parseInt(p[3])};
    }
}
