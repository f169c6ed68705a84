package org.epcap.kafka.json;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads HTTP/1.x requests (RFC 9112) from a client's byte stream, fed in pieces as they are
 * reassembled: request lines and the headers an event needs (Host, User-Agent, Content-Length,
 * Transfer-Encoding), then skips each body by its Content-Length or its chunks, so that pipelined
 * and keep-alive requests are all read.
 *
 * <p>Bounded: it holds one line at a time, at most {@code maxLineBytes} of it; the rest of a
 * longer line is skipped and the request marked truncated ({@code linesCut}). The values of
 * headers past {@code maxHeaders} in one request are not taken (counted, and the request marked
 * truncated), though their Content-Length and Transfer-Encoding still frame the body. A stream whose first line is not a
 * request line is not HTTP: the parser stops at once and holds nothing.
 */
final class HttpRequestParser {
    /** A request whose headers are complete. */
    record Request(String method, String target, String version, String host, String userAgent,
            long contentLength, boolean truncated) {
    }

    /** Where the requests go. */
    interface Sink {
        void request(Request r);
    }

    private enum State { REQUEST_LINE, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, DEAD }

    private final BoundedBuffer line;
    private final int maxLineBytes;
    private final int maxHeaders;
    private final ExtractorCounters counters;
    private final Sink sink;

    private State state = State.REQUEST_LINE;
    private boolean lineCut;
    private boolean seenRequest;
    private long remaining;
    // the request being read
    private String method;
    private String target;
    private String version;
    private String host;
    private String userAgent;
    private long contentLength;
    private boolean chunked;
    private boolean truncated;
    private int headers;

    HttpRequestParser(Budget budget, int maxLineBytes, int maxHeaders, ExtractorCounters counters, Sink sink) {
        this.line = new BoundedBuffer(budget, maxLineBytes);
        this.maxLineBytes = maxLineBytes;
        this.maxHeaders = maxHeaders;
        this.counters = counters;
        this.sink = sink;
    }

    /** True when the first byte of a client stream may start a request line (a method's letter). */
    static boolean mayStart(byte first) {
        return (first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z');
    }

    /** False once the parser has stopped (not HTTP, lost its place, or out of budget): feed no more. */
    boolean alive() {
        return state != State.DEAD;
    }

    /** Takes the next bytes of the client's stream. */
    void feed(byte[] d, int off, int len) {
        int end = off + len;
        int p = off;
        while (p < end && state != State.DEAD) {
            if (state == State.BODY || state == State.CHUNK_DATA) {
                int n = (int) Math.min(remaining, end - p);
                p += n;
                remaining -= n;
                if (remaining == 0) {
                    state = state == State.BODY ? State.REQUEST_LINE : State.CHUNK_END;
                }
                continue;
            }
            int nl = p;
            while (nl < end && d[nl] != '\n') {
                nl++;
            }
            if (!seenRequest && state == State.REQUEST_LINE && !text(d, p, nl)) {
                // a binary protocol whose first byte happened to be a letter: not worth holding a line for
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

    /** The stream ended: a request whose headers did not end is counted, not reported. */
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
            case REQUEST_LINE -> requestLine(text, cut);
            case HEADERS -> header(text, cut);
            case CHUNK_SIZE -> chunkSize(text);
            case CHUNK_END -> state = State.CHUNK_SIZE;
            case TRAILERS -> {
                if (text.isEmpty()) {
                    state = State.REQUEST_LINE;
                }
            }
            default -> {
            }
        }
    }

    private void requestLine(String text, boolean cut) {
        if (text.isEmpty()) {
            return; // RFC 9112 §2.2: empty lines before a request line are ignored
        }
        int sp1 = text.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : text.indexOf(' ', sp1 + 1);
        String m = sp1 < 0 ? null : text.substring(0, sp1);
        String v = sp2 < 0 ? null : text.substring(sp2 + 1);
        boolean ok = m != null && isToken(m) && (v != null ? v.startsWith("HTTP/") && v.length() <= 8 : cut);
        if (!ok) {
            if (seenRequest) {
                counters.httpDesync++;
            } else {
                counters.httpNotHttp++;
            }
            stop();
            return;
        }
        seenRequest = true;
        method = m;
        target = sp2 < 0 ? text.substring(sp1 + 1) : text.substring(sp1 + 1, sp2);
        version = v == null ? null : v.substring(5);
        host = null;
        userAgent = null;
        contentLength = -1;
        chunked = false;
        truncated = cut;
        headers = 0;
        state = State.HEADERS;
    }

    private void header(String text, boolean cut) {
        if (text.isEmpty()) {
            sink.request(new Request(method, target, version, host, userAgent, contentLength, truncated));
            counters.httpRequests++;
            if (chunked) {
                state = State.CHUNK_SIZE;
            } else if (contentLength > 0) {
                remaining = contentLength;
                state = State.BODY;
            } else {
                state = State.REQUEST_LINE;
            }
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
            return; // not a field line, or obsolete folding: nothing an event needs
        }
        String name = text.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).strip();
        // Past the bound, values are not taken into the event; the body's framing still is read, or
        // the requests after this one would be lost.
        switch (name) {
            case "host" -> host = host == null && !skipped ? value : host;
            case "user-agent" -> userAgent = userAgent == null && !skipped ? value : userAgent;
            case "content-length" -> {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
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

    private void chunkSize(String text) {
        int semi = text.indexOf(';');
        String hex = (semi < 0 ? text : text.substring(0, semi)).strip();
        long size;
        try {
            size = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            counters.httpDesync++;
            stop();
            return;
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
