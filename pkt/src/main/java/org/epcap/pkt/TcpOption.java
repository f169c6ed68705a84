package org.epcap.pkt;

import java.util.ArrayList;
import java.util.List;

/**
 * One TCP option, as {@link Tcp#decodedOptions()} reads it from the raw option bytes.
 *
 * <p>An option whose length does not fit its kind (an MSS option of length 3, say) becomes
 * {@link Unknown}; bytes that cannot be framed at all (a length below 2 or past the end of the
 * option area) end the list as one {@link Malformed}. After {@link EndOfOptionList} the list
 * stops: what follows is padding, kept only in {@link Tcp#options()}.
 *
 * <pre>{@code
 * Bytes raw = TcpOption.encode(List.of(new TcpOption.MaximumSegmentSize(1460),
 *         new TcpOption.NoOperation(), new TcpOption.WindowScale(7)));   // padded to 8 bytes
 * List<TcpOption> again = TcpOption.decode(raw);
 * }</pre>
 */
public sealed interface TcpOption {

    /** The option kind byte. */
    int kind();

    /** Bytes this option takes on the wire, kind and length included. */
    int encodedLength();

    /** Writes the option at {@code offset}; returns the offset past it. */
    int encodeTo(byte[] dst, int offset);

    /** A tcpdump-like one-line summary, e.g. {@code "mss 1460"}. */
    String summary();

    /** Kind 0: end of the option list. */
    record EndOfOptionList() implements TcpOption {
        public int kind() { return 0; }
        public int encodedLength() { return 1; }
        public int encodeTo(byte[] dst, int offset) { dst[offset] = 0; return offset + 1; }
        public String summary() { return "eol"; }
    }

    /** Kind 1: padding between options. */
    record NoOperation() implements TcpOption {
        public int kind() { return 1; }
        public int encodedLength() { return 1; }
        public int encodeTo(byte[] dst, int offset) { dst[offset] = 1; return offset + 1; }
        public String summary() { return "nop"; }
    }

    /** Kind 2, length 4. */
    record MaximumSegmentSize(int value) implements TcpOption {
        public MaximumSegmentSize {
            Wire.check("value", value, 0xffff);
        }
        public int kind() { return 2; }
        public int encodedLength() { return 4; }
        public int encodeTo(byte[] dst, int offset) {
            dst[offset] = 2;
            dst[offset + 1] = 4;
            Wire.put16(dst, offset + 2, value);
            return offset + 4;
        }
        public String summary() { return "mss " + value; }
    }

    /** Kind 3, length 3. */
    record WindowScale(int shiftCount) implements TcpOption {
        public WindowScale {
            Wire.check("shiftCount", shiftCount, 0xff);
        }
        public int kind() { return 3; }
        public int encodedLength() { return 3; }
        public int encodeTo(byte[] dst, int offset) {
            dst[offset] = 3;
            dst[offset + 1] = 3;
            dst[offset + 2] = (byte) shiftCount;
            return offset + 3;
        }
        public String summary() { return "wscale " + shiftCount; }
    }

    /** Kind 4, length 2. */
    record SackPermitted() implements TcpOption {
        public int kind() { return 4; }
        public int encodedLength() { return 2; }
        public int encodeTo(byte[] dst, int offset) {
            dst[offset] = 4;
            dst[offset + 1] = 2;
            return offset + 2;
        }
        public String summary() { return "sackOK"; }
    }

    /** One SACK block: the edges of a received range of sequence numbers. */
    record SackBlock(long leftEdge, long rightEdge) {
        public SackBlock {
            Wire.check("leftEdge", leftEdge, 0xffff_ffffL);
            Wire.check("rightEdge", rightEdge, 0xffff_ffffL);
        }
    }

    /** Kind 5, length 2 + 8 per block. */
    record Sack(List<SackBlock> blocks) implements TcpOption {
        public Sack {
            blocks = List.copyOf(blocks);
            if (blocks.size() > 31) {
                throw new IllegalArgumentException("blocks: at most 31, got " + blocks.size());
            }
        }
        public int kind() { return 5; }
        public int encodedLength() { return 2 + 8 * blocks.size(); }
        public int encodeTo(byte[] dst, int offset) {
            dst[offset] = 5;
            dst[offset + 1] = (byte) encodedLength();
            int o = offset + 2;
            for (SackBlock b : blocks) {
                Wire.put32(dst, o, (int) b.leftEdge());
                Wire.put32(dst, o + 4, (int) b.rightEdge());
                o += 8;
            }
            return o;
        }
        public String summary() {
            StringBuilder sb = new StringBuilder("sack ").append(blocks.size());
            for (SackBlock b : blocks) {
                sb.append(" {").append(b.leftEdge()).append(':').append(b.rightEdge()).append('}');
            }
            return sb.toString();
        }
    }

