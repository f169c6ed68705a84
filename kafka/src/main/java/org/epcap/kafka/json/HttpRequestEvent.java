package org.epcap.kafka.json;

/**
 * An HTTP/1.x request: its request line and the headers a SIEM asks for, read from the client's
 * reassembled byte stream.
 *
 * <pre>{@code
 * if (event instanceof HttpRequestEvent r) System.out.println(r.method() + " " + r.host() + r.target());
 * }</pre>
 *
 * @param timeNanos     capture time of the segment that completed the request's headers
 * @param endpoints     the client is the source
 * @param method        the method as sent (case kept, as ECS asks)
 * @param target        the request target as sent (ECS {@code url.original})
 * @param version       "1.0", "1.1"
 * @param host          the Host header, or null
 * @param userAgent     the User-Agent header, or null
 * @param contentLength the Content-Length header, or -1
 * @param truncated     true when a line was longer than the parser's bound and was cut (the
 *                      values may be cut), or headers beyond the bound on their number were skipped
 */
public record HttpRequestEvent(long timeNanos, Endpoints endpoints, String method, String target, String version,
        String host, String userAgent, long contentLength, boolean truncated) implements Event {
}
