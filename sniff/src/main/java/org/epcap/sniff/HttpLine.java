package org.epcap.sniff;

import java.util.Locale;
import java.util.Set;

/**
 * tcpdump's one-line summary of a TCP segment on the HTTP ports (80 and 8080) at its default
 * verbosity: {@code : HTTP}, then {@code : } and the segment's first line when the data starts
 * like a request (a method tcpdump knows, in any case) or a status line (a three-digit second
 * token). tcpdump prints the line only when it is printable ASCII (tabs allowed) up to its LF or
 * CRLF; a line the segment cuts is printed with {@code  [|http]}, one with a lone CR or a
 * control character not at all.
 *
 * <p>tcpdump reads the ports, not the content: the codec's {@link org.epcap.pkt.Http} decides
 * nothing here, so that these lines stay tcpdump's on every segment.
 */
final class HttpLine {
    /** The request methods tcpdump 4.99 names (RFC 9110's, WebDAV's, DeltaV's, GENA's), upper case. */
    private static final Set<String> METHODS = Set.of("GET", "PUT", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "POST",
            "BCOPY", "BMOVE", "MKCOL", "TRACE", "LABEL", "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE",
            "NOTIFY", "BDELETE", "CONNECT", "OPTIONS", "CHECKIN", "PROPFIND", "CHECKOUT", "BPROPFIND", "BPROPPATCH",
            "PROPPATCH", "MKACTIVITY", "MKWORKSPACE", "UNCHECKOUT", "VERSION-CONTROL", "BASELINE-CONTROL",
            "SUBSCRIBE", "UNSUBSCRIBE");
    /** A token longer than this is no method and no status code to tcpdump. */
    private static final int MAX_TOKEN = 127;

    private HttpLine() {
    }

    /** True for the ports on which tcpdump prints TCP data as HTTP. */
    static boolean isHttpPort(int sourcePort, int destinationPort) {
        return sourcePort == 80 || destinationPort == 80 || sourcePort == 8080 || destinationPort == 8080;
    }

    /**
     * Appends the summary of the segment's data {@code data[off, off + captured)}, of which
     * {@code length} bytes were sent ({@code captured} may be less: the capture cut it).
     */
    static void append(StringBuilder sb, byte[] data, int off, int captured, long length) {
        sb.append(": HTTP");
        int end = off + (int) Math.min(captured, length);
        boolean cut = captured < length;
        int afterFirst = token(data, off, end, cut);
        if (afterFirst < 0) {
            return;
        }
        boolean print = METHODS.contains(text(data, off, afterFirst).toUpperCase(Locale.ROOT));
        if (!print) {
            int second = skipBlanks(data, afterFirst, end);
            int afterSecond = token(data, second, end, cut);
            print = afterSecond - second == 3 && isDigit(data[second]) && isDigit(data[second + 1])
                    && isDigit(data[second + 2]);
        }
        if (print) {
            firstLine(sb, data, off, end, cut);
        }
    }

    /**
     * The end of the token of printable ASCII starting at {@code at} (it ends at a blank, CR, LF
     * or the data's end), or -1 when there is none, it holds another byte, or the capture cut it.
     */
    private static int token(byte[] d, int at, int end, boolean cut) {
        int p = at;
        while (p < end && d[p] != ' ' && d[p] != '\t' && d[p] != '\r' && d[p] != '\n') {
            if (!isPrint(d[p])) {
                return -1;
            }
            p++;
        }
        return p == at || p - at > MAX_TOKEN || p == end && cut ? -1 : p;
    }

    /** Past the blanks after a token, stopping at a line end or anything not printable. */
    private static int skipBlanks(byte[] d, int at, int end) {
        int p = at;
        while (p < end && (d[p] == ' ' || d[p] == '\t')) {
            p++;
        }
        return p;
    }

    private static void firstLine(StringBuilder sb, byte[] d, int from, int end, boolean cutByCapture) {
        for (int p = from; p < end; p++) {
            byte c = d[p];
            if (c == '\n') {
                sb.append(": ").append(text(d, from, p));
                return;
            }
            if (c == '\r') {
                if (p + 1 < end && d[p + 1] == '\n') {
                    sb.append(": ").append(text(d, from, p));
                } else if (p + 1 == end && cutByCapture) {
                    sb.append(" [|http]"); // what follows the CR was not captured
                }
                return; // a CR alone, or at the data's end: binary to tcpdump, not printed
            }
            if (!isPrint(c) && c != '\t') {
                return;
            }
        }
        if (!cutByCapture) {
            sb.append(": ").append(text(d, from, end)); // all the data there is, without a line end
        }
        sb.append(" [|http]");
    }

    private static boolean isPrint(byte c) {
        return c >= 0x20 && c <= 0x7e;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static String text(byte[] d, int from, int to) {
        return new String(d, from, to - from, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
