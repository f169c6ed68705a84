package org.epcap.kafka.json;

/**
 * Reads HTTP/1.x responses (RFC 9112) from a server's byte stream, fed in pieces as they are
 * reassembled: status lines and the headers an event needs (Content-Type, Content-Length,
 * Transfer-Encoding, Server), then skips each body as RFC 9112 §6.3 frames it, so that every
 * response of a keep-alive or pipelined connection is read: none after a 1xx, 204 or 304 or for a
 * HEAD request; by chunks; by Content-Length; else up to the end of the connection.
 *
 * <p>Bounded as {@link HttpMessageReader} says. A stream whose first line is not a status line
 * is not HTTP: the parser stops at once.
 */
final class HttpResponseParser extends HttpMessageReader {
    /** A response whose headers are complete, with the request it answers (fields null if none). */
    record Response(String version, int status, String reason, String contentType, long contentLength,
            boolean chunked, String server, String requestMethod, String requestTarget, boolean truncated) {
    }

    /** The requests of the connection, oldest first, not answered yet. */
    interface Requests {
        /** The oldest request not answered yet, {method, target}, or null; not removed. */
        String[] peek();

        /** Removes the oldest request (a final response answered it). */
        void answered();
    }

    /** Where the responses go. */
    interface Sink {
        void response(Response r);
    }

    private final Requests requests;
    private final Sink sink;
    private boolean seenResponse;
    // the response being read
    private String version;
    private int status;
    private String reason;
    private String contentType;
    private String server;

    HttpResponseParser(Budget budget, int maxLineBytes, int maxHeaders, ExtractorCounters counters, Requests requests,
            Sink sink) {
        super(budget, maxLineBytes, maxHeaders, counters);
        this.requests = requests;
        this.sink = sink;
    }

    /** True when the first byte of a server stream may start a status line ("HTTP/"). */
    static boolean mayStart(byte first) {
        return first == 'H';
    }

    /** True when {@code d[off, off+len)} starts with "HTTP/" (a status line, from either side). */
    static boolean startsWithStatus(byte[] d, int off, int len) {
        return len >= 5 && startsLikeStatus(d, off, off + len);
    }

    @Override
    boolean mayBeFirstLine(byte[] d, int from, int to, boolean lineStarted) {
        return lineStarted || startsLikeStatus(d, from, to);
    }

    @Override
    boolean seenMessage() {
        return seenResponse;
    }

    @Override
    void startLine(String text, boolean cut) {
        if (text.isEmpty() && seenResponse) {
            return; // a stray CRLF after a body (some servers send one)
        }
        // status-line = HTTP-version SP status-code SP [ reason-phrase ]
        int sp1 = text.indexOf(' ');
        boolean ok = sp1 >= 6 && sp1 <= 8 && text.startsWith("HTTP/") && text.length() >= sp1 + 4;
        int code = -1;
        if (ok) {
            code = digits(text, sp1 + 1, sp1 + 4);
            ok = code >= 100 && (text.length() == sp1 + 4 || text.charAt(sp1 + 4) == ' ');
        }
        if (!ok) {
            notHttp();
            return;
        }
        seenResponse = true;
        version = text.substring(5, sp1);
        status = code;
        reason = text.length() > sp1 + 5 ? text.substring(sp1 + 5) : "";
        contentType = null;
        server = null;
        headersFollow(cut);
    }

    @Override
    void field(String name, String value, boolean skipped) {
        switch (name) {
            case "content-type" -> contentType = contentType == null && !skipped ? value : contentType;
            case "server" -> server = server == null && !skipped ? value : server;
            default -> {
            }
        }
    }

    @Override
    void headersDone() {
        String[] request = requests.peek();
        boolean head = request != null && request[0].equals("HEAD");
        sink.response(new Response(version, status, reason, contentType, contentLength, chunked, server,
                request == null ? null : request[0], request == null ? null : request[1], truncated));
        counters.httpResponses++;
        if (request == null) {
            counters.httpResponsesUnmatched++;
        }
        if (status == 101) {
            stop(); // RFC 9110 §15.2.2: the connection speaks another protocol now
            return;
        }
        if (status >= 200) {
            requests.answered(); // a 1xx is interim: the final response to the same request follows
        }
        // RFC 9112 §6.3: no body after a 1xx, 204 or 304 or for HEAD; item 8: else to the close
        body(status < 200 || status == 204 || status == 304 || head, true);
    }

    /** The decimal value of {@code s[from, to)}, or -1 unless it is all digits. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** True when the bytes of the first line so far may be the start of "HTTP/". */
    private static boolean startsLikeStatus(byte[] d, int from, int to) {
        byte[] want = {'H', 'T', 'T', 'P', '/'};
        for (int i = 0; i < want.length && from + i < to; i++) {
            if (d[from + i] != want[i]) {
                return false;
            }
        }
        return true;
    }
}