    /** Kind 8, length 10. */
    record Timestamps(long value, long echoReply) implements TcpOption {
        public Timestamps {
            Wire.check("value", value, 0xffff_ffffL);
            Wire.check("echoReply", echoReply, 0xffff_ffffL);
        }
        public int kind() { return 8; }
        public int encodedLength() { return 10; }
        public int encodeTo(byte[] dst, int offset) {
            dst[offset] = 8;
            dst[offset + 1] = 10;
            Wire.put32(dst, offset + 2, (int) value);
            Wire.put32(dst, offset + 6, (int) echoReply);
            return offset + 10;
        }
        public String summary() { return "TS val " + value + " ecr " + echoReply; }
    }

    /** Kind 19 (RFC 2385), length 18: a 16-byte MD5 digest. */
    record Md5Signature(Bytes digest) implements TcpOption {
        public Md5Signature {
            if (digest.length() != 16) {
                throw new IllegalArgumentException("digest: 16 bytes, got " + digest.length());
            }
        }
        public int kind() { return 19; }
        public int encodedLength() { return 18; }
        public int encodeTo(byte[] dst, int offset) {
            dst[offset] = 19;
            dst[offset + 1] = 18;
            return digest.copyTo(dst, offset + 2);
        }
        public String summary() { return "md5 " + digest.toHex(); }
    }

    /** Any other kind, or a known kind with a length that does not fit it: kind, length, data. */
    record Unknown(int kind, Bytes data) implements TcpOption {
        public Unknown {
            Wire.check("kind", kind, 0xff);
            if (data.length() > 253) {
                throw new IllegalArgumentException("data: at most 253 bytes, got " + data.length());
            }
        }
        public int encodedLength() { return 2 + data.length(); }
        public int encodeTo(byte[] dst, int offset) {
            dst[offset] = (byte) kind;
            dst[offset + 1] = (byte) (2 + data.length());
            return data.copyTo(dst, offset + 2);
        }
        public String summary() { return "unknown-" + kind + " " + data.toHex(); }
    }

    /** The rest of an option area that cannot be framed into options; kept as is. */
    record Malformed(Bytes bytes) implements TcpOption {
        public int kind() { return bytes.isEmpty() ? -1 : bytes.get(0); }
        public int encodedLength() { return bytes.length(); }
        public int encodeTo(byte[] dst, int offset) { return bytes.copyTo(dst, offset); }
        public String summary() { return "malformed " + bytes.toHex(); }
    }

    /** Reads the options in {@code area}; never throws. */
    static List<TcpOption> decode(Bytes area) {
        byte[] b = area.array();
        int start = area.offset();
        int end = start + area.length();
        List<TcpOption> out = new ArrayList<>(6);
        int o = start;
        while (o < end) {
            int kind = b[o] & 0xff;
            if (kind == 0) {
                out.add(new EndOfOptionList());
                break;
            }
            if (kind == 1) {
                out.add(new NoOperation());
                o++;
                continue;
            }
            if (end - o < 2 || (b[o + 1] & 0xff) < 2 || (b[o + 1] & 0xff) > end - o) {
                out.add(new Malformed(Bytes.view(b, o, end - o)));
                break;
            }
            int len = b[o + 1] & 0xff;
            out.add(known(b, o, kind, len));
            o += len;
        }
        return out;
    }

    private static TcpOption known(byte[] b, int o, int kind, int len) {
        switch (kind) {
            case 2:
                if (len == 4) {
                    return new MaximumSegmentSize(Wire.u16(b, o + 2));
                }
                break;
            case 3:
                if (len == 3) {
                    return new WindowScale(b[o + 2] & 0xff);
                }
                break;
            case 4:
                if (len == 2) {
                    return new SackPermitted();
                }
                break;
            case 5:
                if ((len - 2) % 8 == 0) {
                    List<SackBlock> blocks = new ArrayList<>((len - 2) / 8);
                    for (int p = o + 2; p < o + len; p += 8) {
                        blocks.add(new SackBlock(Wire.u32(b, p) & 0xffff_ffffL,
                                Wire.u32(b, p + 4) & 0xffff_ffffL));
                    }
                    return new Sack(blocks);
                }
                break;
            case 8:
                if (len == 10) {
                    return new Timestamps(Wire.u32(b, o + 2) & 0xffff_ffffL,
                            Wire.u32(b, o + 6) & 0xffff_ffffL);
                }
                break;
            case 19:
                if (len == 18) {
                    return new Md5Signature(Bytes.view(b, o + 2, 16));
                }
                break;
            default:
                break;
        }
        return new Unknown(kind, Bytes.view(b, o + 2, len - 2));
    }

    /**
     * The option bytes for {@code options}, padded with zero bytes (end of option list) to a
     * multiple of four, as a TCP header carries them.
     *
     * @throws IllegalArgumentException when they need more than 40 bytes
     */
    static Bytes encode(List<? extends TcpOption> options) {
        int len = 0;
        for (TcpOption opt : options) {
            len += opt.encodedLength();
        }
        int padded = (len + 3) & ~3;
        if (padded > 40) {
            throw new IllegalArgumentException("options: at most 40 bytes, got " + padded);
        }
        byte[] out = new byte[padded];
        int o = 0;
        for (TcpOption opt : options) {
            o = opt.encodeTo(out, o);
        }
        return Bytes.of(out);
    }
}
