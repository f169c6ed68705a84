package org.epcap.pkt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A QUIC long-header packet (RFC 8999 invariants, RFC 9000 §17.2, RFC 9369 for version 2): version,
 * connection ids, and by type the token (Initial, Retry), the length, the versions a Version
 * Negotiation packet offers. For a client's Initial packet of version 1 or 2 the Initial packet
 * protection is removed (RFC 9001 §5: keys from the destination connection id, JDK crypto only),
 * which gives the packet number, the frame types and the CRYPTO data from offset 0; when that
 * holds a whole ClientHello it is read ({@link #clientHello()}: SNI, ALPN, JA4 with {@code 'q'}).
 *
 * <p>Several packets may share a datagram (coalesced, §12.2): each is one {@code Quic} header in
 * the walk. Short-header packets carry no length or connection id length and are left as payload;
 * the walk decodes QUIC on UDP 443 only where a long header starts the datagram. A server's Initial
 * is protected with keys from the client's first destination connection id, which that packet
 * does not carry: it stays encrypted ({@link #decrypted()} false), as does an Initial whose
 * ClientHello continues in a later packet (its CRYPTO data is kept, the hello is not read).
 *
 * <pre>{@code
 * Quic q = Pkt.decode(DataLinkType.EN10MB, frame).header(Quic.class);
 * if (q != null && q.clientHello() != null) System.out.println(q.clientHello().serverName());
 * }</pre>
 *
 * @param firstByte            the first byte as sent (its low bits are header-protected)
 * @param version              0 for Version Negotiation
 * @param destinationConnectionId 0–255 bytes
 * @param sourceConnectionId   0–255 bytes
 * @param token                Initial's or Retry's token, else empty
 * @param length               the Length field (packet number and payload), -1 where there is none
 * @param packetNumber         the packet number once decrypted, else -1
 * @param versions             a Version Negotiation packet's versions, else empty
 * @param frameTypes           the frame types of a decrypted packet in order (a run of PADDING once)
 * @param crypto               the CRYPTO data from offset 0 that is contiguous, else empty
 * @param cryptoFrames         a decrypted packet's CRYPTO frames in the order sent, each with its
 *                             offset in the stream: where a ClientHello spans several Initial
 *                             packets, the pieces to assemble ({@code QuicHelloAssembler} in
 *                             the flow module does), else empty
 * @param clientHello          the ClientHello read from it, or null
 * @param coalesced            another long-header packet follows in the datagram
 * @param message              this packet's bytes as sent
 */
public record Quic(int firstByte, long version, Bytes destinationConnectionId, Bytes sourceConnectionId, Bytes token,
        long length, long packetNumber, List<Long> versions, List<Integer> frameTypes, Bytes crypto,
        List<CryptoFrame> cryptoFrames, TlsHello clientHello, boolean coalesced, Bytes message) implements Header {

    static final String LAYER = "quic";
    public static final int INITIAL = 0;
    public static final int ZERO_RTT = 1;
    public static final int HANDSHAKE = 2;
    public static final int RETRY = 3;

    public Quic {
        Wire.check("firstByte", firstByte, 0xff);
        Wire.check("version", version, 0xffff_ffffL);
        Wire.notNull("destinationConnectionId", destinationConnectionId);
        Wire.notNull("sourceConnectionId", sourceConnectionId);
        Wire.notNull("token", token);
        versions = List.copyOf(Wire.notNull("versions", versions));
        frameTypes = List.copyOf(Wire.notNull("frameTypes", frameTypes));
        Wire.notNull("crypto", crypto);
        cryptoFrames = List.copyOf(Wire.notNull("cryptoFrames", cryptoFrames));
        Wire.notNull("message", message);
    }

    /** A packet without its CRYPTO frames listed (as before they were). */
    public Quic(int firstByte, long version, Bytes destinationConnectionId, Bytes sourceConnectionId, Bytes token,
                long length, long packetNumber, List<Long> versions, List<Integer> frameTypes, Bytes crypto,
                TlsHello clientHello, boolean coalesced, Bytes message) {
        this(firstByte, version, destinationConnectionId, sourceConnectionId, token, length, packetNumber, versions,
                frameTypes, crypto, List.of(), clientHello, coalesced, message);
    }

    /**
     * One CRYPTO frame (RFC 9000 §19.6): {@code data} at {@code offset} of the packet number
     * space's handshake stream.
     *
     * @param offset where the data starts in the stream
     * @param data   the frame's data (a view into the decrypted payload)
     */
    public record CryptoFrame(long offset, Bytes data) {
        public CryptoFrame {
            if (offset < 0) {
                throw new IllegalArgumentException("offset: must not be negative, got " + offset);
            }
            Wire.notNull("data", data);
        }
    }

    /** True when the datagram at {@code offset} starts with a long header (the form bit). */
    public static boolean startsLongHeader(byte[] packet, int offset, int limit) {
        return offset >= 0 && offset < Math.min(limit, packet.length) && (packet[offset] & 0x80) != 0;
    }

    /** Version 1, 2 and the drafts (0xff0000xx) share the layout of RFC 9000. */
    private static boolean knownLayout(long version) {
        return version == QuicInitialKeys.VERSION_1 || version == QuicInitialKeys.VERSION_2
                || (version & 0xffff_ff00L) == 0xff00_0000L;
    }

    /**
     * Decodes the long-header packet at {@code offset}.
     *
     * @throws DecodeException when the header is cut short, a connection id is longer than the
     *                         version allows, or a length runs past the datagram
     */
    public static Quic decode(byte[] packet, int offset, int limit) {
        int end = Math.min(limit, packet.length);
        Wire.need(LAYER, packet, offset, 6, end);
        int first = packet[offset] & 0xff;
        if ((first & 0x80) == 0) {
            throw DecodeException.malformed(LAYER, offset, "a short header has no length: not decoded");
        }
        long version = Wire.u32(packet, offset + 1) & 0xffff_ffffL;
        int p = offset + 5;
        int dcidLength = packet[p] & 0xff;
        Wire.need(LAYER, packet, p, 1 + dcidLength + 1, end);
        Bytes dcid = Bytes.view(packet, p + 1, dcidLength);
        p += 1 + dcidLength;
        int scidLength = packet[p] & 0xff;
        Wire.need(LAYER, packet, p, 1 + scidLength, end);
        Bytes scid = Bytes.view(packet, p + 1, scidLength);
        p += 1 + scidLength;
        if (version == 0) {
            List<Long> versions = new ArrayList<>();
            for (; p + 4 <= end; p += 4) {
                versions.add(Wire.u32(packet, p) & 0xffff_ffffL);
            }
            return new Quic(first, 0, dcid, scid, Bytes.EMPTY, -1, -1, versions, List.of(), Bytes.EMPTY, null,
                    false, Bytes.view(packet, offset, p - offset));
        }
        if (!knownLayout(version)) {
            // only the invariants are known: the rest is payload
            return new Quic(first, version, dcid, scid, Bytes.EMPTY, -1, -1, List.of(), List.of(), Bytes.EMPTY,
                    null, false, Bytes.view(packet, offset, p - offset));
        }
        if (dcidLength > 20 || scidLength > 20) {
            throw DecodeException.malformed(LAYER, offset, "connection id longer than 20 bytes");
        }
        int type = type(first, version);
        if (type == RETRY) {
            if (end - p < 16) {
                throw DecodeException.truncated(LAYER, offset, p + 16 - offset, end - offset);
            }
            return new Quic(first, version, dcid, scid, Bytes.view(packet, p, end - 16 - p), -1, -1, List.of(),
                    List.of(), Bytes.EMPTY, null, false, Bytes.view(packet, offset, end - offset));
        }
        Bytes token = Bytes.EMPTY;
        if (type == INITIAL) {
            long n = varint(packet, p, end, offset);
            p += varintLength(packet[p]);
            if (n > end - p) {
                throw DecodeException.truncated(LAYER, offset, (int) Math.min(Integer.MAX_VALUE, p + n - offset),
                        end - offset);
            }
            token = Bytes.view(packet, p, (int) n);
            p += (int) n;
        }
        long length = varint(packet, p, end, offset);
        p += varintLength(packet[p]);
        if (length > end - p) {
            throw DecodeException.truncated(LAYER, offset, (int) Math.min(Integer.MAX_VALUE, p + length - offset),
                    end - offset);
        }
        int packetEnd = p + (int) length;
        boolean coalesced = packetEnd < end && (packet[packetEnd] & 0x80) != 0;
        Bytes message = Bytes.view(packet, offset, packetEnd - offset);
        if (type == INITIAL && QuicInitialKeys.knows(version) && length >= 20) {
            Quic q = QuicInitial.open(first, version, dcid, scid, token, length, packet, offset, p, packetEnd,
                    coalesced, message);
            if (q != null) {
                return q;
            }
        }
        return new Quic(first, version, dcid, scid, token, length, -1, List.of(), List.of(), Bytes.EMPTY, null,
                coalesced, message);
    }

    /** The packet type in version 1's numbering (version 2 numbers them differently on the wire). */
    static int type(int first, long version) {
        int t = (first >>> 4) & 3;
        return version == QuicInitialKeys.VERSION_2 ? (t + 3) & 3 : t;
    }

    /** A variable-length integer (RFC 9000 §16) at {@code p}. */
    static long varint(byte[] b, int p, int end, int at) {
        if (p >= end) {
            throw DecodeException.truncated(LAYER, at, p + 1 - at, end - at);
        }
        int n = varintLength(b[p]);
        if (p + n > end) {
            throw DecodeException.truncated(LAYER, at, p + n - at, end - at);
        }
        long v = b[p] & 0x3f;
        for (int i = 1; i < n; i++) {
            v = (v << 8) | (b[p + i] & 0xff);
        }
        return v;
    }

    static int varintLength(byte first) {
        return 1 << ((first & 0xff) >>> 6);
    }

    /** {@link #INITIAL}, {@link #ZERO_RTT}, {@link #HANDSHAKE}, {@link #RETRY}; -1 for version negotiation or an unknown version. */
    public int packetType() {
        return version == 0 || !knownLayout(version) ? -1 : type(firstByte, version);
    }

    /** True when the Initial packet protection was removed. */
    public boolean decrypted() {
        return packetNumber >= 0;
    }

    /** Another long-header packet follows in the datagram: it is decoded next. */
    @Override
    public Layer next() {
        return coalesced ? Layer.QUIC : Layer.PAYLOAD;
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

    private static final String[] TYPES = {"initial", "0rtt", "handshake", "retry"};

    /**
     * {@code type, version, dcid, scid}, and by type {@code token_length, length, packet_number,
     * frames, sni, alpn, ja4} or {@code versions}.
     */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        int t = packetType();
        m.put("type", version == 0 ? "version_negotiation" : t < 0 ? "unknown" : TYPES[t]);
        m.put("version", Wire.hex((int) version, 8));
        m.put("dcid", destinationConnectionId.toHex());
        m.put("scid", sourceConnectionId.toHex());
        if (version == 0) {
            m.put("versions", versions.stream().map(v -> Wire.hex(v.intValue(), 8)).toList());
            return m;
        }
        if (t == INITIAL || t == RETRY) {
            m.put("token_length", token.length());
        }
        if (length >= 0) {
            m.put("length", length);
        }
        if (decrypted()) {
            m.put("packet_number", packetNumber);
            m.put("frames", frameTypes);
            m.put("crypto_length", crypto.length());
        }
        if (clientHello != null) {
            m.put("sni", clientHello.serverName() == null ? "" : Wire.printable(clientHello.serverName()));
            m.put("alpn", clientHello.alpn().stream().map(Wire::printable).toList());
            m.put("ja4", clientHello.ja4('q'));
        }
        return m;
    }
}
