package org.epcap.kafka.json;

/**
 * Reads HTTP/1.x requests (RFC 9112) from a client's byte stream, fed in pieces as they are
 * reassembled: request lines and the headers an event needs (Host, User-Agent, Content-Length,
 * Transfer-Encoding), then skips each body by its Content-Length or its chunks, so that pipelined
 * and keep-alive requests are all read.
 *
 * <p>Bounded as {@link HttpMessageReader} says. A stream whose first line is not a request line
 * is not HTTP: the parser stops at once and holds nothing.
 */
final class HttpRequestParser extends HttpMessageReader {
    /** A request whose headers are complete. */
    record Request(String method, String target, String version, String host, String userAgent,
            long contentLength, boolean truncated) {
    }

    /** Where the requests go. */
    interface Sink {
        void request(Request r);
    }

    private final Sink sink;
    private boolean seenRequest;
    // the request being read
    private String method;
    private String target;
    private String version;
    private String host;
    private String userAgent;

    HttpRequestParser(Budget budget, int maxLineBytes, int maxHeaders, ExtractorCounters counters, Sink sink) {
        super(budget, maxLineBytes, maxHeaders, counters);
        this.sink = sink;
    }

    /** True when the first byte of a client stream may start a request line (a method's letter). */
    static boolean mayStart(byte first) {
        return (first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z');
    }

    @Override
    boolean mayBeFirstLine(byte[] d, int from, int to, boolean lineStarted) {
        // a binary protocol whose first byte happened to be a letter: not worth holding a line for
        return text(d, from, to);
    }

    @Override
    boolean seenMessage() {
        return seenRequest;
    }

    @Override
    void startLine(String text, boolean cut) {
        if (text.isEmpty()) {
            return; // RFC 9112 §2.2: empty lines before a request line are ignored
        }
        int sp1 = text.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : text.indexOf(' ', sp1 + 1);
        String m = sp1 < 0 ? null : text.substring(0, sp1);
        String v = sp2 < 0 ? null : text.substring(sp2 + 1);
        boolean ok = m != null && isToken(m) && (v != null ? v.startsWith("HTTP/") && v.length() <= 8 : cut);
        if (!ok) {
            notHttp();
            return;
        }
        seenRequest = true;
        method = m;
        target = sp2 < 0 ? text.substring(sp1 + 1) : text.substring(sp1 + 1, sp2);
        version = v == null ? null : v.substring(5);
        host = null;
        userAgent = null;
        headersFollow(cut);
    }

    @Override
    void field(String name, String value, boolean skipped) {
        switch (name) {
            case "host" -> host = host == null && !skipped ? value : host;
            case "user-agent" -> userAgent = userAgent == null && !skipped ? value : userAgent;
            default -> {
            }
        }
    }

    @Override
    void headersDone() {
        sink.request(new Request(method, target, version, host, userAgent, contentLength, truncated));
        counters.httpRequests++;
        body(false, false);
    }

    /** True when {@code d[from, to)} has no control bytes but CR and HT: it may be part of a request line. */
    private static boolean text(byte[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = d[i] & 0xff;
            if ((c < 0x20 && c != '\r' && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isToken(String s) {
        if (s.isEmpty() || s.length() > 32) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
