package org.epcap.kafka.json;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What reading HTTP/1.x messages (RFC 9112) from one direction of a reassembled stream has in
 * common for requests and responses: lines, header fields, and bodies skipped by their framing
 * (Content-Length, chunks, or the end of the connection), so that every message of a keep-alive
 * or pipelined connection is found. {@link HttpRequestParser} and {@link HttpResponseParser}
 * read the start line and the fields their events need.
 *
 * <p>Bounded: one line is held at a time, at most {@code maxLineBytes} of it; the rest of a
 * longer line is skipped ({@code httpLinesCut}) and the message marked truncated. The values of
 * fields past {@code maxHeaders} in one message are not taken ({@code httpHeadersSkipped}, and
 * the message marked truncated), though Content-Length and Transfer-Encoding still frame the
 * body. Bodies are skipped, never held. A Content-Length or chunk size that is not a number
 * fitting a long leaves the message's end unknown (RFC 9112 §6.3): the reader stops
 * ({@code httpDesync}).
 */
abstract class HttpMessageReader {
    /** Where the reader is in the stream. */
    enum State { START_LINE, HEADERS, BODY, UNTIL_CLOSE, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, DEAD }

    private final BoundedBuffer line;
    private final int maxLineBytes;
    private final int maxHeaders;
    final ExtractorCounters counters;

    private State state = State.START_LINE;
    private boolean lineCut;
    private long remaining;
    private int headers;
    /** The framing fields of the message being read. */
    long contentLength;
    boolean chunked;
    boolean truncated;

    HttpMessageReader(Budget budget, int maxLineBytes, int maxHeaders, ExtractorCounters counters) {
        this.line = new BoundedBuffer(budget, maxLineBytes);
        this.maxLineBytes = maxLineBytes;
        this.maxHeaders = maxHeaders;
        this.counters = counters;
    }

    /**
     * Whether {@code d[from, to)}, the start of the stream's first line so far, may begin a start
     * line of this direction; false stops the reader at once, holding nothing (not HTTP).
     */
    abstract boolean mayBeFirstLine(byte[] d, int from, int to, boolean lineStarted);

    /** A start line; it calls {@link #headersFollow} when it is one, else {@link #notHttp}. */
    abstract void startLine(String text, boolean cut);

    /** A field the event may want (name in lower case); {@code skipped}: past maxHeaders. */
    abstract void field(String name, String value, boolean skipped);

    /** The empty line after the fields: report the message, then call {@link #body}. */
    abstract void headersDone();

    /** Whether a message was read on this stream: after that, a bad start line is a lost place. */
    abstract boolean seenMessage();

    /** False once the reader has stopped (not HTTP, lost its place, or out of budget): feed no more. */
    final boolean alive() {
        return state != State.DEAD;
    }

    final State state() {
        return state;
    }

    /** Takes the next bytes of the stream. */
    final void feed(byte[] d, int off, int len) {
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
                    state = state == State.BODY ? State.START_LINE : State.CHUNK_END;
                }
                continue;
            }
            int nl = p;
            while (nl < end && d[nl] != '\n') {
                nl++;
            }
            if (!seenMessage() && state == State.START_LINE && !mayBeFirstLine(d, p, nl, line.length() > 0)) {
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

    /** The stream ended: a message whose headers did not end is counted, not reported. */
    final void end() {
        if (state == State.HEADERS) {
            counters.httpIncomplete++;
        }
        stop();
    }

    /** Gives up: frees the line and reads nothing more. */
    final void stop() {
        state = State.DEAD;
        line.free();
    }

    /** The start line was one: its fields follow. */
    final void headersFollow(boolean cut) {
        contentLength = -1;
        chunked = false;
        truncated = cut;
        headers = 0;
        state = State.HEADERS;
    }

    /** The start line was not one: not HTTP on a fresh stream, else the place is lost. */
    final void notHttp() {
        if (seenMessage()) {
            counters.httpDesync++;
        } else {
            counters.httpNotHttp++;
        }
        stop();
    }

    /**
     * After the fields, the body as RFC 9112 §6.3 frames it: none when {@code none}; else by
     * chunks, by Content-Length, or (when {@code toClose}, a response with neither) up to the
     * end of the connection; a request with neither has none.
     */
    final void body(boolean none, boolean toClose) {
        if (none) {
            state = State.START_LINE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength > 0) {
            remaining = contentLength;
            state = State.BODY;
        } else if (contentLength < 0 && toClose) {
            state = State.UNTIL_CLOSE;
        } else {
            state = State.START_LINE;
        }
    }

    private void onLine(String text, boolean cut) {
        switch (state) {
            case START_LINE -> startLine(text, cut);
            case HEADERS -> header(text, cut);
            case CHUNK_SIZE -> chunkSize(text);
            case CHUNK_END -> state = State.CHUNK_SIZE;
            case TRAILERS -> {
                if (text.isEmpty()) {
                    state = State.START_LINE;
                }
            }
            default -> {
            }
        }
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
            return; // not a field line, or obsolete folding: nothing an event needs
        }
        String name = text.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).strip();
        // Past the bound, values are not taken into the event; the body's framing still is read, or
        // the messages after this one would be lost.
        switch (name) {
            case "content-length" -> {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    contentLength = -2;
                }
                if (contentLength < 0) {
                    counters.httpDesync++;
                    stop();
                }
            }
            case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
            default -> field(name, value, skipped);
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
}
