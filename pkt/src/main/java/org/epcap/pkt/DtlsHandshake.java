package org.epcap.pkt;

/**
 * One DTLS handshake message fragment (RFC 6347 §4.2.2, RFC 9147 §5.2): the TLS handshake header
 * with a message sequence and the fragment's place in the message.
 *
 * @param type           1 client_hello, 2 server_hello, 3 hello_verify_request, 11 certificate, …
 * @param length         the whole message's length
 * @param messageSeq     the message's number in the handshake (a retransmission repeats it)
 * @param fragmentOffset where this fragment starts in the message
 * @param fragment       the fragment's bytes ({@code fragment_length} of them)
 * @param hello          for a ClientHello or ServerHello whole in this fragment, its reading; else null
 * @param cookie         a ClientHello's cookie, or a HelloVerifyRequest's; else empty
 */
public record DtlsHandshake(int type, int length, int messageSeq, int fragmentOffset, Bytes fragment, TlsHello hello,
        Bytes cookie) {
    public static final int CLIENT_HELLO = 1;
    public static final int SERVER_HELLO = 2;
    public static final int HELLO_VERIFY_REQUEST = 3;

    public DtlsHandshake {
        Wire.check("type", type, 0xff);
        Wire.check("length", length, 0xff_ffff);
        Wire.check("messageSeq", messageSeq, 0xffff);
        Wire.check("fragmentOffset", fragmentOffset, 0xff_ffff);
        Wire.notNull("fragment", fragment);
        Wire.notNull("cookie", cookie);
    }

    /** The fragment_length field. */
    public int fragmentLength() {
        return fragment.length();
    }

    /** True when this fragment is the whole message. */
    public boolean whole() {
        return fragmentOffset == 0 && fragment.length() == length;
    }
}
