package org.epcap.sniff;

/**
 * tcpdump's packet dumps under the summary line, byte for byte: {@code -x} (hex), {@code -X}
 * (hex and ASCII), {@code -A} (ASCII). Doubled ({@code -xx}, {@code -XX}, {@code -AA}) they
 * start at the link header, else after it.
 *
 * <pre>
 * 09:19:54.740079 IP 192.168.1.11.43966 &gt; 209.87.249.18.53: UDP, length 56
 * 	0x0000:  4500 0054 59cd 0000 4011 94ae c0a8 010b  E..TY...@.......
 * </pre>
 */
public enum PacketDump {
    NONE, HEX, HEX_ASCII, ASCII;

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();
    private static final int HEXSTUFF_PER_LINE = 40;

    /** Appends the dump of {@code b[off, off+len)}, each row led by a newline and a tab. */
    public void append(StringBuilder sb, byte[] b, int off, int len) {
        switch (this) {
            case NONE -> { }
            case HEX -> hex(sb, b, off, len);
            case HEX_ASCII -> hexAscii(sb, b, off, len);
            case ASCII -> ascii(sb, b, off, len);
        }
    }

    // Rows of eight 16-bit words, an odd last byte alone.
    private static void hex(StringBuilder sb, byte[] b, int off, int len) {
        int words = len / 2;
        int i = 0;
        int row = 0;
        int p = off;
        while (words-- > 0) {
            if (i++ % 8 == 0) {
                rowStart(sb, row);
                row += 16;
            }
            sb.append(' ');
            byteHex(sb, b[p++]);
            byteHex(sb, b[p++]);
        }
        if ((len & 1) != 0) {
            if (i % 8 == 0) {
                rowStart(sb, row);
            }
            sb.append(' ');
            byteHex(sb, b[p]);
        }
    }

    // As hex, with each row's hex padded to 40 columns and its bytes as text after two spaces
    // (a byte outside '!'..'~' as a dot).
    private static void hexAscii(StringBuilder sb, byte[] b, int off, int len) {
        int row = 0;
        for (int start = 0; start < len; start += 16) {
            int end = Math.min(start + 16, len);
            rowStart(sb, row);
            row += 16;
            int hexStart = sb.length();
            for (int j = start; j < end; j += 2) {
                sb.append(' ');
                byteHex(sb, b[off + j]);
                if (j + 1 < end) {
                    byteHex(sb, b[off + j + 1]);
                }
            }
            for (int pad = HEXSTUFF_PER_LINE - (sb.length() - hexStart); pad > 0; pad--) {
                sb.append(' ');
            }
            sb.append("  ");
            for (int j = start; j < end; j++) {
                int c = b[off + j] & 0xff;
                sb.append(c > ' ' && c <= '~' ? (char) c : '.');
            }
        }
    }

    // A newline first; printable bytes, space, tab and newline as they are, others as dots; a
    // carriage return vanishes before a line feed or as one of the last two bytes (tcpdump's rule).
    private static void ascii(StringBuilder sb, byte[] b, int off, int len) {
        sb.append('\n');
        int remaining = len;
        int p = off;
        while (remaining > 0) {
            int c = b[p++] & 0xff;
            remaining--;
            if (c == '\r') {
                if (remaining > 1 && b[p] != '\n') {
                    sb.append('.');
                }
            } else if ((c > ' ' && c <= '~') || c == '\t' || c == ' ' || c == '\n') {
                sb.append((char) c);
            } else {
                sb.append('.');
            }
        }
    }

    private static void rowStart(StringBuilder sb, int row) {
        sb.append("\n\t0x");
        if (row > 0xffff) {
            sb.append(Integer.toHexString(row)); // printf's %04x grows past four digits
        } else {
            sb.append(DIGITS[row >> 12 & 0xf]).append(DIGITS[row >> 8 & 0xf])
                    .append(DIGITS[row >> 4 & 0xf]).append(DIGITS[row & 0xf]);
        }
        sb.append(": ");
    }

    private static void byteHex(StringBuilder sb, byte v) {
        sb.append(DIGITS[v >> 4 & 0xf]).append(DIGITS[v & 0xf]);
    }
}
