package org.epcap.sniff;

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
    private Json() {
    }

    // Each method writes through JsonBytes, the JSON report's own writer, so what these
    // return is exactly what a report holds.

    /** Appends {@code s} as a quoted JSON string. */
    public static StringBuilder string(StringBuilder sb, CharSequence s) {
        return sb.append(new JsonBytes(s.length() + 2).string(s));
    }

    /**
     * Appends bytes as a quoted JSON string of their printable ASCII, each byte outside
     * space..tilde as a dot: {@code Json.string(sb, Printable.ascii(b, off, len))} without the
     * intermediate String (the payload is most of a JSON report's bytes).
     */
    public static StringBuilder printable(StringBuilder sb, byte[] b, int off, int len) {
        return sb.append(new JsonBytes(len + 2).printable(b, off, len));
    }

    /**
     * Appends any value a header's {@code fields()} may hold: null, Boolean, Number, CharSequence,
     * List, Map (with string keys). Anything else is written as its {@code toString()} text.
     */
    public static StringBuilder value(StringBuilder sb, Object v) {
        return sb.append(new JsonBytes(64).value(v));
    }
}
