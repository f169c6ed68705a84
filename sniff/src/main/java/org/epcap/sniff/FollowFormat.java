package org.epcap.sniff;

import java.util.Locale;
import org.epcap.flow.tcp.GapReason;

/**
 * How {@code --follow} prints a stream: the three text modes of tshark's {@code -z follow,tcp,MODE}
 * in tshark 4.0's layout. Each chunk is what one delivery of the reassembler held (a segment, in
 * order); node 1's chunks are indented by a tab, as tshark indents them.
 *
 * <pre>{@code
 * TextBytes sb = new TextBytes();
 * FollowFormat.RAW.chunk(sb, true, "hi".getBytes(), 0, 2, 0);   // "\t6869\n"
 * }</pre>
 */
enum FollowFormat {
    /** The bytes in lower-case hex, one line per chunk ({@code -z follow,tcp,raw}). */
    RAW,
    /** A line with the chunk's length, then its bytes: printable ASCII, CR and LF as they are, others as dots. */
    ASCII,
    /** 16 bytes a line: the offset in the direction's stream, hex in two groups of 8, the same as ASCII. */
    HEX;

    /** The line that opens and closes each stream's block. */
    static final String RULE = "===================================================================";


    /** The mode named {@code s} (raw, ascii or hex, any case), or null. */
    static FollowFormat parse(String s) {
        return switch (s == null ? "" : s.strip().toLowerCase(Locale.ROOT)) {
            case "raw" -> RAW;
            case "ascii" -> ASCII;
            case "hex" -> HEX;
            default -> null;
        };
    }

    /** The mode's name in tshark's {@code Follow: tcp,MODE} line. */
    String tsharkName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Appends a stream's header: the rule, the mode, its index, node 0 and node 1. */
    void header(TextBytes sb, long index, String node0, String node1) {
        sb.append('\n').append(RULE).append('\n')
                .append("Follow: tcp,").append(tsharkName()).append('\n')
                .append("Filter: tcp.stream eq ").append(index).append('\n')
                .append("Node 0: ").append(node0).append('\n')
                .append("Node 1: ").append(node1).append('\n');
    }

    /**
     * Appends one chunk of {@code len} bytes at {@code d[off…]}, sent by node 1 when
     * {@code indented}; {@code position} is where the chunk starts in its direction's stream.
     */
    void chunk(TextBytes sb, boolean indented, byte[] d, int off, int len, long position) {
        switch (this) {
            case RAW -> {
                if (indented) sb.append('\t');
                sb.hex(d, off, len).append('\n');
            }
            case ASCII -> {
                if (indented) sb.append('\t');
                sb.append(len).append('\n');
                for (int i = off; i < off + len; i++) {
                    int b = d[i] & 0xff;
                    sb.append(b == '\r' || b == '\n' || printable(b) ? (char) b : '.');
                }
                sb.append('\n');
            }
            case HEX -> {
                for (int line = 0; line < len; line += 16) {
                    hexLine(sb, indented, d, off + line, Math.min(16, len - line), position + line);
                }
            }
        }
    }

    /**
     * Appends the line that says {@code length} bytes of the direction are missing, in every mode
     * (never hex, so that no reader takes it for data): {@code [gap: N bytes missing (reason)]}.
     */
    static void gap(TextBytes sb, boolean indented, long length, GapReason reason) {
        if (indented) sb.append('\t');
        sb.append("[gap: ").append(length).append(" bytes missing (").append(describe(reason)).append(")]\n");
    }

    /** What a gap's reason means, in the words of the gap line. */
    static String describe(GapReason reason) {
        return switch (reason) {
            case CAPTURE_LOSS -> "acknowledged but not captured";
            case BUDGET -> "reassembly buffer full";
            case TIMEOUT -> "gap timeout";
            case END -> "stream ended before it was filled";
            case TRUNCATED -> "cut by the snapshot length";
        };
    }

    private static boolean printable(int b) {
        return b >= 0x20 && b < 0x7f;
    }

    private static void hexLine(TextBytes sb, boolean indented, byte[] d, int off, int n, long position) {
        if (indented) sb.append('\t');
        sb.offset(position).append("  ");
        for (int i = 0; i < 16; i++) {
            if (i == 8) sb.append(' ');
            if (i < n) {
                sb.hex(d, off + i, 1).append(' ');
            } else {
                sb.append("   ");
            }
        }
        sb.append(' ');
        for (int i = 0; i < n; i++) {
            if (i == 8) sb.append(' ');
            int b = d[off + i] & 0xff;
            sb.append(printable(b) ? (char) b : '.');
        }
        // tshark ends the line at its last visible character.
        while (sb.charAt(sb.length() - 1) == ' ') {
            sb.setLength(sb.length() - 1);
        }
        sb.append('\n');
    }
}
