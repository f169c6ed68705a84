package org.epcap.kafka.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile server streams fed to {@link HttpResponseParser}, whole and one byte at a time (the two
 * must agree): garbage, headers cut by the end of the stream, a header block far over the line
 * and header bounds, lying and invalid Content-Lengths, chunk sizes that overflow a long. Nothing
 * throws, every bound hit is counted, the line buffer stays within its bound and is given back.
 */
class HttpResponseRobustnessTest {
    private static final int LINE = 128;
    private static final int HEADERS = 10;

    /** What one stream gave. */
    private record Run(List<HttpResponseParser.Response> responses, ExtractorCounters counters, Budget budget,
            boolean alive) {
    }

    private static Run run(String stream, boolean byteByByte) {
        byte[] d = stream.getBytes(StandardCharsets.ISO_8859_1);
        Budget budget = new Budget(1 << 20);
        ExtractorCounters counters = new ExtractorCounters();
        List<HttpResponseParser.Response> out = new ArrayList<>();
        HttpResponseParser.Requests none = new HttpResponseParser.Requests() {
            @Override
            public String[] peek() {
                return null;
            }

            @Override
            public void answered() {
            }
        };
        HttpResponseParser p = new HttpResponseParser(budget, LINE, HEADERS, counters, none, out::add);
        if (byteByByte) {
            for (int i = 0; i < d.length && p.alive(); i++) {
                p.feed(d, i, 1);
                assertTrue(budget.used() <= 512, "one line, within the smallest buffer: " + budget.used());
            }
        } else {
            p.feed(d, 0, d.length);
        }
        boolean alive = p.alive();
        p.end();
        assertEquals(0, budget.used(), "the line is given back");
        assertTrue(budget.peak() <= 512, "peak " + budget.peak());
        return new Run(out, counters, budget, alive);
    }

    /** Runs the stream both ways and checks they agree; returns the whole-stream run. */
    private static Run both(String stream) {
        Run whole = run(stream, false);
        Run bytes = run(stream, true);
        assertEquals(whole.responses(), bytes.responses(), "whole and byte by byte");
        org.epcap.flow.quic.QuicHelloAssembler noQuic = new org.epcap.flow.quic.QuicHelloAssembler();
        assertEquals(whole.counters().snapshot(whole.budget(), null, noQuic).toString().replaceAll("bufferBytesPeak=\\d+", ""),
                bytes.counters().snapshot(bytes.budget(), null, noQuic).toString().replaceAll("bufferBytesPeak=\\d+", ""));
        return whole;
    }

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    @Test
    void garbageIsNotHttpAndNothingIsHeld() {
        for (String g : List.of("HTTX/1.1 200 OK\r\n\r\n", "H\u0000\u0001\u00ff\r\n", "HTTP/1.1 2\r\n\r\n",
                "HTTP/1.1 20x OK\r\n\r\n", "HTTP/1.1 099 Low\r\n\r\n", "HTTP/1.1 99999999999 Big\r\n\r\n",
                "HTTP/" + "9".repeat(1000) + "\r\n\r\n")) {
            Run r = both(g);
            assertEquals(List.of(), r.responses(), g);
            assertEquals(1, r.counters().httpNotHttp, g);
        }
        // after a good response, garbage where a status line must be: the stream is given up, counted
        Run r = both(OK + "garbage\r\n" + OK);
        assertEquals(1, r.responses().size());
        assertEquals(1, r.counters().httpDesync);
    }

    @Test
    void headersCutByTheEndOfTheStreamAreCountedNotReported() {
        Run r = both(OK + "HTTP/1.1 200 OK\r\nContent-Ty");
        assertEquals(1, r.responses().size());
        assertEquals(1, r.counters().httpIncomplete);
        assertEquals(2, both(OK + OK).responses().size(), "the control: whole, both are read");
    }

    @Test
    void aHugeHeaderBlockIsCutToTheBoundsAndCounted() {
        StringBuilder s = new StringBuilder("HTTP/1.1 200 OK\r\nServer: " + "s".repeat(100_000) + "\r\n");
        for (int i = 0; i < 500; i++) {
            s.append("X-Filler-").append(i).append(": ").append("v".repeat(200)).append("\r\n");
        }
        s.append("Content-Length: 2\r\n\r\nok").append(OK);
        Run r = both(s.toString());
        assertEquals(2, r.responses().size(), "the framing header past both bounds still frames the body");
        HttpResponseParser.Response first = r.responses().get(0);
        assertTrue(first.truncated());
        assertEquals(LINE - "Server: ".length(), first.server().length());
        assertEquals(501, r.counters().httpLinesCut, "the Server line and 500 filler lines");
        assertEquals(501 - HEADERS + 1, r.counters().httpHeadersSkipped);
        assertEquals(2, first.contentLength());
    }

    @Test
    void lyingOrInvalidContentLengthsNeverThrow() {
        // longer than what follows: the body swallows the rest, and the stream ends in it
        Run lying = both("HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775807\r\n\r\nshort" + OK);
        assertEquals(1, lying.responses().size());
        assertTrue(lying.alive(), "still inside the body when the stream ends");
        for (String cl : List.of("-5", "1e9", "99999999999999999999", "", "0x10")) {
            Run r = both("HTTP/1.1 200 OK\r\nContent-Length: " + cl + "\r\n\r\n" + OK);
            assertEquals(List.of(), r.responses(), cl);
            assertEquals(1, r.counters().httpDesync, cl);
        }
    }

    @Test
    void chunkSizesThatOverflowAreDesyncNotExceptions() {
        String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (String size : List.of("ffffffffffffffffff", "8000000000000000", "-1", "zz", "")) {
            Run r = both(head + size + "\r\nxx\r\n0\r\n\r\n" + OK);
            assertEquals(1, r.responses().size(), size);
            assertEquals(1, r.counters().httpDesync, size);
        }
        Run ok = both(head + "2;ext=1\r\nxx\r\n10\r\n" + "y".repeat(16) + "\r\n0\r\nTrailer: t\r\n\r\n" + OK);
        assertEquals(2, ok.responses().size(), "the control: valid chunks, then the next response");
        assertEquals(0, ok.counters().httpDesync);
    }

    @Test
    void responsesWithoutABodyAndToTheClose() {
        Run r = both("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n"
                + "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\nHTTP/1.0 200 OK\r\n\r\n" + OK);
        assertEquals(List.of(100, 204, 304, 200), r.responses().stream().map(HttpResponseParser.Response::status).toList(),
                "a response without a length runs to the close: the last OK is its body");
        assertEquals(4, r.counters().httpResponses);
        assertEquals(4, r.counters().httpResponsesUnmatched);
    }
}
