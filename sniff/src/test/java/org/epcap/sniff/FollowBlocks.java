package org.epcap.sniff;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The blocks of {@code tshark -z follow,tcp,MODE,N} text, and of sniff's {@code --follow}, by
 * stream index, and the one equivalence where the two differ by design (gaps; see
 * {@link #comparable}).
 */
final class FollowBlocks {
    private FollowBlocks() {
    }

    /** One stream's block: its Follow line, its nodes, and the lines between the header and the rule. */
    record Block(int index, String mode, String node0, String node1, List<String> body) {
        /** tshark's block for an index it followed nothing of. */
        boolean empty() {
            return node0.equals(":0");
        }
    }

    static final String RULE = "===================================================================";
    private static final String FILTER = "Filter: tcp.stream eq ";
    private static final Pattern TSHARK_MISSING = Pattern.compile("\\[(\\d+) bytes missing in capture file]\0");

    /**
     * The blocks of {@code text} by index. tshark prints several {@code -z} blocks in reverse
     * order; sniff may print one stream in parts (its {@code [sniff: ...]} lines): both come out
     * one block per index, parts joined in order.
     */
    static Map<Integer, Block> parse(String text) {
        Map<Integer, Block> blocks = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith(FILTER)) {
                continue;
            }
            int index = Integer.parseInt(lines[i].substring(FILTER.length()).trim());
            String mode = lines[i - 1];
            String node0 = lines[i + 1].substring("Node 0: ".length());
            String node1 = lines[i + 2].substring("Node 1: ".length());
            List<String> body = new ArrayList<>();
            for (i += 3; i < lines.length && !lines[i].equals(RULE); i++) {
                if (!lines[i].startsWith("[sniff: ")) {
                    body.add(lines[i]);
                }
            }
            Block old = blocks.get(index);
            if (old != null) {
                old.body().addAll(body);
            } else {
                blocks.put(index, new Block(index, mode, node0, node1, body));
            }
        }
        return blocks;
    }

    /** True when a raw block line is a gap (sniff) or tshark's missing-bytes text. */
    static boolean isGap(String line) {
        return line.strip().startsWith("[gap: ") || missing(line) != null;
    }

    /**
     * A raw block's lines as both sides can agree on them. tshark skips bytes cut by the snapshot
     * length without a word, where sniff prints a gap line: those lines go. tshark writes bytes the
     * receiver acknowledged but the capture lacks as a chunk of text, {@code [N bytes missing in
     * capture file]} and a NUL: that chunk becomes sniff's gap line for it.
     */
    static List<String> comparable(List<String> body) {
        List<String> out = new ArrayList<>();
        for (String line : body) {
            if (line.endsWith("(cut by the snapshot length)]")) {
                continue;
            }
            String n = missing(line);
            String indent = line.startsWith("\t") ? "\t" : "";
            out.add(n == null ? line : indent + "[gap: " + n + " bytes missing (acknowledged but not captured)]");
        }
        return out;
    }

    /** The lines of one node: node 1's are indented, node 0's not. */
    static List<String> ofNode(List<String> lines, int node) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("\t") == (node == 1)) {
                out.add(l);
            }
        }
        return out;
    }

    // The byte count of tshark's missing-bytes chunk, or null when the line is not one.
    private static String missing(String line) {
        String hex = line.strip();
        if (!hex.startsWith("5b") || hex.length() % 2 != 0) {
            return null;
        }
        try {
            Matcher m = TSHARK_MISSING.matcher(new String(HexFormat.of().parseHex(hex), StandardCharsets.ISO_8859_1));
            return m.matches() ? m.group(1) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
