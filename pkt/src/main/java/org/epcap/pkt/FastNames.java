package org.epcap.pkt;

/**
 * The names a monitor looks for, read without creating anything: the first question of a DNS
 * message (name and type) and the server name (SNI) of a TLS ClientHello. They work on the
 * payload {@link FastDecoder} found, so that a loop over packets stays free of garbage; the
 * record path ({@link Dns}, {@link TlsHello#serverName()}) gives the same names as objects.
 *
 * <pre>{@code
 * FastDecoder d = new FastDecoder();
 * byte[] name = new byte[FastNames.MAX_NAME];
 * int layers = d.decode(frame, 0, frame.length);
 * if ((layers & FastDecoder.UDP) != 0 && d.destinationPort() == 53) {
 *     int n = FastNames.dnsQuestionName(frame, d.payloadOffset(), d.payloadLength(), name);
 *     if (n >= 0) count(name, n, FastNames.dnsQuestionType(frame, d.payloadOffset(), d.payloadLength()));
 * }
 * }</pre>
 *
 * <p>Names are written as their bytes with dots between labels (no escaping, no final dot; the
 * root is empty). Every method returns -1 for anything that is not what it reads, and reads
 * nothing outside {@code buf[off, off+len)}.
 */
public final class FastNames {
    /** Room for any name: 255 wire bytes give at most 253 bytes of text. */
    public static final int MAX_NAME = 255;

    private FastNames() {
    }

    /**
     * The first question's name of the DNS message in {@code buf[off, off+len)}, written into
     * {@code dst} (at least {@link #MAX_NAME} bytes); its length, or -1 when there is no question
     * or its name is malformed. The first name of a message cannot be compressed (nothing comes
     * before it to point at), so a pointer there is malformed too.
     */
    public static int dnsQuestionName(byte[] buf, int off, int len, byte[] dst) {
        int end = questionNameEnd(buf, off, len);
        if (end < 0) {
            return -1;
        }
        int n = 0;
        for (int p = off + 12; buf[p] != 0; ) {
            int c = buf[p] & 0xff;
            if (n > 0) {
                dst[n++] = '.';
            }
            System.arraycopy(buf, p + 1, dst, n, c);
            n += c;
            p += 1 + c;
        }
        return n;
    }

    /** The first question's type (1 A, 28 AAAA, …), or -1 as {@link #dnsQuestionName}. */
    public static int dnsQuestionType(byte[] buf, int off, int len) {
        int end = questionNameEnd(buf, off, len);
        return end < 0 || end + 2 > off + len ? -1 : Wire.u16(buf, end);
    }

    /** Where the first question's name ends (after its zero byte), or -1. */
    private static int questionNameEnd(byte[] buf, int off, int len) {
        int end = Math.min(off + len, buf.length);
        if (off < 0 || end - off < 12 || Wire.u16(buf, off + 4) == 0) {
            return -1;
        }
        int p = off + 12;
        int wire = 0;
        while (p < end) {
            int c = buf[p] & 0xff;
            if (c == 0) {
                return p + 1;
            }
            if ((c & 0xc0) != 0 || p + 1 + c > end) {
                return -1;
            }
            wire += c + 1;
            if (wire + 1 > MAX_NAME) {
                return -1;
            }
            p += 1 + c;
        }
        return -1;
    }

    /**
     * The server name of the ClientHello that starts {@code buf[off, off+len)} (a TLS record, as
     * a TCP payload starts), written into {@code dst} (at least {@link #MAX_NAME} bytes); its
     * length, or -1 when the data is no ClientHello, has no server_name, or the hello is cut
     * before it.
     */
    public static int tlsServerName(byte[] buf, int off, int len, byte[] dst) {
        int end = Math.min(off + len, buf.length);
        if (off < 0 || !Tls.startsHello(buf, off, end) || buf[off + Tls.RECORD_HEADER] != TlsHandshake.CLIENT_HELLO) {
            return -1;
        }
        int recordEnd = Math.min(end, off + Tls.RECORD_HEADER + Wire.u16(buf, off + 3));
        int helloEnd = Math.min(recordEnd, off + Tls.RECORD_HEADER + 4 + Wire.u24(buf, off + Tls.RECORD_HEADER + 1));
        int p = off + Tls.RECORD_HEADER + 4 + 2 + 32; // version, random
        if (p >= helloEnd) {
            return -1;
        }
        p += 1 + (buf[p] & 0xff); // session id
        if (p + 2 > helloEnd) {
            return -1;
        }
        p += 2 + Wire.u16(buf, p); // cipher suites
        if (p + 1 > helloEnd) {
            return -1;
        }
        p += 1 + (buf[p] & 0xff); // compression methods
        if (p + 2 > helloEnd) {
            return -1;
        }
        int extEnd = Math.min(helloEnd, p + 2 + Wire.u16(buf, p));
        p += 2;
        while (p + 4 <= extEnd) {
            int type = Wire.u16(buf, p);
            int n = Wire.u16(buf, p + 2);
            p += 4;
            if (p + n > extEnd) {
                return -1;
            }
            if (type == TlsExtension.SERVER_NAME) {
                // server_name_list: length, then (type, length, name); the first host_name
                int q = p + 2;
                int listEnd = Math.min(p + n, q + (n >= 2 ? Wire.u16(buf, p) : 0));
                while (q + 3 <= listEnd) {
                    int nameType = buf[q] & 0xff;
                    int nameLength = Wire.u16(buf, q + 1);
                    if (q + 3 + nameLength > listEnd) {
                        return -1;
                    }
                    if (nameType == 0) {
                        if (nameLength > MAX_NAME) {
                            return -1;
                        }
                        System.arraycopy(buf, q + 3, dst, 0, nameLength);
                        return nameLength;
                    }
                    q += 3 + nameLength;
                }
                return -1;
            }
            p += n;
        }
        return -1;
    }
}
