package org.epcap.sniff;

/** {@code -F FILE}: the filter expression in a file, as tcpdump reads one. */
final class FilterFile {
    private FilterFile() {
    }

    /** The expression in {@code text}: each {@code #} to its line's end is a comment; lines join with spaces. */
    static String expression(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            int hash = line.indexOf('#');
            String kept = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!kept.isEmpty()) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(kept);
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
