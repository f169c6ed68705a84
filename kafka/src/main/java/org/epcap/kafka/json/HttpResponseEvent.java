package org.epcap.kafka.json;

/**
 * An HTTP/1.x response: its status line and the headers a SIEM asks for, read from the server's
 * reassembled byte stream, with the method and target of the request it answers (requests and
 * responses of one connection are paired in order, as HTTP/1.x sends them).
 *
 * <pre>{@code
 * if (event instanceof HttpResponseEvent r) System.out.println(r.statusCode() + " " + r.requestTarget());
 * }</pre>
 *
 * @param timeNanos        capture time of the segment that completed the response's headers
 * @param endpoints        the server is the source
 * @param version          "1.0", "1.1"
 * @param statusCode       100–999
 * @param reason           the reason phrase as sent (may be empty)
 * @param contentType      the Content-Type header, or null
 * @param contentLength    the Content-Length header, or -1
 * @param chunked          true when Transfer-Encoding ends in chunked
 * @param server           the Server header, or null
 * @param requestMethod    the method of the request it answers, or null when none was read
 * @param requestTarget    the target of that request, or null
 * @param truncated        true when a line was cut at the parser's bound or headers past the
 *                         bound on their number were skipped
 */
public record HttpResponseEvent(long timeNanos, Endpoints endpoints, String version, int statusCode, String reason,
        String contentType, long contentLength, boolean chunked, String server, String requestMethod,
        String requestTarget, boolean truncated) implements Event {
}
