package org.epcap.pkt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A TLS ClientHello or ServerHello (RFC 8446 §4.1.2, §4.1.3; RFC 5246 §7.4.1): versions, random,
 * session id, cipher suites, compression methods and extensions, and what fingerprints and reports
 * read from them: {@link #serverName()} (SNI), {@link #alpn()}, {@link #supportedVersions()},
 * {@link #supportedGroups()}, {@link #signatureAlgorithms()}, {@link #ecPointFormats()}, and the
 * JA3, JA3S and JA4 fingerprints ({@link TlsFingerprints}).
 *
 * <p>The extension readers are lenient: an extension whose inner lengths do not add up reads as
 * absent (null or empty), since the hello itself decoded.
 *
 * <pre>{@code
 * Tls tls = Pkt.decode(DataLinkType.EN10MB, frame).header(Tls.class);
 * TlsHello hello = tls == null ? null : tls.clientHello();
 * if (hello != null) System.out.println(hello.serverName() + " " + hello.alpn() + " " + hello.ja4('t'));
 * }</pre>
 *
 * @param client             true for a ClientHello
 * @param legacyVersion      the version field (0x0303 in TLS 1.3, which says its versions in an extension)
 * @param random             32 bytes
 * @param sessionId          0–32 bytes
 * @param cipherSuites       the client's offer, or the server's one choice
 * @param compressionMethods the client's offer, or the server's one choice
 * @param extensions         in the order sent; empty when the hello has none
 */
public record TlsHello(boolean client, int legacyVersion, Bytes random, Bytes sessionId, List<Integer> cipherSuites,
        Bytes compressionMethods, List<TlsExtension> extensions) {

    public TlsHello {
        Wire.check("legacyVersion", legacyVersion, 0xffff);
        Wire.notNull("random", random);
        Wire.notNull("sessionId", sessionId);
        Wire.notNull("cipherSuites", cipherSuites);
        cipherSuites = cipherSuites instanceof U16List ? cipherSuites : List.copyOf(cipherSuites);
        Wire.notNull("compressionMethods", compressionMethods);
        Wire.notNull("extensions", extensions);
        extensions = extensions instanceof TlsExtensionList ? extensions : ArrayViewList.copyOf(extensions);
    }

    /**
     * Reads a whole ClientHello handshake message, {@code b[offset, offset + length)}: its type
     * (1), its 24-bit length and its body; what follows the message is not read. For a hello
     * assembled from several records, segments or QUIC packets.
     *
     * <pre>{@code
     * TlsHello hello = TlsHello.clientHelloMessage(stream, 0, have);
     * System.out.println(hello.serverName() + " " + hello.ja4('q'));
     * }</pre>
     *
     * @throws DecodeException when it is not a ClientHello, is cut short, or a length inside it
     *                         runs past its body
     * @throws IndexOutOfBoundsException when the range is not inside {@code b}
     */
    public static TlsHello clientHelloMessage(byte[] b, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, b.length);
        int end = offset + length;
        need(Tls.LAYER, b, offset, 4, end, offset);
        if (b[offset] != TlsHandshake.CLIENT_HELLO) {
            throw DecodeException.malformed(Tls.LAYER, offset, "handshake type " + (b[offset] & 0xff) + " is not a ClientHello");
        }
        int bodyLength = (b[offset + 1] & 0xff) << 16 | (b[offset + 2] & 0xff) << 8 | (b[offset + 3] & 0xff);
        need(Tls.LAYER, b, offset + 4, bodyLength, end, offset);
        return read(true, b, offset + 4, offset + 4 + bodyLength, offset);
    }

    /**
     * Reads a hello body {@code b[offset, end)}.
     *
     * @throws DecodeException (layer {@code tls}, at {@code at}) when a length runs past the body
     */
    static TlsHello read(boolean client, byte[] b, int offset, int end, int at) {
        return read(Tls.LAYER, client, b, offset, end, at);
    }

    /**
     * Reads a hello body {@code b[offset, end)} of TLS ({@code layer} "tls") or DTLS ("dtls"),
     * whose ClientHello has a cookie after the session id (RFC 6347 §4.2.1, RFC 9147 §5.3:
     * {@link Dtls} reads it, this skips it).
     *
     * @throws DecodeException (of {@code layer}, at {@code at}) when a length runs past the body
     */
    static TlsHello read(String layer, boolean client, byte[] b, int offset, int end, int at) {
        boolean dtls = layer.equals(Dtls.LAYER);
        int p = offset;
        p = need(layer, b, p, 2 + 32 + 1, end, at);
        int version = Wire.u16(b, offset);
        Bytes random = Bytes.view(b, offset + 2, 32);
        int sidLength = b[offset + 34] & 0xff;
        if (sidLength > 32) {
            throw DecodeException.malformed(layer, at, "session id of " + sidLength + " bytes");
        }
        p = need(layer, b, p, sidLength, end, at);
        Bytes sessionId = Bytes.view(b, p - sidLength, sidLength);
        List<Integer> suites;
        Bytes compression;
        if (client && dtls) {
            p = need(layer, b, p, 1, end, at);
            p = need(layer, b, p, b[p - 1] & 0xff, end, at);
        }
        if (client) {
            p = need(layer, b, p, 2, end, at);
            int n = Wire.u16(b, p - 2);
            if ((n & 1) != 0) {
                throw DecodeException.malformed(layer, at, "cipher suites of odd length " + n);
            }
            p = need(layer, b, p, n, end, at);
            suites = new U16List(b, p - n, n / 2);
            p = need(layer, b, p, 1, end, at);
            int m = b[p - 1] & 0xff;
            p = need(layer, b, p, m, end, at);
            compression = Bytes.view(b, p - m, m);
        } else {
            p = need(layer, b, p, 3, end, at);
            suites = new U16List(b, p - 3, 1);
            compression = Bytes.view(b, p - 1, 1);
        }
        long[] entries = null;
        int count = 0;
        if (p < end) {
            p = need(layer, b, p, 2, end, at);
            int total = Wire.u16(b, p - 2);
            int extEnd = need(layer, b, p, total, end, at);
            while (p < extEnd) {
                p = need(layer, b, p, 4, extEnd, at);
                int type = Wire.u16(b, p - 4);
                int n = Wire.u16(b, p - 2);
                p = need(layer, b, p, n, extEnd, at);
                if (entries == null || count == entries.length) {
                    // at most one extension per 4 bytes: the array never outgrows the hello
                    entries = java.util.Arrays.copyOf(entries == null ? new long[0] : entries,
                            Math.max(16, count * 2));
                }
                entries[count++] = TlsExtensionList.entry(type, p - n, n);
            }
        }
        // the extensions as type, offset and length: their objects are made when asked for
        return new TlsHello(client, version, random, sessionId, suites, compression,
                count == 0 ? ArrayViewList.empty() : new TlsExtensionList(b, entries, count));
    }

    /** The position after {@code n} more bytes from {@code p}, or a DecodeException when they pass {@code end}. */
    private static int need(String layer, byte[] b, int p, int n, int end, int at) {
        if (n > end - p) {
            throw DecodeException.malformed(layer, at, "hello field of " + n + " bytes runs past its message");
        }
        return p + n;
    }

    /** The first extension of {@code type}, or null. */
    public TlsExtension extension(int type) {
        if (extensions instanceof TlsExtensionList l) {
            return l.first(type);
        }
        for (TlsExtension e : extensions) {
            if (e.type() == type) {
                return e;
            }
        }
        return null;
    }

    /** The first host name of the server_name extension (SNI, RFC 6066), or null. */
    public String serverName() {
        TlsExtension e = extension(TlsExtension.SERVER_NAME);
        if (e == null || e.data().length() < 5) {
            return null;
        }
        Bytes d = e.data();
        int listEnd = Math.min(d.length(), 2 + u16(d, 0));
        for (int p = 2; p + 3 <= listEnd; ) {
            int type = d.get(p);
            int n = u16(d, p + 1);
            if (p + 3 + n > listEnd) {
                return null;
            }
            if (type == 0) {
                return new String(d.array(), d.offset() + p + 3, n, StandardCharsets.ISO_8859_1);
            }
            p += 3 + n;
        }
        return null;
    }

    /** The ALPN protocol names (RFC 7301) as Latin-1 text, in order; empty when absent. */
    public List<String> alpn() {
        List<String> out = new ArrayList<>(2);
        for (Bytes v : alpnValues()) {
            out.add(new String(v.toArray(), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    /** The ALPN protocol names as bytes. */
    List<Bytes> alpnValues() {
        TlsExtension e = extension(TlsExtension.ALPN);
        List<Bytes> out = new ArrayList<>(2);
        if (e == null || e.data().length() < 2) {
            return out;
        }
        Bytes d = e.data();
        int listEnd = Math.min(d.length(), 2 + u16(d, 0));
        for (int p = 2; p < listEnd; ) {
            int n = d.get(p);
            if (p + 1 + n > listEnd) {
                break;
            }
            out.add(d.slice(p + 1, n));
            p += 1 + n;
        }
        return out;
    }

    /**
     * supported_versions (RFC 8446 §4.2.1): the client's list, or the server's choice; empty when
     * absent.
     */
    public List<Integer> supportedVersions() {
        TlsExtension e = extension(TlsExtension.SUPPORTED_VERSIONS);
        if (e == null) {
            return List.of();
        }
        if (!client) {
            return e.data().length() == 2 ? List.of(u16(e.data(), 0)) : List.of();
        }
        return e.data().length() < 1 ? List.of() : u16s(e.data(), 1, e.data().get(0));
    }

    /** supported_groups (named curves), in order; empty when absent. */
    public List<Integer> supportedGroups() {
        return listOf16(TlsExtension.SUPPORTED_GROUPS);
    }

    /** signature_algorithms, in order; empty when absent. */
    public List<Integer> signatureAlgorithms() {
        return listOf16(TlsExtension.SIGNATURE_ALGORITHMS);
    }

    /** ec_point_formats, in order; empty when absent. */
    public List<Integer> ecPointFormats() {
        TlsExtension e = extension(TlsExtension.EC_POINT_FORMATS);
        List<Integer> out = new ArrayList<>(3);
        if (e == null || e.data().length() < 1) {
            return out;
        }
        int n = Math.min(e.data().get(0), e.data().length() - 1);
        for (int i = 0; i < n; i++) {
            out.add(e.data().get(1 + i));
        }
        return out;
    }

    /** JA3 (client) or JA3S (server): the MD5 of {@link #ja3Text()}, lower-case hex. */
    public String ja3() {
        return TlsFingerprints.md5(ja3Text());
    }

    /** The JA3 or JA3S string before hashing. */
    public String ja3Text() {
        return client ? TlsFingerprints.ja3Text(this) : TlsFingerprints.ja3sText(this);
    }

    /**
     * The JA4 fingerprint of a ClientHello: {@code protocol} is {@code 't'} for TLS over TCP,
     * {@code 'q'} for QUIC, {@code 'd'} for DTLS.
     *
     * @throws IllegalStateException for a ServerHello
     */
    public String ja4(char protocol) {
        if (!client) {
            throw new IllegalStateException("JA4 fingerprints a ClientHello");
        }
        return TlsFingerprints.ja4(this, protocol);
    }

    private List<Integer> listOf16(int type) {
        TlsExtension e = extension(type);
        if (e == null || e.data().length() < 2) {
            return List.of();
        }
        return u16s(e.data(), 2, u16(e.data(), 0));
    }

    private static List<Integer> u16s(Bytes d, int from, int length) {
        int end = Math.min(d.length(), from + length);
        List<Integer> out = new ArrayList<>((end - from) / 2);
        for (int p = from; p + 2 <= end; p += 2) {
            out.add(u16(d, p));
        }
        return out;
    }

    private static int u16(Bytes d, int i) {
        return d.get(i) << 8 | d.get(i + 1);
    }

    /**
     * A ClientHello's report fields after its version (Tls, Dtls; JA4 with {@code protocol}):
     * {@code sni, alpn, supported_versions, ciphers, ja3, ja4}.
     */
    void putClientFields(java.util.Map<String, Object> m, char protocol) {
        m.put("sni", serverName() == null ? "" : Wire.printable(serverName()));
        m.put("alpn", alpn().stream().map(Wire::printable).toList());
        m.put("supported_versions", supportedVersions().stream().map(v -> Wire.hex(v, 4)).toList());
        m.put("ciphers", cipherSuites().size());
        m.put("ja3", ja3());
        m.put("ja4", ja4(protocol));
    }

    /** A ServerHello's report fields: {@code server_version, cipher, selected_version, ja3s}. */
    void putServerFields(java.util.Map<String, Object> m) {
        m.put("server_version", Wire.hex(legacyVersion(), 4));
        m.put("cipher", Wire.hex(cipherSuites().get(0), 4));
        m.put("selected_version", supportedVersions().stream().map(v -> Wire.hex(v, 4)).toList());
        m.put("ja3s", ja3());
    }
}
