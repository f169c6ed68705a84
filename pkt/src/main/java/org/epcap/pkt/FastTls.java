package org.epcap.pkt;

/**
 * The TLS records of a TCP payload read in place, for hot loops: a cursor that creates nothing.
 * One instance is reused payload after payload: {@link #reset} checks that the payload starts
 * with a record header, each {@link #next} moves to the next record, and the getters read the
 * current one; a ClientHello's server name is written into the caller's buffer. It walks the
 * records as {@link Tls#decode} (the record path) does, the last one possibly cut by the end of
 * the payload, and is the idea of gopacket's {@code layers.TLS} under a
 * {@code DecodingLayerParser}. Not thread-safe: one per thread.
 *
 * <pre>{@code
 * FastDecoder d = new FastDecoder();
 * FastTls tls = new FastTls();
 * byte[] name = new byte[FastNames.MAX_NAME];
 * int layers = d.decode(frame, 0, frame.length);
 * if ((layers & FastDecoder.TCP) != 0 && tls.reset(frame, d.payloadOffset(), d.payloadLength())) {
 *     while (tls.next()) {
 *         if (tls.handshakeType() == TlsHandshake.CLIENT_HELLO) {
 *             int n = tls.serverName(name);   // "example.com", or -1 without SNI
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>A record is what {@link Tls#startsRecord} accepts: content type 20–24, version 3.0–3.4 and
 * a length TLS allows; the walk ends at the first bytes that are not one. Nothing outside
 * {@code buf[off, off+len)} is read.
 */
public final class FastTls {
    private byte[] buf;
    private int end;
    private int pos;
    private int recordOffset = -1;
    private int contentType;
    private int version;
    private int length;
    private int present;

    /** Starts reading the payload {@code buf[off, off+len)}; false when it does not start with a record header. */
    public boolean reset(byte[] buf, int off, int len) {
        this.buf = buf;
        recordOffset = -1;
        present = 0;
        if (off < 0 || len < 0) {
            end = 0;
            pos = 0;
            return false;
        }
        end = (int) Math.min((long) off + len, buf.length);
        pos = off;
        if (!Tls.startsRecord(buf, off, end)) {
            pos = end;
            return false;
        }
        return true;
    }

    /** Moves to the next record; false at the end of the payload, after a cut record, or at bytes that are no record. */
    public boolean next() {
        if (recordOffset >= 0 && present < length || !Tls.startsRecord(buf, pos, end)) {
            recordOffset = -1;
            present = 0;
            return false;
        }
        recordOffset = pos;
        contentType = buf[pos] & 0xff;
        version = Wire.u16(buf, pos + 1);
        length = Wire.u16(buf, pos + 3);
        present = Math.min(length, end - pos - Tls.RECORD_HEADER);
        pos += Tls.RECORD_HEADER + present;
        return true;
    }

    /** The current record's content type: {@link TlsRecord#HANDSHAKE}, {@link TlsRecord#APPLICATION_DATA}, …. */
    public int contentType() {
        return contentType;
    }

    /** The record layer's version (0x0303 for TLS 1.2 and 1.3 records). */
    public int version() {
        return version;
    }

    /** The length the record header gives. */
    public int length() {
        return length;
    }

    /** Where the current record's header starts in the buffer. */
    public int recordOffset() {
        return recordOffset;
    }

    /** Where the current record's fragment (after its header) starts in the buffer. */
    public int fragmentOffset() {
        return recordOffset + Tls.RECORD_HEADER;
    }

    /** How many bytes of the fragment the payload holds: {@link #length()}, or fewer for a cut last record. */
    public int fragmentPresent() {
        return present;
    }

    /** The type of the message that starts a handshake record's fragment ({@link TlsHandshake#CLIENT_HELLO}, …), or -1. */
    public int handshakeType() {
        return recordOffset >= 0 && contentType == TlsRecord.HANDSHAKE && present > 0
                ? buf[recordOffset + Tls.RECORD_HEADER] & 0xff : -1;
    }

    /**
     * The server name (SNI) of the ClientHello that starts the current record, written into
     * {@code dst} (at least {@link FastNames#MAX_NAME} bytes); its length, or -1 when the record
     * starts no ClientHello, it has no server_name, or it is cut before it.
     */
    public int serverName(byte[] dst) {
        return recordOffset < 0 ? -1 : FastNames.tlsServerName(buf, recordOffset, end - recordOffset, dst);
    }
}
