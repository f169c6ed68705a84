package org.epcap.pkt;

import java.nio.charset.StandardCharsets;

/**
 * A 48-bit MAC address held in the low bits of a {@code long}: cheap to decode, compare and
 * hash.
 *
 * <pre>{@code
 * MacAddress m = MacAddress.parse("f0:bd:4f:aa:bb:cc");
 * m.toString();   // "F0:BD:4F:AA:BB:CC", as the seed's sniff prints it
 * }</pre>
 */
public record MacAddress(long value) {
    public static final MacAddress BROADCAST = new MacAddress(0xffff_ffff_ffffL);
    public static final MacAddress ZERO = new MacAddress(0);

    public MacAddress {
        if ((value & ~0xffff_ffff_ffffL) != 0) {
            throw new IllegalArgumentException("not a 48-bit value: " + Long.toHexString(value));
        }
    }

    /** The six bytes at {@code offset} of {@code b}. */
    public static MacAddress read(byte[] b, int offset) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (b[offset + i] & 0xff);
        }
        return new MacAddress(v);
    }

    /** Parses six hex pairs separated by {@code :} or {@code -}. */
    public static MacAddress parse(String text) {
        String[] parts = text.split("[:-]");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 2) {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            v = (v << 8) | Integer.parseInt(p, 16);
        }
        return new MacAddress(v);
    }

    /** Writes the six bytes at {@code offset}; returns the offset past them. */
    public int writeTo(byte[] b, int offset) {
        for (int i = 0; i < 6; i++) {
            b[offset + i] = (byte) (value >>> (40 - 8 * i));
        }
        return offset + 6;
    }

    public byte[] toBytes() {
        byte[] b = new byte[6];
        writeTo(b, 0);
        return b;
    }

    /** Upper-case hex pairs joined by colons. */
    @Override
    public String toString() {
        // A digit table, not String.format per byte: sniff's JSON report prints two addresses
        // a packet, and formatting them was a third of its time.
        byte[] text = new byte[17];
        for (int i = 0; i < 6; i++) {
            int octet = (int) (value >>> (40 - 8 * i)) & 0xff;
            text[3 * i] = HEX_DIGITS[octet >>> 4];
            text[3 * i + 1] = HEX_DIGITS[octet & 0xf];
            if (i < 5) {
                text[3 * i + 2] = ':';
            }
        }
        return new String(text, StandardCharsets.US_ASCII);
    }

    private static final byte[] HEX_DIGITS = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
}
