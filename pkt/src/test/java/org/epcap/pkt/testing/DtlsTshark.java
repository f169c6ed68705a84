package org.epcap.pkt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.epcap.pkt.Decoded;
import org.epcap.pkt.Dtls;
import org.epcap.pkt.DtlsHandshake;
import org.epcap.pkt.Pkt;
import org.epcap.pkt.io.PcapReader;
import org.epcap.pkt.io.PcapRecord;

/**
 * The codec's DTLS against tshark's dtls.* fields, frame by frame, for the DTLS tests of pkt
 * (corpus and stored captures) and kafka (live openssl traffic). tshark is told which UDP ports
 * carry DTLS ({@code -d}): it has no assigned port either.
 */
public final class DtlsTshark {
    /** The fields compared, every occurrence in order. */
    public static final List<String> FIELDS = List.of("dtls.record.content_type", "dtls.record.version",
            "dtls.record.epoch", "dtls.record.sequence_number", "dtls.record.length", "dtls.handshake.type",
            "dtls.handshake.length", "dtls.handshake.message_seq", "dtls.handshake.fragment_offset",
            "dtls.handshake.fragment_length", "dtls.handshake.cookie_length", "dtls.handshake.version",
            "dtls.handshake.ciphersuite", "dtls.handshake.extension.type", "dtls.handshake.extensions_server_name",
            "dtls.handshake.extensions_alpn_str", "dtls.handshake.extensions_supported_group",
            "dtls.handshake.sig_hash_alg", "dtls.handshake.ja3_full", "dtls.handshake.ja3",
            "dtls.handshake.ja3s_full", "dtls.handshake.ja3s");
    /** What a hello says, which tshark also reports of a hello it put together from fragments. */
    private static final List<String> HELLO_FIELDS = FIELDS.subList(FIELDS.indexOf("dtls.handshake.cookie_length"),
            FIELDS.size());

    private DtlsTshark() {
    }

    /**
     * @param frames          frames in the file
     * @param dtlsFrames      frames both decode as DTLS
     * @param values          per field, the values compared (occurrences)
     * @param clientHellos    ClientHellos whose fields were compared
     * @param fragmented      frames with a fragment of a hello, whose hello fields were left out
     *                        (tshark reports the hello it put together there)
     * @param disagreements   "frame field: tshark …, codec …"
     * @param clientJa4       the JA4 of each ClientHello the codec read, with its frame
     */
    public record Report(int frames, int dtlsFrames, Map<String, Integer> values, int clientHellos,
            int fragmented, List<String> disagreements, List<String> clientJa4) {
    }

