package org.epcap.pkt;

/**
 * Big-endian reads and writes over a byte array, and the bounds check every decoder makes before
 * it reads. Package-private: the protocol files share it so that each reads the same way.
 */
final class Wire {
    private Wire() {
    }

    static int u8(byte[] b, int o) {
        return b[o] & 0xff;
    }

    static int u16(byte[] b, int o) {
        return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
    }

    static int u24(byte[] b, int o) {
        return ((b[o] & 0xff) << 16) | ((b[o + 1] & 0xff) << 8) | (b[o + 2] & 0xff);
    }

    static int u32(byte[] b, int o) {
        return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8)
                | (b[o + 3] & 0xff);
    }

    static long u48(byte[] b, int o) {
        return ((long) u16(b, o) << 32) | (u32(b, o + 2) & 0xffff_ffffL);
    }

    static long u64(byte[] b, int o) {
        return ((long) u32(b, o) << 32) | (u32(b, o + 4) & 0xffff_ffffL);
    }

    static void put8(byte[] b, int o, int v) {
        b[o] = (byte) v;
    }

    static void put16(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }

    static void put24(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 16);
        b[o + 1] = (byte) (v >>> 8);
        b[o + 2] = (byte) v;
    }

    static void put32(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    static void put48(byte[] b, int o, long v) {
        put16(b, o, (int) (v >>> 32));
        put32(b, o + 2, (int) v);
    }

    static void put64(byte[] b, int o, long v) {
        put32(b, o, (int) (v >>> 32));
        put32(b, o + 4, (int) v);
    }

    /**
     * Throws {@link DecodeException#truncated} unless {@code need} bytes from {@code offset} lie
     * before {@code limit} (and inside the array, whatever the caller passed as limit).
     */
    static void need(String layer, byte[] b, int offset, int need, int limit) {
        int end = Math.min(limit, b.length);
        if (offset < 0 || need > end - offset) {
            throw DecodeException.truncated(layer, offset, need, Math.max(0, end - offset));
        }
    }

    /** Range checks for record constructors: say which field is wrong. */
    static int check(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " out of range 0.." + max + ": " + value);
        }
        return value;
    }

    static long check(String field, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " out of range 0.." + max + ": " + value);
        }
        return value;
    }

    /** A length for a 16-bit field, or an IllegalArgumentException naming {@code what}. */
    static int fits16(String what, int length) {
        if (length < 0 || length > 0xffff) {
            throw new IllegalArgumentException(what + " " + length + " does not fit 16 bits");
        }
        return length;
    }

    static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is null");
        }
        return value;
    }

    /**
     * Text from a packet made safe for a one-line report: control characters, DEL and bytes above
     * 0x7e (Latin-1 text of raw bytes) become {@code \DDD}, as in a DNS zone file, and a backslash
     * {@code \\}; a report's lines cannot be split or a terminal driven by what a packet says.
     */
    static String printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '\\') {
                StringBuilder sb = new StringBuilder(s.length() + 8).append(s, 0, i);
                for (int j = i; j < s.length(); j++) {
                    char d = s.charAt(j);
                    if (d == '\\') {
                        sb.append("\\\\");
                    } else if (d < 0x20 || d > 0x7e) {
                        int v = d & 0xff;
                        sb.append('\\').append((char) ('0' + v / 100)).append((char) ('0' + v / 10 % 10))
                                .append((char) ('0' + v % 10));
                    } else {
                        sb.append(d);
                    }
                }
                return sb.toString();
            }
        }
        return s;
    }

    /** Hex of a number for names that have none: {@code 0x88b5}. */
    static String hex(int v, int digits) {
        String h = Integer.toHexString(v);
        StringBuilder sb = new StringBuilder(2 + digits).append("0x");
        for (int i = h.length(); i < digits; i++) {
            sb.append('0');
        }
        return sb.append(h).toString();
    }
}
