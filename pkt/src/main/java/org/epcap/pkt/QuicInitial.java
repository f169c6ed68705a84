package org.epcap.pkt;

import java.util.ArrayList;
import java.util.List;

/**
 * Opens a client's Initial packet (RFC 9001 §5.4 header protection, §5.3 AEAD) and reads its
 * frames (RFC 9000 §19: those an Initial may carry, PADDING, PING, ACK, CRYPTO,
 * CONNECTION_CLOSE). Package-private; {@link Quic#decode} calls it.
 */
final class QuicInitial {
    private QuicInitial() {
    }

    /**
     * The Initial at {@code offset} with its protection removed, or null when neither direction's
     * keys from its destination connection id open it (a server's Initial).
     *
     * @param pnOffset where the protected packet number starts
     * @param end      where the packet ends (its Length)
     */
    static Quic open(int first, long version, Bytes dcid, Bytes scid, Bytes token, long length, byte[] b, int offset,
            int pnOffset, int end, boolean coalesced, Bytes message) {
        if (pnOffset + 4 + 16 > end) {
            return null; // too short to sample: not a packet any endpoint sends
        }
        for (boolean client : new boolean[] {true, false}) {
            QuicInitialKeys keys = QuicInitialKeys.of(version, dcid.array(), dcid.offset(), dcid.length(), client);
            byte[] mask = keys.mask(b, pnOffset + 4);
            int firstPlain = first ^ (mask[0] & 0x0f);
            int pnLength = (firstPlain & 3) + 1;
            byte[] header = new byte[pnOffset + pnLength - offset];
            System.arraycopy(b, offset, header, 0, header.length);
            header[0] = (byte) firstPlain;
            long pn = 0;
            for (int i = 0; i < pnLength; i++) {
                int at = pnOffset - offset + i;
                header[at] ^= mask[1 + i];
                pn = (pn << 8) | (header[at] & 0xff);
            }
            int payload = pnOffset + pnLength;
            byte[] plain = keys.open(pn, header, b, payload, end - payload);
            if (plain != null) {
                return frames(first, version, dcid, scid, token, length, pn, plain, coalesced, message, offset);
            }
        }
        return null;
    }

    private static Quic frames(int first, long version, Bytes dcid, Bytes scid, Bytes token, long length, long pn,
            byte[] f, boolean coalesced, Bytes message, int at) {
        List<Integer> types = new ArrayList<>(4);
        List<long[]> cryptoRanges = new ArrayList<>(2); // offset, position in f, length
        int p = 0;
        int n = f.length;
        // the frames were authenticated: a frame that runs past the payload is a sender's error
        frames:
        while (p < n) {
            int type = (int) Quic.varint(f, p, n, at);
            p += Quic.varintLength(f[p]);
            switch (type) {
                case 0x00 -> {
                    if (types.isEmpty() || types.get(types.size() - 1) != 0) {
                        types.add(0);
                    }
                    while (p < n && f[p] == 0) {
                        p++;
                    }
                }
                case 0x01 -> types.add(1);
                case 0x02, 0x03 -> {
                    types.add(type);
                    p = skipVarints(f, p, n, at, 2); // largest acknowledged, delay
                    long ranges = Quic.varint(f, p, n, at);
                    p += Quic.varintLength(f[p]);
                    p = skipVarints(f, p, n, at, 1); // first range
                    if (ranges > n) {
                        throw DecodeException.malformed(Quic.LAYER, at, "ACK with " + ranges + " ranges");
                    }
                    p = skipVarints(f, p, n, at, (int) ranges * 2 + (type == 0x03 ? 3 : 0));
                }
                case 0x06 -> {
                    types.add(6);
                    long off = Quic.varint(f, p, n, at);
                    p += Quic.varintLength(f[p]);
                    long len = Quic.varint(f, p, n, at);
                    p += Quic.varintLength(f[p]);
                    if (len > n - p) {
                        throw DecodeException.malformed(Quic.LAYER, at, "CRYPTO frame past the payload");
                    }
                    cryptoRanges.add(new long[] {off, p, len});
                    p += (int) len;
                }
                case 0x1c, 0x1d -> {
                    types.add(type);
                    p = skipVarints(f, p, n, at, type == 0x1c ? 2 : 1);
                    long reason = Quic.varint(f, p, n, at);
                    p += Quic.varintLength(f[p]);
                    if (reason > n - p) {
                        throw DecodeException.malformed(Quic.LAYER, at, "CONNECTION_CLOSE reason past the payload");
                    }
                    p += (int) reason;
                }
                default -> {
                    types.add(type);
                    break frames; // not allowed in an Initial: the rest is not read
                }
            }
        }
        List<long[]> sentOrder = List.copyOf(cryptoRanges); // contiguous() sorts them
        Bytes crypto = contiguous(f, cryptoRanges);
        TlsHello hello = null;
        if (crypto.length() >= 4 && crypto.get(0) == TlsHandshake.CLIENT_HELLO) {
            int helloLength = crypto.get(1) << 16 | crypto.get(2) << 8 | crypto.get(3);
            if (helloLength <= crypto.length() - 4) {
                byte[] c = crypto.array();
                int s = crypto.offset() + 4;
                hello = TlsHello.read(true, c, s, s + helloLength, at);
            }
        }
        List<Quic.CryptoFrame> frames = new ArrayList<>(cryptoRanges.size());
        for (long[] r : sentOrder) {
            frames.add(new Quic.CryptoFrame(r[0], Bytes.view(f, (int) r[1], (int) r[2])));
        }
        return new Quic(first, version, dcid, scid, token, length, pn, List.of(), types, crypto, frames, hello,
                coalesced, message);
    }

    private static int skipVarints(byte[] f, int p, int n, int at, int count) {
        for (int i = 0; i < count; i++) {
            Quic.varint(f, p, n, at);
            p += Quic.varintLength(f[p]);
        }
        return p;
    }

    /** The CRYPTO data from offset 0 as far as it is contiguous. */
    private static Bytes contiguous(byte[] f, List<long[]> ranges) {
        if (ranges.isEmpty()) {
            return Bytes.EMPTY;
        }
        if (ranges.size() == 1) {
            long[] r = ranges.get(0);
            return r[0] == 0 ? Bytes.view(f, (int) r[1], (int) r[2]) : Bytes.EMPTY;
        }
        ranges.sort((x, y) -> Long.compare(x[0], y[0]));
        long have = 0;
        for (long[] r : ranges) {
            if (r[0] > have) {
                break;
            }
            have = Math.max(have, r[0] + r[2]);
        }
        byte[] out = new byte[(int) have];
        for (long[] r : ranges) {
            if (r[0] >= have) {
                break;
            }
            System.arraycopy(f, (int) r[1], out, (int) r[0], (int) r[2]);
        }
        return Bytes.of(out);
    }
}
