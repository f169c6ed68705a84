package org.epcap.pkt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The head of an HTTP/1.x message (RFC 9112) that starts a TCP segment's data: its start line (a
 * request line or a status line) and the header field lines after it, read in place: the record
 * holds the head's bytes and the accessors read them, so decoding creates one object.
 *
 * <p>This decodes what one segment holds, as tshark does with TCP reassembly turned off: a
 * segment whose data starts with a start line ({@link #startsMessage}) on any TCP port, since
 * "GET / HTTP/1.1" is no accident; the head ends at the empty line ({@link #complete()} true,
 * and what follows is the body, left as payload) or at the segment's end (false: the fields go
 * on in the next segment). Following a connection's messages across segments, with pipelining and
 * bodies framed by Content-Length or chunks, is the flow module's reassembly.
 *
 * <pre>{@code
 * Http http = Pkt.decode(DataLinkType.EN10MB, frame).header(Http.class);
 * if (http != null && http.isRequest()) System.out.println(http.method() + " " + http.field("host") + http.target());
 * }</pre>
 *
 * @param head     the start line and the field lines, with the empty line when {@code complete}
 * @param complete whether the empty line that ends the head is in this segment
 */
public record Http(Bytes head, boolean complete) implements Header {
    static final String LAYER = "http";
    /** Field lines read by {@link #fieldLines()}; the rest stay in {@link #head()} unread. */
    public static final int MAX_FIELDS = 256;
    /** The longest method taken: RFC 9110's and WebDAV's are far shorter. */
    private static final int MAX_METHOD = 24;
    private static final byte[] HTTP_1 = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);

    public Http {
        Wire.notNull("head", head);
        if (startLineEnd(head.array(), head.offset(), head.offset() + head.length()) < 0) {
            throw new IllegalArgumentException("the head does not start with an HTTP/1.x start line");
        }
    }

    /**
     * True when {@code packet[offset, limit)} starts with a whole HTTP/1.x start line: a request
     * line ({@code token SP target SP HTTP/1.d}) or a status line ({@code HTTP/1.d SP ddd
     * [SP reason]}), ended by CRLF or LF.
     */
    public static boolean startsMessage(byte[] packet, int offset, int limit) {
        int end = Math.min(limit, packet.length);
        return offset >= 0 && offset < end && mayStartLine(packet, offset, end) && startLineEnd(packet, offset, end) >= 0;
    }

    /**
     * A cheap first look, so that the search for a line end runs only on data that may be text:
     * a method (or "HTTP/1.d") of token characters and a space within the first bytes.
     */
    private static boolean mayStartLine(byte[] b, int offset, int end) {
        int max = Math.min(end, offset + MAX_METHOD + 1);
        for (int i = offset; i < max; i++) {
            if (b[i] == ' ') {
                return i > offset;
            }
            if (!isTokenChar(b[i]) && b[i] != '/') {
                return false;
            }
        }
        return false;
    }

    /**
     * Decodes the head from {@code offset}: the start line and the field lines up to the empty
     * line, or to {@code limit}.
     *
     * @throws DecodeException when the data does not start with a start line ({@link #startsMessage})
     */
    public static Http decode(byte[] packet, int offset, int limit) {
        int end = Math.min(limit, packet.length);
        if (offset < 0 || offset >= end || startLineEnd(packet, offset, end) < 0) {
            throw DecodeException.malformed(LAYER, Math.max(offset, 0), "not an HTTP/1.x start line");
        }
        int p = startLineEnd(packet, offset, end) + 1;
        while (p < end) {
            int nl = indexOf(packet, (byte) '\n', p, end);
            if (nl < 0) {
                break;
            }
            boolean empty = nl == p || nl == p + 1 && packet[p] == '\r';
            p = nl + 1;
            if (empty) {
                return new Http(Bytes.view(packet, offset, p - offset), true);
            }
        }
        return new Http(Bytes.view(packet, offset, end - offset), false);
    }

    /**
     * The index of the start line's LF, or -1 when {@code b[offset, end)} does not start with a
     * request or status line whole in it.
     */
    private static int startLineEnd(byte[] b, int offset, int end) {
        int nl = indexOf(b, (byte) '\n', offset, end);
        if (nl < 0) {
            return -1;
        }
        int lineEnd = nl > offset && b[nl - 1] == '\r' ? nl - 1 : nl;
        return isStatusLine(b, offset, lineEnd) || isRequestLine(b, offset, lineEnd) ? nl : -1;
    }

    /** {@code HTTP/1.d SP ddd} then nothing, or SP and a reason without control characters. */
    private static boolean isStatusLine(byte[] b, int from, int to) {
        if (to - from < 12 || !isVersion(b, from) || b[from + 8] != ' ') {
            return false;
        }
        for (int i = from + 9; i < from + 12; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        if (to == from + 12) {
            return true;
        }
        return b[from + 12] == ' ' && noControls(b, from + 13, to);
    }

    /** {@code token SP target SP HTTP/1.d}: a method of token characters, a target without spaces. */
    private static boolean isRequestLine(byte[] b, int from, int to) {
        int sp = from;
        while (sp < to && isTokenChar(b[sp])) {
            sp++;
        }
        if (sp == from || sp >= to || b[sp] != ' ') {
            return false;
        }
        int versionAt = to - 8;
        if (versionAt <= sp + 2 || b[versionAt - 1] != ' ' || !isVersion(b, versionAt)) {
            return false;
        }
        for (int i = sp + 1; i < versionAt - 1; i++) {
            if (b[i] <= ' ' || b[i] == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isVersion(byte[] b, int at) {
        for (int i = 0; i < HTTP_1.length; i++) {
            if (b[at + i] != HTTP_1[i]) {
                return false;
            }
        }
        return b[at + 7] >= '0' && b[at + 7] <= '9';
    }

    /** RFC 9110 §5.6.2's tchar. */
    private static boolean isTokenChar(byte c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return switch (c) {
            case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
            default -> false;
        };
    }

    private static boolean noControls(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if ((b[i] >= 0 && b[i] < ' ' && b[i] != '\t') || b[i] == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private String text(int from, int to) {
        return new String(head.array(), from, to - from, StandardCharsets.ISO_8859_1);
    }

    private int start() {
        return head.offset();
    }

    private int end() {
        return head.offset() + head.length();
    }

    /** The start line without its line end. */
    public String startLine() {
        int nl = indexOf(head.array(), (byte) '\n', start(), end());
        int to = nl > start() && head.array()[nl - 1] == '\r' ? nl - 1 : nl;
        return text(start(), to);
    }

    /** True for a request line, false for a status line. */
    public boolean isRequest() {
        return !(head.length() >= 8 && isVersion(head.array(), start()) && head.array()[start() + 8] == ' ');
    }

    /** The request's method ({@code GET}), or null for a response. */
    public String method() {
        if (!isRequest()) {
            return null;
        }
        String line = startLine();
        return line.substring(0, line.indexOf(' '));
    }

    /** The request's target ({@code /index.html}, tshark's {@code http.request.uri}), or null for a response. */
    public String target() {
        if (!isRequest()) {
            return null;
        }
        String line = startLine();
        return line.substring(line.indexOf(' ') + 1, line.length() - 9);
    }

    /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
    public String version() {
        String line = startLine();
        return isRequest() ? line.substring(line.length() - 8) : line.substring(0, 8);
    }

    /** The response's status code, or -1 for a request. */
    public int statusCode() {
        if (isRequest()) {
            return -1;
        }
        String line = startLine();
        return Integer.parseInt(line, 9, 12, 10);
    }

    /** The response's reason phrase (possibly empty), or null for a request. */
    public String reason() {
        if (isRequest()) {
            return null;
        }
        String line = startLine();
        return line.length() > 13 ? line.substring(13) : "";
    }

    /**
     * The field lines of the head as {@code {name, value}} pairs, in order, at most
     * {@link #MAX_FIELDS}: names as sent, values without the whitespace around them. A line
     * without a colon, or one that continues the line before (obsolete folding), is not a field
     * and is left out; in an incomplete head the last line may be cut.
     */
    public List<String[]> fieldLines() {
        byte[] b = head.array();
        List<String[]> out = new ArrayList<>();
        int p = indexOf(b, (byte) '\n', start(), end()) + 1;
        while (p < end() && out.size() < MAX_FIELDS) {
            int nl = indexOf(b, (byte) '\n', p, end());
            int lineEnd = nl < 0 ? end() : nl;
            int to = lineEnd > p && b[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            if (to == p) {
                break; // the empty line: the head's end
            }
            int colon = indexOf(b, (byte) ':', p, to);
            if (colon > p && b[p] != ' ' && b[p] != '\t') {
                out.add(new String[] {text(p, colon), text(colon + 1, to).strip()});
            }
            if (nl < 0) {
                break;
            }
            p = nl + 1;
        }
        return out;
    }

    /** The value of the first field named {@code name} (any case), or null. */
    public String field(String name) {
        for (String[] f : fieldLines()) {
            if (f[0].equalsIgnoreCase(name)) {
                return f[1];
            }
        }
        return null;
    }

    @Override
    public String layer() {
        return LAYER;
    }

    /** The body, if any, is payload. */
    @Override
    public Layer next() {
        return Layer.PAYLOAD;
    }

    @Override
    public int encodedLength() {
        return head.length();
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        System.arraycopy(head.array(), head.offset(), dst, offset, head.length());
        return offset + head.length();
    }

    /**
     * {@code request} (or {@code response}), then method, uri and version, or version, status_code
     * and reason; host, user_agent, content_type, content_length, transfer_encoding and location
     * where present; the number of fields, and whether the head is complete.
     */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (isRequest()) {
            m.put("request", true);
            m.put("method", Wire.printable(method()));
            m.put("uri", Wire.printable(target()));
            m.put("version", version());
        } else {
            m.put("request", false);
            m.put("version", version());
            m.put("status_code", statusCode());
            m.put("reason", Wire.printable(reason()));
        }
        List<String[]> lines = fieldLines();
        for (String name : new String[] {"host", "user-agent", "content-type", "content-length", "transfer-encoding",
                "location"}) {
            for (String[] f : lines) {
                if (f[0].equalsIgnoreCase(name)) {
                    m.put(name.replace('-', '_'), Wire.printable(f[1]));
                    break;
                }
            }
        }
        m.put("fields", lines.size());
        m.put("complete", complete);
        return m;
    }
}
