package org.epcap.sniff;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The strftime(3) conversions a {@code -G} file name may hold ({@code out-%Y%m%d-%H%M%S.pcap}),
 * in the C locale, as tcpdump expands them.
 */
final class Strftime {
    private Strftime() {
    }

    static String format(String pattern, ZonedDateTime t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 == pattern.length()) {
                sb.append(c);
                continue;
            }
            char k = pattern.charAt(++i);
            switch (k) {
                case 'Y' -> sb.append(t.getYear());
                case 'y' -> two(sb, t.getYear() % 100);
                case 'C' -> two(sb, t.getYear() / 100);
                case 'm' -> two(sb, t.getMonthValue());
                case 'd' -> two(sb, t.getDayOfMonth());
                case 'e' -> sb.append(t.getDayOfMonth() < 10 ? " " : "").append(t.getDayOfMonth());
                case 'H' -> two(sb, t.getHour());
                case 'I' -> two(sb, (t.getHour() + 11) % 12 + 1);
                case 'M' -> two(sb, t.getMinute());
                case 'S' -> two(sb, t.getSecond());
                case 'p' -> sb.append(t.getHour() < 12 ? "AM" : "PM");
                case 'j' -> sb.append(String.format(Locale.ROOT, "%03d", t.getDayOfYear()));
                case 's' -> sb.append(t.toEpochSecond());
                case 'a' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT));
                case 'A' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ROOT));
                case 'b', 'h' -> sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT));
                case 'B' -> sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ROOT));
                case 'u' -> sb.append(t.getDayOfWeek().getValue());
                case 'w' -> sb.append(t.getDayOfWeek().getValue() % 7);
                case 'F' -> sb.append(format("%Y-%m-%d", t));
                case 'T' -> sb.append(format("%H:%M:%S", t));
                case 'R' -> sb.append(format("%H:%M", t));
                case 'D' -> sb.append(format("%m/%d/%y", t));
                case 'z' -> {
                    int s = t.getOffset().getTotalSeconds();
                    sb.append(s < 0 ? '-' : '+');
                    s = Math.abs(s) / 60;
                    two(sb, s / 60);
                    two(sb, s % 60);
                }
                case 'Z' -> sb.append(t.getZone().getDisplayName(TextStyle.SHORT, Locale.ROOT));
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case '%' -> sb.append('%');
                default -> sb.append('%').append(k);
            }
        }
        return sb.toString();
    }

    private static void two(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        sb.append(v);
    }
}
