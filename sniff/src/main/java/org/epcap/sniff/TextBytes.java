package org.epcap.sniff;

import java.util.Arrays;

/**
 * A growing buffer of ASCII text kept as bytes, one per character: what {@code --follow} holds
 * for a stream until its block is printed, half the size of a {@code StringBuilder}'s chars and
 * written to {@link Output} without converting.
 *
 * <pre>{@code
 * TextBytes t = new TextBytes();
 * t.append("len ").append(42).append('\n');
 * }</pre>
 */
final class TextBytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf = new byte[64];
    private int n;

    /** Appends {@code c}, which is below 128. */
    TextBytes append(char c) {
        ensure(1);
        buf[n++] = (byte) c;
        return this;
    }

    /** Appends {@code s}, whose characters are below 128. */
    TextBytes append(CharSequence s) {
        int len = s.length();
        ensure(len);
        for (int i = 0; i < len; i++) {
            buf[n++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** Appends {@code v} in decimal. */
    TextBytes append(long v) {
        return append(Long.toString(v));
    }

    /** Appends {@code d[off, off+len)} as two lower-case hex digits a byte. */
    TextBytes hex(byte[] d, int off, int len) {
        ensure(2 * len);
        for (int i = off; i < off + len; i++) {
            buf[n++] = HEX[(d[i] >> 4) & 0xf];
            buf[n++] = HEX[d[i] & 0xf];
        }
        return this;
    }

    /** Appends the low 32 bits of {@code v} as 8 upper-case hex digits (a hex dump's offset). */
    TextBytes offset(long v) {
        ensure(8);
        for (int shift = 28; shift >= 0; shift -= 4) {
            buf[n++] = (byte) Character.toUpperCase(HEX[(int) (v >>> shift) & 0xf]);
        }
        return this;
    }

    /** The character at {@code i}. */
    char charAt(int i) {
        return (char) buf[i];
    }

    int length() {
        return n;
    }

    /** Drops what follows the first {@code len} characters. */
    void setLength(int len) {
        n = len;
    }

    /** Writes the text to {@code out} line by line, so that a line-buffered output hands over each. */
    void writeTo(Output out) {
        int from = 0;
        for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
                out.bytes(buf, from, i - from).newline();
                from = i + 1;
            }
        }
        out.bytes(buf, from, n - from);
    }

    @Override
    public String toString() {
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private void ensure(int more) {
        if (n + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
        }
    }
}
