package org.epcap.pkt;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 address held in an {@code int}: no allocation beyond the record, no name lookup.
 *
 * <pre>{@code
 * Ip4Address a = Ip4Address.parse("169.254.1.2");
 * a.toString();        // "169.254.1.2"
 * a.toInetAddress();   // an Inet4Address, when a JDK API needs one
 * }</pre>
 */
public record Ip4Address(int value) {

    /** The four bytes at {@code offset} of {@code b}. */
    public static Ip4Address read(byte[] b, int offset) {
        return new Ip4Address(((b[offset] & 0xff) << 24) | ((b[offset + 1] & 0xff) << 16)
                | ((b[offset + 2] & 0xff) << 8) | (b[offset + 3] & 0xff));
    }

    /** Parses dotted-quad text. */
    public static Ip4Address parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int v = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + text, e);
            }
            if (octet < 0 || octet > 255 || p.length() > 3) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            v = (v << 8) | octet;
        }
        return new Ip4Address(v);
    }

    /** Writes the four bytes at {@code offset}; returns the offset past them. */
    public int writeTo(byte[] b, int offset) {
        b[offset] = (byte) (value >>> 24);
        b[offset + 1] = (byte) (value >>> 16);
        b[offset + 2] = (byte) (value >>> 8);
        b[offset + 3] = (byte) value;
        return offset + 4;
    }

    public byte[] toBytes() {
        byte[] b = new byte[4];
        writeTo(b, 0);
        return b;
    }

    public Inet4Address toInetAddress() {
        try {
            return (Inet4Address) InetAddress.getByAddress(toBytes());
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an IPv4 address", e);
        }
    }

    @Override
    public String toString() {
        return ((value >>> 24) & 0xff) + "." + ((value >>> 16) & 0xff) + "."
                + ((value >>> 8) & 0xff) + "." + (value & 0xff);
    }
}
