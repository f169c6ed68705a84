package org.epcap.kafka.json;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads HTTP/1.x responses (RFC 9112) from a server's byte stream, fed in pieces as they are
 * reassembled: status lines and the headers an event needs (Content-Type, Content-Length,
 * Transfer-Encoding, Server), then skips each body as RFC 9112 §6.3 frames it, so that every
 * response of a keep-alive or pipelined connection is read: none after a 1xx, 204 or 304 or for a
 * HEAD request; by chunks; by Content-Length; else up to the end of the connection.
 *
 * <p>Bounded like {@link HttpRequestParser}: one line at a time, at most {@code maxLineBytes} of
 * it (the rest skipped, counted in {@code httpLinesCut}); header values past {@code maxHeaders}
 * not taken ({@code httpHeadersSkipped}), though their framing headers still count. Bodies are
 * skipped, never held. A stream whose first line is not a status line is not HTTP: the parser
 * stops at once. A chunk size or Content-Length that is not a number that fits a long ends the
 * parsing ({@code httpDesync}).
 */
final class HttpResponseParser {
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

    private enum State { STATUS_LINE, HEADERS, BODY, UNTIL_CLOSE, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, DEAD }

    private final BoundedBuffer line;
    private final int maxLineBytes;
    private final int maxHeaders;
    private final ExtractorCounters counters;
    private final Requests requests;
    private final Sink sink;

    private State state = State.STATUS_LINE;
    private boolean lineCut;
    private boolean seenResponse;
    private long remaining;
    // the response being read
    private String version;
    private int status;
    private String reason;
    private String contentType;
    private String server;
    private long contentLength;
    private boolean chunked;
    private boolean truncated;
    private int headers;

    HttpResponseParser(Budget budget, int maxLineBytes, int maxHeaders, ExtractorCounters counters, Requests requests,
            Sink sink) {
        this.line = new BoundedBuffer(budget, maxLineBytes);
        this.maxLineBytes = maxLineBytes;
        this.maxHeaders = maxHeaders;
        this.counters = counters;
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

    /** False once the parser has stopped: feed no more. */
    boolean alive() {
        return state != State.DEAD;
    }

    /** Takes the next bytes of the server's stream. */
    void feed(byte[] d, int off, int len) {
        int end = off + len;
        int p = off;
        while (p < end && state != State.DEAD) {
            if (state == State.UNTIL_CLOSE) {
                return;
            }
            if (state == State.BODY || state == State.CHUNK_DATA) {
                int n = (int) Math.min(remaining, end - p);
                p += n;
                remaining -= n;
                if (remaining == 0) {
                    state = state == State.BODY ? State.STATUS_LINE : State.CHUNK_END;
                }
                continue;
            }
            int nl = p;
            while (nl < end && d[nl] != '\n') {
                nl++;
            }
            if (!seenResponse && state == State.STATUS_LINE && line.length() == 0 && !startsLikeStatus(d, p, nl)) {
                counters.httpNotHttp++;
                stop();
                return;
            }
            int room = maxLineBytes - line.length();
            int take = Math.min(nl - p, room);
            if (take < nl - p) {
                lineCut = true;
            }
            if (take > 0 && line.append(d, p, take) == BoundedBuffer.OVER_BUDGET) {
                counters.streamsOverBudget++;
                stop();
                return;
            }
            if (nl == end) {
                return; // the line goes on in the next piece
            }
            p = nl + 1;
            int n = line.length();
            if (n > 0 && line.array()[n - 1] == '\r') {
                n--;
            }
            String text = new String(line.array(), 0, n, StandardCharsets.UTF_8);
            boolean cut = lineCut;
            line.consume(line.length());
            lineCut = false;
            if (cut) {
                counters.httpLinesCut++;
            }
            onLine(text, cut);
        }
    }

    /** The stream ended: a response whose headers did not end is counted, not reported. */
    void end() {
        if (state == State.HEADERS) {
            counters.httpIncomplete++;
        }
        stop();
    }

    /** Gives up: frees the line and reads nothing more. */
    void stop() {
        state = State.DEAD;
        line.free();
    }

    private void onLine(String text, boolean cut) {
        switch (state) {
            case STATUS_LINE -> statusLine(text, cut);
            case HEADERS -> header(text, cut);
            case CHUNK_SIZE -> chunkSize(text);
            case CHUNK_END -> state = State.CHUNK_SIZE;
            case TRAILERS -> {
                if (text.isEmpty()) {
                    state = State.STATUS_LINE;
                }
            }
            default -> {
            }
        }
    }

    private void statusLine(String text, boolean cut) {
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
            if (seenResponse) {
                counters.httpDesync++;
            } else {
                counters.httpNotHttp++;
            }
            stop();
            return;
        }
        seenResponse = true;
        version = text.substring(5, sp1);
        status = code;
        reason = text.length() > sp1 + 5 ? text.substring(sp1 + 5) : "";
        contentType = null;
        server = null;
        contentLength = -1;
        chunked = false;
        truncated = cut;
        headers = 0;
        state = State.HEADERS;
    }

    private void header(String text, boolean cut) {
        if (text.isEmpty()) {
            headersDone();
            return;
        }
        boolean skipped = ++headers > maxHeaders;
        if (skipped) {
            counters.httpHeadersSkipped++;
            truncated = true;
        }
        truncated |= cut;
        int colon = text.indexOf(':');
        if (colon <= 0 || text.charAt(0) == ' ' || text.charAt(0) == '\t') {
            return; // not a field line, or obsolete folding
        }
        String name = text.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).strip();
        switch (name) {
            case "content-type" -> contentType = contentType == null && !skipped ? value : contentType;
            case "server" -> server = server == null && !skipped ? value : server;
            case "content-length" -> {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    contentLength = -2;
                }
                if (contentLength < 0) {
                    // RFC 9112 §6.3: an invalid length leaves the message's end unknown
                    counters.httpDesync++;
                    stop();
                }
            }
            case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
            default -> {
            }
        }
    }

    private void headersDone() {
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
        if (status < 200 || status == 204 || status == 304 || head) {
            state = State.STATUS_LINE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = contentLength > 0 ? State.BODY : State.STATUS_LINE;
        } else {
            state = State.UNTIL_CLOSE; // RFC 9112 §6.3 item 8: the body ends with the connection
        }
    }

    private void chunkSize(String text) {
        int semi = text.indexOf(';');
        String hex = (semi < 0 ? text : text.substring(0, semi)).strip();
        long size;
        try {
            size = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size < 0) {
            counters.httpDesync++;
            stop();
        } else if (size == 0) {
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
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
