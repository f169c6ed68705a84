package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;

/**
 * The one-line summaries of DNS, mDNS, NTP and BOOTP/DHCP against tcpdump's, packet by packet,
 * on every file of the tcpdump corpus in which tcpdump finds such a datagram: both tools read
 * the file through the same filter and print with {@code -t}, and each line must be tcpdump's
 * to the byte, or fall in one of the {@link Difference}s below, each named for its cause and
 * checked on the two lines (and on sniff's JSON of the packet where the cause is the codec's).
 */
class ApplicationLinesTest {

    /** UDP on the ports tcpdump decodes these protocols on (5355, LLMNR: tcpdump prints plain UDP). */
    static final String FILTER = "udp and (port 53 or port 5353 or port 5355 or port 123 or port 67 or port 68)";

    /** Why a line may differ from tcpdump's; each must occur in the corpus, or leave this list. */
    enum Difference {
        /** The packet's link type (ARCnet) has no decoder in the codec: sniff prints {@code [|link]}. */
        LINK_TYPE_NOT_DECODED,
        /**
         * tcpdump writes a note into the IP part ({@code truncated-ip - 1 bytes missing!},
         * {@code bad-len 19}) where the IP length disagrees with the capture; with the note taken
         * out the line is the same, or tcpdump stops at {@code bad-len}.
         */
        TCPDUMP_IP_LENGTH_NOTE,
        /**
         * The codec rejects the message (cut by the snapshot length, shorter than its UDP length,
         * or malformed, as in fuzzed files): sniff prints {@code UDP, length N}, tcpdump what it could
         * read, often ending in {@code [|domain]}. sniff's JSON must show the codec's error.
         */
        CODEC_REJECTS_MESSAGE,
        /**
         * A first IPv4 fragment: the codec leaves a datagram that is not whole undecoded, tcpdump
         * prints its start. sniff's JSON must show the fragment (mf) and no application header.
         */
        FIRST_FRAGMENT
    }

    @Test
    void summariesAreTcpdumps() throws IOException {
        Tools.assumePortProgram();
        String tcpdump = Oracle.tool("tcpdump");
        List<Path> files;
        try (Stream<Path> s = Files.list(org.epcap.pkt.testing.Corpus.root().resolve("tcpdump"))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertTrue(files.size() > 100, "tcpdump corpus not found: " + files.size() + " files");
        int filesUsed = 0;
        int compared = 0;
        int equal = 0;
        Map<Difference, Integer> differences = new LinkedHashMap<>();
        List<String> unexplained = new ArrayList<>();
        for (Path f : files) {
            // tcpdump itself picks the files: those where the filter matches a packet
            Tools.Result r = Tools.run(Duration.ofSeconds(60), List.of(tcpdump, "-nn", "-t", "-r", f.toString(), FILTER));
            if (r.status() != 0 || r.out().isEmpty()) {
                continue; // a link type libpcap cannot filter, or no such datagram
            }
            filesUsed++;
            List<String> theirs = r.out().lines().toList();
            Cli lines = Cli.run("-r", f.toString(), "-t", FILTER);
            assertEquals(0, lines.exit(), lines::toString);
            Cli json = Cli.run("-r", f.toString(), "--json", FILTER);
            assertEquals(0, json.exit(), json::toString);
            List<String> ours = lines.out().lines().toList();
            List<String> records = json.out().lines().toList();
            String name = f.getFileName().toString();
            assertEquals(theirs.size(), ours.size(), name + ": packets printed");
            assertEquals(theirs.size(), records.size(), name + ": JSON records");
            for (int i = 0; i < theirs.size(); i++) {
                compared++;
                String t = theirs.get(i);
                String o = ours.get(i);
                if (t.equals(o)) {
                    equal++;
                    continue;
                }
                Difference why = explain(t, o, MiniJson.object(records.get(i)));
                if (why == null) {
                    unexplained.add(name + " packet " + (i + 1) + "\n  tcpdump: " + t + "\n  sniff:   " + o);
                } else {
                    differences.merge(why, 1, Integer::sum);
                }
            }
        }
        System.out.printf("application lines: %d files, %d packets compared, %d equal to tcpdump's, differences %s%n",
                filesUsed, compared, equal, differences);
        if (!unexplained.isEmpty()) {
            fail(unexplained.size() + " lines differ from tcpdump's for no listed reason:\n" + String.join("\n", unexplained));
        }
        for (Difference d : Difference.values()) {
            assertTrue(differences.containsKey(d), d + " no longer occurs: take it off the list");
        }
        assertTrue(compared > 200 && equal > compared * 9 / 10, "compared " + compared + ", equal " + equal);
    }

    /** The listed reason for this difference, or null. */
    static Difference explain(String theirs, String ours, Map<String, Object> json) {
        if (ours.startsWith("[|")) {
            return Difference.LINK_TYPE_NOT_DECODED;
        }
        String noted = theirs.replaceFirst("truncated-ip6? - \\d+ bytes missing! ?", "");
        if ((!noted.equals(theirs) && noted.equals(ours)) || theirs.matches("IP bad-len \\d+")) {
            return Difference.TCPDUMP_IP_LENGTH_NOTE;
        }
        // The two differ after the ports only: sniff's plain UDP where tcpdump names the protocol.
        int colon = ours.indexOf(": UDP, length ");
        if (colon < 0 || !theirs.startsWith(ours.substring(0, colon + 2))) {
            return null;
        }
        Object error = json.get("decode_error");
        if (error instanceof String e && (e.startsWith("dns ") || e.startsWith("dhcp ") || e.startsWith("ntp "))) {
            return Difference.CODEC_REJECTS_MESSAGE;
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> headers = (List<Map<String, Object>>) json.get("headers");
        Map<String, Object> last = headers.get(headers.size() - 1);
        boolean fragment = headers.stream().anyMatch(h -> "ipv4".equals(h.get("layer")) && Boolean.TRUE.equals(h.get("mf")));
        if (error == null && fragment && "udp".equals(last.get("layer"))) {
            return Difference.FIRST_FRAGMENT;
        }
        return null;
    }
}