    /** Compares every frame of {@code file}; {@code ports} are the UDP ports tshark decodes as DTLS. */
    public static Report compare(Path file, List<Integer> ports) throws IOException {
        List<String> argv = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString(), "-T", "fields",
                "-E", "occurrence=a", "-E", "aggregator=,", "-E", "separator=/t"));
        for (int port : ports) {
            argv.addAll(List.of("-d", "udp.port==" + port + ",dtls"));
        }
        for (String f : FIELDS) {
            argv.addAll(List.of("-e", f));
        }
        List<String> lines = run(argv);
        List<PcapRecord> records = new ArrayList<>();
        try (PcapReader r = PcapReader.open(file)) {
            for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                records.add(rec);
            }
        }
        if (lines.size() != records.size()) {
            throw new AssertionError(file + ": tshark " + lines.size() + " frames, the reader " + records.size());
        }
        Map<String, Integer> values = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        List<String> ja4 = new ArrayList<>();
        int dtlsFrames = 0;
        int hellos = 0;
        int fragmented = 0;
        for (int i = 0; i < records.size(); i++) {
            String[] row = lines.get(i).split("\t", -1);
            PcapRecord rec = records.get(i);
            Decoded d = Pkt.decode(rec.dataLinkType(), rec.data());
            Dtls dtls = d.header(Dtls.class);
            boolean theirs = row.length > 0 && !row[0].isEmpty();
            String where = file.getFileName() + "#" + (i + 1) + " ";
            if (theirs != (dtls != null)) {
                disagreements.add(where + "DTLS: tshark " + theirs + ", codec " + (dtls != null)
                        + (d.error() == null ? "" : " (" + d.error().getMessage() + ")"));
                continue;
            }
            if (dtls == null) {
                continue;
            }
            dtlsFrames++;
            // tshark puts fragments together and reports the message in the frame of its last
            // fragment; the codec reads what one datagram holds. A ServerKeyExchange's signature
            // algorithm is tshark's sig_hash_alg too, which the codec does not read.
            boolean inPieces = dtls.handshakes().stream().anyMatch(h -> !h.whole()
                    && (h.type() == DtlsHandshake.CLIENT_HELLO || h.type() == DtlsHandshake.SERVER_HELLO));
            boolean keyExchange = dtls.handshakes().stream().anyMatch(h -> h.type() == 12);
            fragmented += inPieces ? 1 : 0;
            Map<String, List<String>> ours = OurFields.of(rec.dataLinkType(), rec.data());
            Map<String, List<String>> theirFields = new TreeMap<>();
            for (int f = 0; f < FIELDS.size(); f++) {
                String field = FIELDS.get(f);
                if (inPieces && HELLO_FIELDS.contains(field)
                        || keyExchange && field.equals("dtls.handshake.sig_hash_alg")) {
                    continue;
                }
                List<String> want = normalise(f < row.length ? row[f] : "");
                theirFields.put(field, want);
                List<String> got = ours.getOrDefault(field, List.of()).stream()
                        .map(v -> v.toLowerCase(Locale.ROOT)).toList();
                if (field.endsWith("_full")) { // the JA3 string's commas are tshark's aggregator's too
                    got = got.stream().flatMap(v -> List.of(v.split(",", -1)).stream()).toList();
                }
                if (!want.equals(got)) {
                    disagreements.add(where + field + ": tshark " + want + ", codec " + got);
                }
                values.merge(field, want.size(), Integer::sum);
            }
            if (dtls.clientHello() != null && !inPieces) {
                hellos++;
                String mine = dtls.clientHello().ja4('d');
                String spec = ja4(theirFields);
                if (!spec.equals(mine)) {
                    disagreements.add(where + "JA4: from tshark's fields " + spec + ", codec " + mine);
                }
                ja4.add(where + mine);
            }
        }
        return new Report(records.size(), dtlsFrames, values, hellos, fragmented, disagreements, ja4);
    }

    /**
     * JA4 of the ClientHello in a frame, from tshark's fields by the FoxIO specification with
     * DTLS's 'd': version (0xfeff d1, 0xfefd d2, 0xfefc d3, or TLS's), d/i for SNI, cipher and
     * extension counts, first and last character of the first ALPN value; the first 12 hex of
     * SHA-256 of the sorted ciphers; of the sorted extensions without SNI and ALPN, '_', the
     * signature algorithms in order. GREASE values are left out.
     */
    private static String ja4(Map<String, List<String>> t) {
        List<Integer> ciphers = ints(t.get("dtls.handshake.ciphersuite"));
        List<Integer> extensions = ints(t.get("dtls.handshake.extension.type"));
        List<Integer> sigalgs = ints(t.get("dtls.handshake.sig_hash_alg"));
        List<String> alpn = t.get("dtls.handshake.extensions_alpn_str");
        int v = ints(t.get("dtls.handshake.version")).get(0);
        String version = switch (v) {
            case 0xfeff -> "d1";
            case 0xfefd -> "d2";
            case 0xfefc -> "d3";
            default -> throw new AssertionError("DTLS version " + Integer.toHexString(v));
        };
        String first = alpn.isEmpty() ? "00" : alpn.get(0).charAt(0) + "" + alpn.get(0).charAt(alpn.get(0).length() - 1);
        String a = "d" + version + (t.get("dtls.handshake.extensions_server_name").isEmpty() ? "i" : "d")
                + String.format("%02d%02d", Math.min(99, ciphers.size()), Math.min(99, extensions.size())) + first;
        String b = sha12(join(ciphers.stream().sorted().toList()));
        String ext = join(extensions.stream().filter(e -> e != 0 && e != 16).sorted().toList());
        String sig = join(sigalgs);
        return a + "_" + b + "_" + sha12(sig.isEmpty() ? ext : ext + "_" + sig);
    }

    private static List<Integer> ints(List<String> values) {
        return values.stream().map(Integer::parseInt).filter(x -> (x & 0x0f0f) != 0x0a0a || (x >> 8) != (x & 0xff))
                .toList();
    }

    private static String join(List<Integer> values) {
        StringBuilder sb = new StringBuilder();
        for (int x : values) {
            sb.append(sb.isEmpty() ? "" : ",").append(String.format("%04x", x));
        }
        return sb.toString();
    }

    private static String sha12(String text) {
        if (text.isEmpty()) {
            return "000000000000";
        }
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
            return java.util.HexFormat.of().formatHex(d).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> normalise(String raw) {
        List<String> out = new ArrayList<>();
        if (raw.isEmpty()) {
            return out;
        }
        for (String v : raw.split(",", -1)) {
            String s = v.trim().toLowerCase(Locale.ROOT);
            if (s.startsWith("0x")) {
                s = String.valueOf(Long.parseLong(s.substring(2), 16));
            }
            out.add(s);
        }
        return out;
    }

    private static List<String> run(List<String> argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("tshark failed: " + argv);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException(e));
        }
        List<String> lines = new ArrayList<>(out.lines().toList());
        return lines;
    }
}
