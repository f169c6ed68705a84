package org.epcap.sniff;

import java.util.List;
import java.util.Map;

/**
 * The little JSON writer the JSON report needs: strings escaped per RFC 8259, integers as
 * numbers, lists as arrays, maps as objects. Nothing else is needed, so there is no dependency.
 *
 * <pre>{@code
 * StringBuilder sb = new StringBuilder();
 * Json.value(sb, Map.of("layer", "tcp", "flags", List.of("ack", "psh")));
 * // {"layer":"tcp","flags":["ack","psh"]}
 * }</pre>
 */
public final class Json {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /** Appends {@code s} as a quoted JSON string. */
    public static StringBuilder string(StringBuilder sb, CharSequence s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    // Control characters must be escaped; U+2028/2029 too, so the line stays one
                    // line for JavaScript readers. Lone surrogates would make invalid UTF-8.
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || isLoneSurrogate(s, i)) {
                        sb.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }

    /**
     * Appends bytes as a quoted JSON string of their printable ASCII, each byte outside
     * space..tilde as a dot: {@code Json.string(sb, Printable.ascii(b, off, len))} without the
     * intermediate String (the payload is most of a JSON report's bytes).
     */
    public static StringBuilder printable(StringBuilder sb, byte[] b, int off, int len) {
        sb.ensureCapacity(sb.length() + len + 2);
        sb.append('"');
        // Through a small array appended in bulk: an append per byte was the payload's cost.
        char[] chunk = new char[Math.min(2 * len, PRINTABLE_CHUNK) + 2];
        int k = 0;
        for (int i = off; i < off + len; i++) {
            if (k >= chunk.length - 2) {
                sb.append(chunk, 0, k);
                k = 0;
            }
            int c = b[i] & 0xff;
            if (c < ' ' || c > '~') {
                chunk[k++] = '.';
            } else {
                if (c == '"' || c == '\\') {
                    chunk[k++] = '\\';
                }
                chunk[k++] = (char) c;
            }
        }
        sb.append(chunk, 0, k);
        return sb.append('"');
    }

    private static final int PRINTABLE_CHUNK = 2048;

    private static boolean isLoneSurrogate(CharSequence s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }

    /**
     * Appends any value a header's {@code fields()} may hold: null, Boolean, Number, CharSequence,
     * List, Map (with string keys). Anything else is written as its {@code toString()} text.
     */
    public static StringBuilder value(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (v instanceof Double d) {
            number(sb, d);
        } else if (v instanceof Float f) {
            number(sb, f.doubleValue());
        } else if (v instanceof Number n) {
            // Integer, Long, Short, Byte, BigInteger: their text is a valid JSON integer.
            sb.append(n);
        } else if (v instanceof CharSequence cs) {
            string(sb, cs);
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                value(sb, list.get(i));
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(sb, String.valueOf(e.getKey())).append(':');
                value(sb, e.getValue());
            }
            sb.append('}');
        } else {
            string(sb, v.toString());
        }
        return sb;
    }

    private static void number(StringBuilder sb, double d) {
        if (Double.isFinite(d)) {
            sb.append(d);
        } else {
            sb.append("null"); // JSON has no NaN or infinity
        }
    }
}
