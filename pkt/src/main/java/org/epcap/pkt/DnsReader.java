package org.epcap.pkt;

import java.nio.charset.StandardCharsets;

/**
 * Reads one DNS message: a cursor over {@code packet[start, limit)} that follows compression
 * pointers with the two bounds that keep a hostile message from looping or growing (RFC 1035
 * §4.1.4, RFC 9267): at most {@value #MAX_POINTERS} pointers per name and at most 255 bytes of
 * name in its wire form. Every read checks the limit first and throws {@link DecodeException}
 * under the layer it reads for. Package-private; {@link Dns#decode} drives it.
 */
final class DnsReader {
    /** More pointers than a 255-byte name can legitimately need (each label costs at least 2 bytes). */
    static final int MAX_POINTERS = 127;
    static final int MAX_NAME = 255;

    final byte[] b;
    final int start;
    final int limit;
    final String layer;
    int pos;
    // presentation form of the name being read, one array per message: it starts with room for
    // the common name and grows when a label, or an escape (\DDD, 4 chars a byte), needs more
    // (at most 4 * 255 + 1), since a message of short names should not pay for the longest name
    private byte[] text = new byte[64];
    // The first two names read whole at their place (no pointer), by message offset: a later name
    // that is nothing but a pointer to one of them (an answer's owner pointing at its question,
    // the usual 0xc00c) is that same String, not a new one built again. Only pointer-free names are
    // kept, so such a reuse follows exactly one pointer, as reading it again would.
    private int cachedAt0 = -1;
    private String cached0;
    private int cachedAt1 = -1;
    private String cached1;

    DnsReader(String layer, byte[] b, int start, int limit) {
        this.layer = layer;
        this.b = b;
        this.start = start;
        this.limit = Math.min(limit, b.length);
        this.pos = start;
    }

    void need(int n) {
        if (n > limit - pos) {
            throw DecodeException.truncated(layer, start, pos - start + n, limit - start);
        }
    }

    int u8() {
        need(1);
        return b[pos++] & 0xff;
    }

    int u16() {
        need(2);
        int v = Wire.u16(b, pos);
        pos += 2;
        return v;
    }

    long u32() {
        need(4);
        long v = Wire.u32(b, pos) & 0xffff_ffffL;
        pos += 4;
        return v;
    }

    Bytes bytes(int n) {
        need(n);
        Bytes v = Bytes.view(b, pos, n);
        pos += n;
        return v;
    }

    /** A character string (RFC 1035 §3.3): a length byte and that many bytes, as Latin-1 text. */
    String characterString() {
        int n = u8();
        need(n);
        String s = new String(b, pos, n, StandardCharsets.ISO_8859_1);
        pos += n;
        return s;
    }

    DecodeException malformed(String why) {
        return DecodeException.malformed(layer, start, why + " at message offset " + (pos - start));
    }

    private void grow(int need) {
        text = java.util.Arrays.copyOf(text, Math.min(MAX_NAME * 4 + 1, Math.max(need, text.length * 2)));
    }

    /**
     * The domain name at the cursor, in presentation form without the final dot ({@code "."} for
     * the root); the cursor moves past the name where it is written, not where pointers lead.
     * Spaces, control and non-ASCII bytes, and dots or backslashes inside a label are written
     * {@code \DDD} (RFC 4343).
     */
    String name() {
        return name(limit);
    }

    /** As {@link #name()}, the name ending at {@code end} (an RDATA's end) unless pointers lead out. */
    String name(int end) {
        int first = pos;
        if (first + 1 < end && (b[first] & 0xc0) == 0xc0) {
            int at = start + (((b[first] & 0x3f) << 8) | (b[first + 1] & 0xff));
            String known = at == cachedAt0 ? cached0 : at == cachedAt1 ? cached1 : null;
            if (known != null) {
                pos = first + 2;
                return known;
            }
        }
        String name = readName(end);
        if (pointersOfLastName == 0) {
            if (cached0 == null) {
                cachedAt0 = first;
                cached0 = name;
            } else if (cached1 == null) {
                cachedAt1 = first;
                cached1 = name;
            }
        }
        return name;
    }

    // how many pointers the name readName last read followed
    private int pointersOfLastName;

    private String readName(int end) {
        int p = pos;
        int after = -1;
        int pointers = 0;
        int wire = 0;
        int n = 0;
        int bound = end;
        while (true) {
            if (p >= bound) {
                throw p >= limit ? DecodeException.truncated(layer, start, p - start + 1, limit - start)
                        : DecodeException.malformed(layer, start, "name runs past its record at message offset "
                        + (p - start));
            }
            int c = b[p] & 0xff;
            if (c == 0) {
                if (after < 0) {
                    after = p + 1;
                }
                break;
            }
            int kind = c & 0xc0;
            if (kind == 0xc0) {
                if (p + 1 >= bound) {
                    throw p + 1 >= limit ? DecodeException.truncated(layer, start, p - start + 2, limit - start)
                            : DecodeException.malformed(layer, start, "pointer cut by its record's end");
                }
                if (after < 0) {
                    after = p + 2;
                }
                if (++pointers > MAX_POINTERS) {
                    throw DecodeException.malformed(layer, start, "compression loop: more than " + MAX_POINTERS
                            + " pointers in one name");
                }
                int target = ((c & 0x3f) << 8) | (b[p + 1] & 0xff);
                p = start + target;
                bound = limit; // a pointer may lead anywhere in the message
                continue;
            }
            if (kind != 0) {
                throw DecodeException.malformed(layer, start, "label type 0x" + Integer.toHexString(kind)
                        + " at message offset " + (p - start));
            }
            wire += c + 1;
            if (wire + 1 > MAX_NAME) {
                throw DecodeException.malformed(layer, start, "name longer than " + MAX_NAME + " bytes");
            }
            if (p + 1 + c > bound) {
                throw p + 1 + c > limit ? DecodeException.truncated(layer, start, p + 1 + c - start, limit - start)
                        : DecodeException.malformed(layer, start, "label runs past its record");
            }
            if (n + 1 + c > text.length) {
                grow(n + 1 + c);
            }
            if (n > 0) {
                text[n++] = '.';
            }
            for (int i = p + 1, e = p + 1 + c; i < e; i++) {
                int ch = b[i] & 0xff;
                if (ch > 0x20 && ch < 0x7f && ch != '.' && ch != '\\') {
                    text[n++] = (byte) ch;
                } else {
                    // room for this escape's 4 chars and the rest of the label's bytes as 1 each
                    if (n + 4 + (e - i - 1) > text.length) {
                        grow(n + 4 + (e - i - 1));
                    }
                    text[n++] = '\\';
                    text[n++] = (byte) ('0' + ch / 100);
                    text[n++] = (byte) ('0' + ch / 10 % 10);
                    text[n++] = (byte) ('0' + ch % 10);
                }
            }
            p += 1 + c;
        }
        pos = after;
        pointersOfLastName = pointers;
        return n == 0 ? "." : new String(text, 0, n, StandardCharsets.ISO_8859_1);
    }
}
