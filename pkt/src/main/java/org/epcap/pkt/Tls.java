package org.epcap.pkt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TLS records (RFC 8446 §5, RFC 5246 §6.2) that start a TCP segment's data, and the handshake
 * messages whole in them: a ClientHello or ServerHello is read into a {@link TlsHello} (SNI, ALPN,
 * versions, JA3/JA3S, JA4).
 *
 * <p>This decodes what one segment holds: records from the first byte of the segment's data while
 * their headers are sane, the last one possibly cut by the segment's end ({@link TlsRecord#complete()}
 * false: it continues in the next segment, which is no error). Handshake messages are read from
 * runs of handshake records, joined when one message spans several records; a message not whole in
 * the segment is not read. Joining messages across segments is the flow module's reassembly. The
 * walk decodes TLS on the ports of TLS services where the data starts like a record
 * ({@link #startsRecord}), and on any port where it starts with a hello ({@link #startsHello});
 * otherwise it stays payload.
 *
 * <pre>{@code
 * Tls tls = Pkt.decode(DataLinkType.EN10MB, frame).header(Tls.class);
 * if (tls != null && tls.clientHello() != null) {
 *     TlsHello h = tls.clientHello();
 *     System.out.println(h.serverName() + " " + h.ja3() + " " + h.ja4('t'));
 * }
 * }</pre>
 *
 * @param records    the records, the last possibly incomplete
 * @param handshakes the handshake messages read from them
 * @param message    the bytes of the records (a view of the packet)
 */
public record Tls(List<TlsRecord> records, List<TlsHandshake> handshakes, Bytes message) implements Header {
    static final String LAYER = "tls";
    public static final int RECORD_HEADER = 5;
    /** The largest record length: 2^14 plus the 2048 bytes of expansion TLS 1.2 allows. */
    public static final int MAX_RECORD = (1 << 14) + 2048;

    public Tls {
        records = ArrayViewList.copyOf(Wire.notNull("records", records));
        handshakes = ArrayViewList.copyOf(Wire.notNull("handshakes", handshakes));
        Wire.notNull("message", message);
    }

    /**
     * True when {@code packet[offset, limit)} starts with a TLS record header: a content type
     * 20–24, version 3.0–3.4 and a length TLS allows.
     */
    public static boolean startsRecord(byte[] packet, int offset, int limit) {
        int end = Math.min(limit, packet.length);
        if (offset < 0 || end - offset < RECORD_HEADER) {
            return false;
        }
        int type = packet[offset] & 0xff;
        return type >= TlsRecord.CHANGE_CIPHER_SPEC && type <= TlsRecord.HEARTBEAT && packet[offset + 1] == 3
                && (packet[offset + 2] & 0xff) <= 4 && Wire.u16(packet, offset + 3) <= MAX_RECORD;
    }

    /**
     * True when {@code packet[offset, limit)} starts with a handshake record whose first message is
     * a ClientHello or ServerHello: what the walk decodes as TLS on any TCP port, where ports lie.
     */
    public static boolean startsHello(byte[] packet, int offset, int limit) {
        if (!startsRecord(packet, offset, limit) || Math.min(limit, packet.length) - offset < RECORD_HEADER + 6
                || packet[offset] != TlsRecord.HANDSHAKE) {
            return false;
        }
        int type = packet[offset + RECORD_HEADER];
        return (type == TlsHandshake.CLIENT_HELLO || type == TlsHandshake.SERVER_HELLO)
                && Wire.u24(packet, offset + RECORD_HEADER + 1) >= 38 && packet[offset + RECORD_HEADER + 4] == 3;
    }

    /**
     * Decodes the records from {@code offset} (see the class comment).
     *
     * @throws DecodeException when no record header is there, or a hello is malformed
     */
    public static Tls decode(byte[] packet, int offset, int limit) {
        int end = Math.min(limit, packet.length);
        if (!startsRecord(packet, offset, end)) {
            Wire.need(LAYER, packet, offset, RECORD_HEADER, end);
            throw DecodeException.malformed(LAYER, offset, "not a TLS record header");
        }
        Object[] array = new Object[2];
        int count = 0;
        int p = offset;
        while (startsRecord(packet, p, end)) {
            int length = Wire.u16(packet, p + 3);
            int present = Math.min(length, end - p - RECORD_HEADER);
            if (count == array.length) {
                array = java.util.Arrays.copyOf(array, count * 2);
            }
            array[count++] = new TlsRecord(packet[p] & 0xff, Wire.u16(packet, p + 1), length,
                    Bytes.view(packet, p + RECORD_HEADER, present));
            p += RECORD_HEADER + present;
            if (present < length) {
                break;
            }
        }
        List<TlsRecord> records = ArrayViewList.own(array, count);
        return new Tls(records, handshakes(records, offset), Bytes.view(packet, offset, p - offset));
    }

    /**
     * The handshake messages whole in each run of consecutive handshake records. The leading run is
     * plaintext and read strictly (a malformed hello is an error). A run after another record may be
     * encrypted (TLS 1.2's Finished after ChangeCipherSpec, whose explicit nonce often starts with
     * zeros that read as empty messages) or plaintext (TLS 1.3's second ClientHello after a
     * compatibility ChangeCipherSpec): it is read only when it starts with a hello and reads whole,
     * and left unread otherwise.
     */
    private static List<TlsHandshake> handshakes(List<TlsRecord> records, int at) {
        if (records.get(0).contentType() != TlsRecord.HANDSHAKE && records.size() == 1) {
            return ArrayViewList.empty(); // the common record of a connection: application data
        }
        ListBuilder<TlsHandshake> out = new ListBuilder<>(2);
        int i = 0;
        while (i < records.size()) {
            if (records.get(i).contentType() != TlsRecord.HANDSHAKE) {
                i++;
                continue;
            }
            int from = i;
            while (i < records.size() && records.get(i).contentType() == TlsRecord.HANDSHAKE) {
                i++;
            }
            if (from == 0) {
                run(records, from, i, at, out);
            } else if (startsWithHello(records.get(from).fragment())) {
                int before = out.size();
                try {
                    run(records, from, i, at, out);
                } catch (DecodeException encrypted) {
                    out.truncate(before); // not plaintext messages: left unread
                }
            }
        }
        return out.build();
    }

    private static boolean startsWithHello(Bytes f) {
        return f.length() >= 4 && (f.get(0) == TlsHandshake.CLIENT_HELLO || f.get(0) == TlsHandshake.SERVER_HELLO);
    }

    private static void run(List<TlsRecord> records, int from, int to, int at, ListBuilder<TlsHandshake> out) {
        int bytes = 0;
        for (int i = from; i < to; i++) {
            bytes += records.get(i).fragment().length();
        }
        byte[] b;
        int p;
        if (to - from == 1) {
            Bytes f = records.get(from).fragment();
            b = f.array();
            p = f.offset();
        } else {
            // a message over several records: read them joined (a copy; rare but legal)
            b = new byte[bytes];
            int o = 0;
            for (int i = from; i < to; i++) {
                o = records.get(i).fragment().copyTo(b, o);
            }
            p = 0;
        }
        int end = p + bytes;
        while (end - p >= 4) {
            int type = b[p] & 0xff;
            int length = Wire.u24(b, p + 1);
            if (length > end - p - 4) {
                break; // continues in a later segment
            }
            TlsHello hello = type == TlsHandshake.CLIENT_HELLO || type == TlsHandshake.SERVER_HELLO
                    ? TlsHello.read(type == TlsHandshake.CLIENT_HELLO, b, p + 4, p + 4 + length, at) : null;
            out.add(new TlsHandshake(type, Bytes.view(b, p + 4, length), hello));
            p += 4 + length;
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
        for (TlsHandshake h : handshakes) {
            if (h.hello() != null && h.hello().client() == client) {
                return h.hello();
            }
        }
        return null;
    }

    /** What follows the records is the rest of the stream: payload. */
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
     * {@code records} ("type version length", "+" when cut), {@code handshakes} (types); for a
     * ClientHello {@code version, sni, alpn, supported_versions, ciphers, ja3, ja4}; for a
     * ServerHello {@code version, cipher, supported_versions, ja3s}.
     */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> rs = new ArrayList<>(records.size());
        for (TlsRecord r : records) {
            rs.add(r.contentType() + " " + Wire.hex(r.version(), 4) + " " + r.length() + (r.complete() ? "" : "+"));
        }
        m.put("records", rs);
        m.put("handshakes", handshakes.stream().map(TlsHandshake::type).toList());
        TlsHello c = clientHello();
        if (c != null) {
            m.put("client_version", Wire.hex(c.legacyVersion(), 4));
            c.putClientFields(m, 't');
        }
        TlsHello s = serverHello();
        if (s != null) {
            s.putServerFields(m);
        }
        return m;
    }
}
