package org.epcap.kafka.json;

import java.util.List;

/**
 * A TLS ClientHello or ServerHello, read from the reassembled TCP stream (so a hello over several
 * segments is read whole), or a QUIC client's ClientHello from its Initial packets (UDP: then
 * {@code version} is null, JA4 has QUIC's 'q', and there is no ServerHello: the server's Initial
 * cannot be decrypted from what was captured).
 *
 * <pre>{@code
 * if (event instanceof TlsHelloEvent t && t.client()) {
 *     System.out.println(t.serverName() + " " + t.ja3() + " " + t.ja4());
 * }
 * }</pre>
 *
 * @param timeNanos   capture time of the segment that completed the hello
 * @param endpoints   the sender of the hello is the source
 * @param client      true for a ClientHello, false for a ServerHello
 * @param version     the version: for a ServerHello the negotiated one ("1.2", "1.3": its
 *                    supported_versions, else its version field); for a ClientHello the highest
 *                    offered
 * @param serverName  the SNI of a ClientHello, or null
 * @param alpn        the ALPN protocols: the client's offer, or the server's choice
 * @param ja3         JA3 (client) or JA3S (server), MD5 hex
 * @param ja3Text     the JA3 or JA3S string before hashing
 * @param ja4         JA4 of a ClientHello (TCP: 't', QUIC: 'q'), null for a ServerHello
 */
public record TlsHelloEvent(long timeNanos, Endpoints endpoints, boolean client, String version, String serverName,
        List<String> alpn, String ja3, String ja3Text, String ja4) implements Event {

    public TlsHelloEvent {
        alpn = List.copyOf(alpn);
    }
}
