package org.epcap.pkt;

/**
 * One DTLS record (RFC 6347 §4.1, RFC 9147 §4: DTLSPlaintext) as far as the datagram holds it.
 *
 * @param contentType    20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data, 24 heartbeat
 * @param version        0xfeff DTLS 1.0, 0xfefd DTLS 1.2 (and DTLS 1.3's plaintext records)
 * @param epoch          0 while no cipher is in use, then counted up by each change of keys
 * @param sequenceNumber 48 bits, per epoch
 * @param length         the length field: the fragment's full length
 * @param fragment       the fragment's bytes present here: all {@code length} of them unless the
 *                       capture cut the datagram
 */
public record DtlsRecord(int contentType, int version, int epoch, long sequenceNumber, int length, Bytes fragment) {

    public DtlsRecord {
        Wire.check("contentType", contentType, 0xff);
        Wire.check("version", version, 0xffff);
        Wire.check("epoch", epoch, 0xffff);
        Wire.check("sequenceNumber", sequenceNumber, 0xffff_ffff_ffffL);
        Wire.check("length", length, 0xffff);
        Wire.notNull("fragment", fragment);
    }

    /** True when the whole fragment is here. */
    public boolean complete() {
        return fragment.length() == length;
    }
}
