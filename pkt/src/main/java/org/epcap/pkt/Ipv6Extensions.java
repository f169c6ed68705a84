package org.epcap.pkt;

/** What the IPv6 extension headers share: the length byte in 8-byte units. */
final class Ipv6Extensions {
    private Ipv6Extensions() {
    }

    /** The whole length of the extension header at {@code offset}, checked against {@code limit}. */
    static int length(String layer, byte[] packet, int offset, int limit) {
        Wire.need(layer, packet, offset, 8, limit);
        int length = (Wire.u8(packet, offset + 1) + 1) * 8;
        Wire.need(layer, packet, offset, length, limit);
        return length;
    }

    static void checkOptions(Bytes options) {
        Wire.notNull("options", options);
        if (options.length() % 8 != 6 || options.length() > 2046) {
            throw new IllegalArgumentException("options: 6 + a multiple of 8 bytes, at most 2046, got "
                    + options.length());
        }
    }
}
