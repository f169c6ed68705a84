package org.epcap.sniff;

import java.util.HexFormat;

/** How the reports show raw bytes: as text with dots, or as hex. */
final class Printable {
    private Printable() {
    }

    /** The bytes as ASCII, each byte outside space..tilde shown as a dot, as the seed does. */
    static String ascii(byte[] b, int offset, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = offset; i < offset + length; i++) {
            int c = b[i] & 0xff;
            sb.append(c >= ' ' && c <= '~' ? (char) c : '.');
        }
        return sb.toString();
    }

    /** Lower-case hex pairs without separators. */
    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Hex pairs in rows of 16 bytes, each row prefixed by its offset, as {@code tcpdump -x}. */
    static String hexDump(byte[] b, String indent) {
        StringBuilder sb = new StringBuilder();
        for (int row = 0; row < b.length; row += 16) {
            sb.append(indent).append(String.format("0x%04x:", row));
            for (int i = row; i < Math.min(row + 16, b.length); i++) {
                if ((i - row) % 2 == 0) {
                    sb.append(' ');
                }
                sb.append(Character.forDigit(b[i] >> 4 & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
