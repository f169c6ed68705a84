package org.epcap.kafka.json;

/**
 * A decoded application event, as {@link EventExtractor} reports it: a DNS message, a TLS hello,
 * an HTTP request or response. Each holds only its own values (strings and numbers), never a view of a
 * packet, so it may be kept after the callback.
 *
 * <pre>{@code
 * EventHandler h = (event, json) -> {
 *     if (event instanceof TlsHelloEvent t && t.client()) System.out.println(t.serverName());
 * };
 * }</pre>
 */
public sealed interface Event permits DnsEvent, TlsHelloEvent, HttpRequestEvent, HttpResponseEvent {
    /** Capture time of the packet that completed the event, ns since the epoch. */
    long timeNanos();

    /** Sender, receiver and their flow's Community ID. */
    Endpoints endpoints();
}
