package org.epcap.pkt;

/**
 * One TLS handshake message (RFC 8446 §4) whose bytes are all present.
 *
 * @param type  1 client_hello, 2 server_hello, 4 new_session_ticket, 11 certificate, 12
 *              server_key_exchange, 14 server_hello_done, 16 client_key_exchange, 20 finished, …
 * @param body  the message's body (after its 4-byte header)
 * @param hello its reading for a ClientHello or ServerHello, else null
 */
public record TlsHandshake(int type, Bytes body, TlsHello hello) {
    public static final int CLIENT_HELLO = 1;
    public static final int SERVER_HELLO = 2;

    public TlsHandshake {
        Wire.check("type", type, 0xff);
        Wire.notNull("body", body);
    }
}
