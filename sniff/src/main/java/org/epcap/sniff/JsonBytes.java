package org.epcap.sniff;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON text written straight into UTF-8 bytes: the one implementation of the rules
 * {@link Json} documents (strings escaped per RFC 8259 plus U+2028, U+2029 and lone
 * surrogates, integers as numbers, lists as arrays, maps as objects), which {@link Json} and
 * {@link JsonReporter} both use. Going through characters first (a StringBuilder, then its
 * chars, then bytes) walked every byte of a packet's payload four times, with the quick
 * compiler sniff runs on; that was most of {@code sniff --json}'s time.
 *
 * <pre>{@code
 * JsonBytes b = new JsonBytes(64);
 * b.ascii('{').key("layer").string("tcp").ascii('}');
 * out.bytes(b.array(), 0, b.length());   // {"layer":"tcp"}
 * }</pre>
 *
 * <p>Not thread-safe: one per reporter.
 */
final class JsonBytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");

    private byte[] buf;
    private int n;
    // '"key":' for each key seen: a header's field names are a few dozen constants, written
    // for every packet.
    private final Map<String, byte[]> keys = new HashMap<>(64);

    JsonBytes(int capacity) {
        buf = new byte[Math.max(capacity, 16)];
    }

    /** The bytes written so far are {@code array()[0, length())}. */
    byte[] array() {
        return buf;
    }

    int length() {
        return n;
    }

    /** Starts again from nothing, keeping the array unless it grew beyond {@code maxKept}. */
    void clear(int maxKept) {
        n = 0;
        if (buf.length > maxKept) {
            buf = new byte[maxKept];
        }
    }

    /** The text written, decoded. */
    @Override
    public String toString() {
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private void room(int more) {
        if (n + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(2 * buf.length, n + more));
        }
    }

    /** One ASCII character, written as it is. */
    JsonBytes ascii(char c) {
        room(1);
        buf[n++] = (byte) c;
        return this;
    }

    /** Bytes written as they are (text already encoded). */
    JsonBytes raw(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, buf, n, b.length);
        n += b.length;
        return this;
    }

    /** {@code s} in UTF-8, unescaped and unquoted (a number's or a constant's text). */
    JsonBytes raw(String s) {
        return raw(s.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code "key":}, quoted and escaped as {@link #string} does. */
    JsonBytes key(String key) {
        // First by identity in a small table: field names are the codec's constants, and a
        // HashMap lookup was three calls the quick compiler does not inline.
        int slot = key.hashCode() & (RECENT_KEYS - 1);
        if (recentKeys == null) {
            recentKeys = new String[RECENT_KEYS];
            recentKeyBytes = new byte[RECENT_KEYS][];
        } else if (recentKeys[slot] == key) {
            return raw(recentKeyBytes[slot]);
        }
        byte[] b = keys.get(key);
        if (b == null) {
            JsonBytes k = new JsonBytes(key.length() + 3);
            k.string(key).ascii(':');
            b = Arrays.copyOf(k.buf, k.n);
            keys.put(key, b);
        }
        recentKeys[slot] = key;
        recentKeyBytes[slot] = b;
        return raw(b);
    }

    // 256: no two of the IP, UDP, TCP and Ethernet names share a slot (at 128 two did, and
    // took turns in it on every packet).
    private static final int RECENT_KEYS = 256;
    private String[] recentKeys;
    private byte[][] recentKeyBytes;

    /** {@code true} or {@code false}. */
    JsonBytes bool(boolean v) {
        return raw(v ? TRUE : FALSE);
    }

    /** {@code v} in decimal, as {@link Long#toString(long)} writes it. */
    JsonBytes decimal(long v) {
        if (v == (int) v) {
            return decimal((int) v);
        }
        if (v == Long.MIN_VALUE) {
            return raw(Long.toString(v));
        }
        if (v < 0) {
            ascii('-');
            v = -v;
        }
        // Nine digits at a time in int arithmetic: the quick compiler divides longs by a call.
        long high = v / 1_000_000_000;
        return decimal(high).digits((int) (v - high * 1_000_000_000), 9);
    }

    /** {@code v} in decimal, as {@link Integer#toString(int)} writes it. */
    JsonBytes decimal(int v) {
        if (v < 0) {
            if (v == Integer.MIN_VALUE) {
                return raw(Integer.toString(v));
            }
            ascii('-');
            v = -v;
        }
        int digits = 1;
        for (int p = 10; digits < 10 && v >= p; p *= 10) {
            digits++;
        }
        return digits(v, digits);
    }

    /** {@code value} (0 or more) in exactly {@code width} digits, zeros in front. */
    private JsonBytes digits(int value, int width) {
        room(width);
        for (int i = n + width - 1; i >= n; i--) {
            // value / 10 as a multiply and a shift (exact for 0 <= value < 2^32): the quick
            // compiler divides by a constant with a division instruction, twice a digit.
            int tenth = (int) ((value * 0xCCCCCCCDL) >>> 35);
            buf[i] = (byte) ('0' + value - 10 * tenth);
            value = tenth;
        }
        n += width;
        return this;
    }

    /** {@code s} as a quoted JSON string: see {@link Json#string}. */
    JsonBytes string(CharSequence s) {
        int len = s.length();
        // The characters in bulk into a reused array: a charAt call per character was a third
        // of the time spent on strings.
        if (chars.length < len) {
            chars = new char[Math.max(len, 2 * chars.length)];
        }
        char[] cs = chars;
        if (s instanceof String str) {
            str.getChars(0, len, cs, 0);
        } else {
            for (int i = 0; i < len; i++) {
                cs[i] = s.charAt(i);
            }
        }
        // Each character takes at most six bytes (an escape); a surrogate pair four.
        room(6 * len + 2);
        byte[] b = buf;
        int k = n;
        b[k++] = '"';
        for (int i = 0; i < len; i++) {
            char c = cs[i];
            if (c >= ' ' && c < 0x80) {
                if (c == '"' || c == '\\') {
                    b[k++] = '\\';
                }
                b[k++] = (byte) c;
            } else if (c < ' ') {
                b[k++] = '\\';
                switch (c) {
                    case '\n' -> b[k++] = 'n';
                    case '\r' -> b[k++] = 'r';
                    case '\t' -> b[k++] = 't';
                    case '\b' -> b[k++] = 'b';
                    case '\f' -> b[k++] = 'f';
                    default -> k = unicodeEscape(b, k - 1, c);
                }
            } else if (c < 0x800) {
                b[k++] = (byte) (0xc0 | c >> 6);
                b[k++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isSurrogate(c)) {
                // A pair is one code point, four bytes; a lone surrogate has no UTF-8, so it
                // is escaped (as is a low one without its high one before it).
                if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(cs[i + 1])) {
                    int cp = Character.toCodePoint(c, cs[++i]);
                    b[k++] = (byte) (0xf0 | cp >> 18);
                    b[k++] = (byte) (0x80 | cp >> 12 & 0x3f);
                    b[k++] = (byte) (0x80 | cp >> 6 & 0x3f);
                    b[k++] = (byte) (0x80 | cp & 0x3f);
                } else {
                    k = unicodeEscape(b, k, c);
                }
            } else if (c == 0x2028 || c == 0x2029) {
                // Line terminators for JavaScript readers: the line must stay one line.
                k = unicodeEscape(b, k, c);
            } else {
                b[k++] = (byte) (0xe0 | c >> 12);
                b[k++] = (byte) (0x80 | c >> 6 & 0x3f);
                b[k++] = (byte) (0x80 | c & 0x3f);
            }
        }
        b[k++] = '"';
        n = k;
        return this;
    }

    private char[] chars = new char[64];

    private static int unicodeEscape(byte[] b, int k, char c) {
        b[k++] = '\\';
        b[k++] = 'u';
        b[k++] = HEX[c >> 12 & 0xf];
        b[k++] = HEX[c >> 8 & 0xf];
        b[k++] = HEX[c >> 4 & 0xf];
        b[k++] = HEX[c & 0xf];
        return k;
    }

    /** Bytes as a quoted string of their printable ASCII: see {@link Json#printable}. */
    JsonBytes printable(byte[] src, int off, int len) {
        room(2 * len + 2);
        byte[] b = buf;
        byte[] shown = SHOWN;
        int k = n;
        b[k++] = '"';
        // By table, not by comparisons: captured payloads are mostly binary, where branches on
        // each byte's class are mispredicted half the time. Four bytes a turn while none of them
        // needs an escape: the quick compiler does not unroll loops itself.
        int i = off;
        int end = off + len;
        while (i < end) {
            if (i + 4 <= end) {
                byte s0 = shown[src[i] & 0xff];
                byte s1 = shown[src[i + 1] & 0xff];
                byte s2 = shown[src[i + 2] & 0xff];
                byte s3 = shown[src[i + 3] & 0xff];
                if (s0 != 0 & s1 != 0 & s2 != 0 & s3 != 0) {
                    b[k] = s0;
                    b[k + 1] = s1;
                    b[k + 2] = s2;
                    b[k + 3] = s3;
                    k += 4;
                    i += 4;
                    continue;
                }
            }
            byte c = src[i++];
            byte s = shown[c & 0xff];
            if (s != 0) {
                b[k++] = s;
            } else {
                b[k++] = '\\';
                b[k++] = c;
            }
        }
        b[k++] = '"';
        n = k;
        return this;
    }

    /** Each byte as {@link #printable} shows it: itself from space to tilde, else a dot; 0 for " and \. */
    private static final byte[] SHOWN = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            SHOWN[c] = (byte) (c < ' ' || c > '~' ? '.' : c);
        }
        SHOWN['"'] = 0;
        SHOWN['\\'] = 0;
    }

    /** Any value a header's fields may hold: see {@link Json#value}. */
    JsonBytes value(Object v) {
        if (v == null) {
            return raw(NULL);
        } else if (v instanceof Integer i) {
            return decimal(i);
        } else if (v instanceof Long l) {
            return decimal(l);
        } else if (v instanceof String s) {
            return string(s);
        } else if (v instanceof Boolean b) {
            return bool(b);
        } else if (v instanceof Double d) {
            return number(d);
        } else if (v instanceof Float f) {
            return number(f.doubleValue());
        } else if (v instanceof Number num) {
            // Short, Byte, BigInteger, ...: their text is a valid JSON integer.
            return raw(num.toString());
        } else if (v instanceof CharSequence cs) {
            return string(cs);
        } else if (v instanceof List<?> list) {
            ascii('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    ascii(',');
                }
                value(list.get(i));
            }
            return ascii(']');
        } else if (v instanceof Map<?, ?> map) {
            ascii('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    ascii(',');
                }
                first = false;
                string(String.valueOf(e.getKey())).ascii(':');
                value(e.getValue());
            }
            return ascii('}');
        }
        return string(v.toString());
    }

    private JsonBytes number(double d) {
        // JSON has no NaN or infinity.
        return Double.isFinite(d) ? raw(Double.toString(d)) : raw(NULL);
    }

    /** Built on first use: only years outside 1..9999 need it, and building it costs start-up. */
    private static final class Rfc3339Formatter {
        static final DateTimeFormatter RFC3339 =
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    }

    private static final long FIRST_SECOND_OF_YEAR_1 = LocalDate.of(1, 1, 1).toEpochDay() * 86_400;
    private static final long LAST_SECOND_OF_YEAR_9999 = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400 - 1;

    /** {@code 2013-10-27T11:47:43.123456789Z}: RFC 3339 in UTC, always nine digits, unquoted. */
    JsonBytes rfc3339(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < FIRST_SECOND_OF_YEAR_1 || seconds > LAST_SECOND_OF_YEAR_9999) {
            // Years that are not four digits: the formatter's signs and widths.
            return raw(Rfc3339Formatter.RFC3339.format(t));
        }
        // The formatter's fields by hand: it was a sixth of the JSON report's time.
        long day = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        LocalDate date = LocalDate.ofEpochDay(day);
        digits(date.getYear(), 4).ascii('-');
        digits(date.getMonthValue(), 2).ascii('-');
        digits(date.getDayOfMonth(), 2).ascii('T');
        digits(secondOfDay / 3600, 2).ascii(':');
        digits(secondOfDay / 60 % 60, 2).ascii(':');
        digits(secondOfDay % 60, 2).ascii('.');
        return digits(t.getNano(), 9).ascii('Z');
    }
}
