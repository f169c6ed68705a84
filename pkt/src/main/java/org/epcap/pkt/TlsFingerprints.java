package org.epcap.pkt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The JA3/JA3S (Salesforce) and JA4 (FoxIO, TLS client) fingerprints of hellos. GREASE values are
 * left out everywhere, as both specifications say.
 */
final class TlsFingerprints {
    private TlsFingerprints() {
    }

    /** {@code version,ciphers,extensions,groups,point formats}, decimal, {@code -} between items. */
    static String ja3Text(TlsHello h) {
        StringBuilder sb = new StringBuilder(128).append(h.legacyVersion()).append(',');
        join(sb, h.cipherSuites()).append(',');
        join(sb, types(h)).append(',');
        join(sb, h.supportedGroups()).append(',');
        return join(sb, h.ecPointFormats()).toString();
    }

    /** {@code version,cipher,extensions}. */
    static String ja3sText(TlsHello h) {
        StringBuilder sb = new StringBuilder(64).append(h.legacyVersion()).append(',');
        join(sb, h.cipherSuites()).append(',');
        return join(sb, types(h)).toString();
    }

    private static List<Integer> types(TlsHello h) {
        List<Integer> out = new ArrayList<>(h.extensions().size());
        for (TlsExtension e : h.extensions()) {
            out.add(e.type());
        }
        return out;
    }

    private static StringBuilder join(StringBuilder sb, List<Integer> values) {
        boolean first = true;
        for (int v : values) {
            if (TlsExtension.isGrease(v)) {
                continue;
            }
            if (!first) {
                sb.append('-');
            }
            sb.append(v);
            first = false;
        }
        return sb;
    }

    static String ja4(TlsHello h, char protocol) {
        List<Integer> ciphers = noGrease(h.cipherSuites());
        List<Integer> extensions = noGrease(types(h));
        StringBuilder a = new StringBuilder(10).append(protocol).append(version(h))
                .append(h.extension(TlsExtension.SERVER_NAME) != null ? 'd' : 'i')
                .append(twoDigits(ciphers.size())).append(twoDigits(extensions.size())).append(alpn(h));
        String b = ciphers.isEmpty() ? "000000000000" : sha12(hexList(sorted(ciphers)));
        List<Integer> hashed = new ArrayList<>(extensions);
        hashed.removeIf(t -> t == TlsExtension.SERVER_NAME || t == TlsExtension.ALPN);
        String c;
        if (hashed.isEmpty()) {
            c = "000000000000";
        } else {
            String s = hexList(sorted(hashed));
            List<Integer> sigs = noGrease(h.signatureAlgorithms());
            c = sha12(sigs.isEmpty() ? s : s + "_" + hexList(sigs));
        }
        return a + "_" + b + "_" + c;
    }

    private static String version(TlsHello h) {
        int v = 0;
        for (int s : h.supportedVersions()) {
            if (!TlsExtension.isGrease(s) && rank(s) > rank(v)) {
                v = s;
            }
        }
        if (v == 0) {
            v = h.legacyVersion();
        }
        return switch (v) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            case 0x0300 -> "s3";
            case 0x0002 -> "s2";
            case 0xfeff -> "d1";
            case 0xfefd -> "d2";
            case 0xfefc -> "d3";
            default -> "00";
        };
    }

    /** Order of versions, DTLS counting down from 0xfeff. */
    private static int rank(int v) {
        return v >= 0xfe00 ? 0x10000 - v : v;
    }

    private static String alpn(TlsHello h) {
        List<Bytes> values = h.alpnValues();
        if (values.isEmpty() || values.get(0).isEmpty()) {
            return "00";
        }
        Bytes v = values.get(0);
        int first = v.get(0);
        int last = v.get(v.length() - 1);
        if (alphanumeric(first) && alphanumeric(last)) {
            return "" + (char) first + (char) last;
        }
        String hex = v.toHex();
        return "" + hex.charAt(0) + hex.charAt(hex.length() - 1);
    }

    private static boolean alphanumeric(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static String twoDigits(int n) {
        int v = Math.min(n, 99);
        return v < 10 ? "0" + v : String.valueOf(v);
    }

    private static List<Integer> noGrease(List<Integer> values) {
        List<Integer> out = new ArrayList<>(values.size());
        for (int v : values) {
            if (!TlsExtension.isGrease(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static List<Integer> sorted(List<Integer> values) {
        List<Integer> out = new ArrayList<>(values);
        out.sort(null);
        return out;
    }

    private static String hexList(List<Integer> values) {
        StringBuilder sb = new StringBuilder(values.size() * 5);
        for (int v : values) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(Character.forDigit(v >>> 12 & 0xf, 16)).append(Character.forDigit(v >>> 8 & 0xf, 16))
                    .append(Character.forDigit(v >>> 4 & 0xf, 16)).append(Character.forDigit(v & 0xf, 16));
        }
        return sb.toString();
    }

    private static String sha12(String text) {
        return digest("SHA-256", text).substring(0, 12);
    }

    static String md5(String text) {
        return digest("MD5", text);
    }

    private static String digest(String algorithm, String text) {
        try {
            byte[] d = MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every JDK", e);
        }
    }
}
