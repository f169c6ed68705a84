package org.epcap.pkt;

import java.util.ArrayList;
import java.util.List;

/**
 * A type-length-value item inside an SCTP chunk: an INIT parameter, the heartbeat information
 * of a HEARTBEAT, or an error cause of an ABORT or ERROR (they share the format: 16-bit type or
 * cause code, 16-bit length counting the 4-byte head and the value, then padding to 4 bytes).
 *
 * <p>{@code padding} is the padding bytes actually present inside the chunk: the last
 * parameter's padding usually lies outside the chunk length and so belongs to the chunk.
 *
 * <pre>{@code
 * SctpParameter cookie = SctpParameter.of(7, Bytes.of(stateCookie));   // padded with zeros
 * }</pre>
 *
 * @param type    0–65535 (parameter type or cause code)
 * @param value   the value bytes, at most 65531
 * @param padding 0–3 bytes after the value
 */
public record SctpParameter(int type, Bytes value, Bytes padding) {

    public SctpParameter {
        Wire.check("type", type, 0xffff);
        Wire.notNull("value", value);
        Wire.notNull("padding", padding);
        if (value.length() > 0xffff - 4) {
            throw new IllegalArgumentException("value: at most 65531 bytes, got " + value.length());
        }
        if (padding.length() > 3) {
            throw new IllegalArgumentException("padding: at most 3 bytes, got " + padding.length());
        }
    }

    /** A parameter padded with zero bytes to a multiple of four. */
    public static SctpParameter of(int type, Bytes value) {
        return new SctpParameter(type, value, Bytes.of(new byte[(4 - (value.length() & 3)) & 3]));
    }

    /** The length field: head and value, no padding. */
    public int length() {
        return 4 + value.length();
    }

    public int encodedLength() {
        return length() + padding.length();
    }

    public int encodeTo(byte[] dst, int offset) {
        Wire.put16(dst, offset, type);
        Wire.put16(dst, offset + 2, length());
        int o = value.copyTo(dst, offset + 4);
        return padding.copyTo(dst, o);
    }

    /** Reads the parameters filling {@code [from, to)}; null when they cannot be framed. */
    static List<SctpParameter> decodeAll(byte[] b, int from, int to) {
        List<SctpParameter> out = new ArrayList<>(4);
        int o = from;
        while (o < to) {
            if (to - o < 4) {
                return null;
            }
            int len = Wire.u16(b, o + 2);
            if (len < 4 || len > to - o) {
                return null;
            }
            int pad = Math.min((4 - (len & 3)) & 3, to - o - len);
            out.add(new SctpParameter(Wire.u16(b, o), Bytes.view(b, o + 4, len - 4),
                    Bytes.view(b, o + len, pad)));
            o += len + pad;
        }
        return out;
    }

    static int encodedLength(List<SctpParameter> params) {
        int n = 0;
        for (SctpParameter p : params) {
            n += p.encodedLength();
        }
        return n;
    }

    static int encodeAll(List<SctpParameter> params, byte[] dst, int offset) {
        int o = offset;
        for (SctpParameter p : params) {
            o = p.encodeTo(dst, o);
        }
        return o;
    }
}
