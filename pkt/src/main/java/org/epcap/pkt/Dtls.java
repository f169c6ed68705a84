package org.epcap.pkt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DTLS records (RFC 6347 §4.1 for DTLS 1.0 and 1.2, RFC 9147 §4 for 1.3's plaintext ones)
 * that start a UDP datagram, and the handshake messages in them: a ClientHello or ServerHello
 * whole in one fragment is read into a {@link TlsHello} as TLS's are (SNI, ALPN, versions,
 * JA3/JA3S, JA4 with {@code 'd'}), with the ClientHello's cookie, and a HelloVerifyRequest's
 * cookie.
 *
 * <p>A record header is 13 bytes: content type, version (0xfeff DTLS 1.0, 0xfefd 1.2), epoch,
 * 48-bit sequence number, length; a handshake header 12: type, length, message_seq,
 * fragment_offset, fragment_length. Records never span datagrams, so all of them are here unless
 * the capture cut the datagram (the last then {@link DtlsRecord#complete()} false). Handshake
 * records of epoch 0 are plaintext and read strictly (a fragment that runs past its record or
 * message, or a malformed hello, is an error); those of later epochs are encrypted and not read.
 * DTLS 1.3's unified header (its encrypted records) and RFC 9146's connection id records are not
 * decoded: where one follows, the walk ends with it as payload.
 *
 * <p>No port is assigned to DTLS: the walk decodes it on a UDP port it does not otherwise decode
 * where the datagram starts with a record whole in it ({@link #startsDatagram}).
 *
 * <pre>{@code
 * Dtls d = Pkt.decode(DataLinkType.EN10MB, frame).header(Dtls.class);
 * if (d != null && d.clientHello() != null) System.out.println(d.clientHello().serverName());
 * }</pre>
 *
 * @param records    the records, the last possibly incomplete
 * @param handshakes the handshake message fragments of epoch 0, in order
 * @param message    the bytes of the records (a view of the packet)
 */
public record Dtls(List<DtlsRecord> records, List<DtlsHandshake> handshakes, Bytes message) implements Header {
    static final String LAYER = "dtls";
    public static final int RECORD_HEADER = 13;
    public static final int HANDSHAKE_HEADER = 12;
    public static final int DTLS_1_0 = 0xfeff;
    public static final int DTLS_1_2 = 0xfefd;

    public Dtls {
        records = List.copyOf(Wire.notNull("records", records));
        handshakes = List.copyOf(Wire.notNull("handshakes", handshakes));
        Wire.notNull("message", message);
    }

    /**
     * True when {@code packet[offset, limit)} starts with a DTLS record header: a content type
     * 20–24, version DTLS 1.0 or 1.2, a length TLS allows, and no application data in epoch 0
     * (before any keys).
     */
    public static boolean startsRecord(byte[] packet, int offset, int limit) {
        int end = Math.min(limit, packet.length);
        if (offset < 0 || end - offset < RECORD_HEADER) {
            return false;
        }
        int type = packet[offset] & 0xff;
        int version = Wire.u16(packet, offset + 1);
        return type >= TlsRecord.CHANGE_CIPHER_SPEC && type <= TlsRecord.HEARTBEAT
                && (version == DTLS_1_0 || version == DTLS_1_2) && Wire.u16(packet, offset + 11) <= Tls.MAX_RECORD
                && !(type == TlsRecord.APPLICATION_DATA && Wire.u16(packet, offset + 3) == 0);
    }

    /**
     * True when the datagram's data {@code packet[offset, limit)} starts with a DTLS record whole
     * in it: what the walk decodes as DTLS on a UDP port, where a port says nothing.
     */
    public static boolean startsDatagram(byte[] packet, int offset, int limit) {
        return startsRecord(packet, offset, limit)
                && Wire.u16(packet, offset + 11) <= Math.min(limit, packet.length) - offset - RECORD_HEADER;
    }

    /**
     * Decodes the records from {@code offset} (see the class comment).
     *
     * @throws DecodeException when no record header is there, or a plaintext handshake is malformed
     */
    public static Dtls decode(byte[] packet, int offset, int limit) {
        int end = Math.min(limit, packet.length);
        if (!startsRecord(packet, offset, end)) {
            Wire.need(LAYER, packet, offset, RECORD_HEADER, end);
            throw DecodeException.malformed(LAYER, offset, "not a DTLS record header");
        }
        List<DtlsRecord> records = new ArrayList<>(2);
        List<DtlsHandshake> handshakes = new ArrayList<>(2);
        int p = offset;
        while (startsRecord(packet, p, end)) {
            int length = Wire.u16(packet, p + 11);
            int present = Math.min(length, end - p - RECORD_HEADER);
            DtlsRecord r = new DtlsRecord(packet[p] & 0xff, Wire.u16(packet, p + 1), Wire.u16(packet, p + 3),
                    Wire.u48(packet, p + 5), length, Bytes.view(packet, p + RECORD_HEADER, present));
            records.add(r);
            if (r.contentType() == TlsRecord.HANDSHAKE && r.epoch() == 0) {
                messages(packet, p + RECORD_HEADER, p + RECORD_HEADER + present, r.complete(), p, handshakes);
            }
            p += RECORD_HEADER + present;
            if (present < length) {
                break;
            }
        }
        return new Dtls(records, handshakes, Bytes.view(packet, offset, p - offset));
    }

    /** The handshake fragments in one plaintext record's fragment {@code b[from, to)}. */
    private static void messages(byte[] b, int from, int to, boolean complete, int at, List<DtlsHandshake> out) {
        int p = from;
        while (p < to) {
            if (to - p < HANDSHAKE_HEADER) {
                if (!complete) {
                    return; // cut by the capture
                }
                throw DecodeException.malformed(LAYER, at, (to - p) + " bytes after the handshake messages");
            }
            int type = b[p] & 0xff;
            int length = Wire.u24(b, p + 1);
            int seq = Wire.u16(b, p + 4);
            int fragmentOffset = Wire.u24(b, p + 6);
            int fragmentLength = Wire.u24(b, p + 9);
            int body = p + HANDSHAKE_HEADER;
            if (fragmentLength > to - body) {
                if (!complete) {
                    return;
                }
                throw DecodeException.malformed(LAYER, at, "handshake fragment of " + fragmentLength
                        + " bytes runs past its record");
            }
            if ((long) fragmentOffset + fragmentLength > length) {
                throw DecodeException.malformed(LAYER, at, "handshake fragment at " + fragmentOffset + " of "
                        + fragmentLength + " bytes runs past its message of " + length);
            }
            TlsHello hello = null;
            Bytes cookie = Bytes.EMPTY;
            if (fragmentOffset == 0 && fragmentLength == length) {
                int bodyEnd = body + length;
                if (type == DtlsHandshake.CLIENT_HELLO || type == DtlsHandshake.SERVER_HELLO) {
                    hello = TlsHello.read(LAYER, type == DtlsHandshake.CLIENT_HELLO, b, body, bodyEnd, at);
                    if (hello.client()) {
                        int c = body + 2 + 32 + 1 + hello.sessionId().length(); // checked by the read
                        cookie = Bytes.view(b, c + 1, b[c] & 0xff);
                    }
                } else if (type == DtlsHandshake.HELLO_VERIFY_REQUEST) {
                    if (length < 3 || 3 + (b[body + 2] & 0xff) > length) {
                        throw DecodeException.malformed(LAYER, at, "HelloVerifyRequest of " + length + " bytes");
                    }
                    cookie = Bytes.view(b, body + 3, b[body + 2] & 0xff);
                }
            }
            out.add(new DtlsHandshake(type, length, seq, fragmentOffset, Bytes.view(b, body, fragmentLength), hello,
                    cookie));
            p = body + fragmentLength;
        }
    }

    /** The ClientHello read here, or null. */
    public TlsHello clientHello() {
        return hello(true);
    }

    /** The ServerHello read here, or null. */
    public TlsHello serverHello() {
        return hello(false);
    }

    private TlsHello hello(boolean client) {
        for (DtlsHandshake h : handshakes) {
            if (h.hello() != null && h.hello().client() == client) {
                return h.hello();
            }
        }
        return null;
    }

    /** What follows the records (DTLS 1.3's encrypted records, say) is payload. */
    @Override
    public Layer next() {
        return Layer.PAYLOAD;
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public int encodedLength() {
        return message.length();
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        return message.copyTo(dst, offset);
    }

    /**
     * {@code records} ("type version epoch sequence length", "+" when cut), {@code handshakes}
     * ("type message_seq fragment_offset fragment_length length"); for a ClientHello {@code
     * client_version, cookie_length, sni, alpn, supported_versions, ciphers, ja3, ja4}; for a
     * ServerHello {@code server_version, cipher, selected_version, ja3s}; for a HelloVerifyRequest
     * {@code verify_cookie_length}.
     */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> rs = new ArrayList<>(records.size());
        for (DtlsRecord r : records) {
            rs.add(r.contentType() + " " + Wire.hex(r.version(), 4) + " " + r.epoch() + " " + r.sequenceNumber() + " "
                    + r.length() + (r.complete() ? "" : "+"));
        }
        m.put("records", rs);
        List<String> hs = new ArrayList<>(handshakes.size());
        for (DtlsHandshake h : handshakes) {
            hs.add(h.type() + " " + h.messageSeq() + " " + h.fragmentOffset() + " " + h.fragmentLength() + " "
                    + h.length());
        }
        m.put("handshakes", hs);
        for (DtlsHandshake h : handshakes) {
            if (h.type() == DtlsHandshake.HELLO_VERIFY_REQUEST && h.whole()) {
                m.put("verify_cookie_length", h.cookie().length());
            }
            TlsHello c = h.hello();
            if (c != null && c.client() && !m.containsKey("client_version")) {
                m.put("client_version", Wire.hex(c.legacyVersion(), 4));
                m.put("cookie_length", h.cookie().length());
                c.putClientFields(m, 'd');
            }
        }
        TlsHello s = serverHello();
        if (s != null) {
            s.putServerFields(m);
        }
        return m;
    }
}
