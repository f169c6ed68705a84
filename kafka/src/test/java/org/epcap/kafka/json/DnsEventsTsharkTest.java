package org.epcap.kafka.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.epcap.pkt.DnsType;
import org.junit.jupiter.api.Test;

/**
 * DNS events against tshark on the corpus's DNS captures (UDP, TCP with a message over several
 * segments, EDNS with extended response codes, DNSSEC, over Ethernet and BSD loopback): for every
 * message tshark dissects, an event with the same sender, Community ID (seeds 0 and 4711), id,
 * direction, question name and type, response code (with the OPT record's extended bits) and
 * number of answers; and nothing more. A message the snapshot length cut is reported with its
 * header, question and whole answers, and marked truncated.
 */
class DnsEventsTsharkTest {
    private static final List<String> FILES = List.of("dns_udp.pcap", "dns_udp_2.pcap", "dnssec.pcap", "edns-opts.pcap",
            "dns-badcookie.pcap", "dns-badvers.pcap", "dns-uri.pcap", "dns_tcp.pcap");
    /**
     * Messages whose names break the rules (a pointer forward or in a loop, a name over 255 bytes,
     * a bad label type): tshark prints them with placeholder names ("<Name too long>") or not at
     * all; the codec refuses them, and the extractor counts them and reports no event.
     */
    private static final List<String> HOSTILE = List.of("dns_fwdptr.pcap", "dns-badlabel.pcap", "dns-zlip-1.pcap",
            "dns-zlip-2.pcap", "dns-zlip-3.pcap");
    private static final List<String> FIELDS = List.of("ip.src", "ipv6.src", "udp.srcport", "tcp.srcport", "communityid",
            "dns.id", "dns.flags.response", "dns.qry.name", "dns.qry.type", "dns.flags.rcode", "dns.resp.ext_rcode",
            "dns.count.answers", "dns.a", "dns.aaaa");

    @Test
    void everyMessageTsharkSeesIsAnEventWithItsValues() {
        int messages = 0;
        int truncated = 0;
        Set<String> codes = new HashSet<>();
        for (String name : FILES) {
            Path file = Captures.corpus(name);
            for (int seed : new int[] {0, 4711}) {
                List<String> want = new ArrayList<>();
                Set<String> addresses = new HashSet<>();
                for (String[] row : Captures.tshark(file, seed, FIELDS)) {
                    List<String> ids = Captures.occurrences(row[5]);
                    for (int i = 0; i < ids.size(); i++) {
                        boolean response = Captures.occurrences(row[6]).get(i).equals("1");
                        String rcode = null;
                        if (response) {
                            int r = Integer.parseInt(Captures.occurrences(row[9]).get(0));
                            // the OPT record of this message: the extended RCODE's upper bits
                            List<String> ext = Captures.occurrences(row[10]);
                            if (ext.size() == ids.size()) {
                                r |= Integer.decode(ext.get(i)) << 4;
                            } else if (ids.size() == 1 && !ext.isEmpty()) {
                                r |= Integer.decode(ext.get(0)) << 4;
                            }
                            rcode = EventExtractor.responseCode(r);
                        }
                        String qname = Captures.occurrences(row[7]).get(i);
                        want.add(String.join(" ", row[0].isEmpty() ? row[1] : row[0],
                                row[2].isEmpty() ? row[3] : row[2], row[4], Integer.toString(Integer.decode(ids.get(i))),
                                response ? "answer" : "query", qname.equals("<Root>") ? "." : qname,
                                DnsType.name(Integer.parseInt(Captures.occurrences(row[8]).get(i))), String.valueOf(rcode),
                                Captures.occurrences(row[11]).get(i)));
                    }
                    addresses.addAll(Captures.occurrences(row[12]));
                    for (String a : Captures.occurrences(row[13])) {
                        addresses.add(Captures.ip(a));
                    }
                }
                Captures.Extracted x = Captures.extract(file, ExtractorConfig.defaults().withCommunityIdSeed(seed));
                List<String> got = new ArrayList<>();
                for (JsonNode d : x.json()) {
                    assertEquals("dns", Captures.text(d, "network.protocol"));
                    got.add(String.join(" ", Captures.text(d, "source.ip"), Captures.text(d, "source.port"),
                            Captures.text(d, "network.community_id"), Captures.text(d, "dns.id"),
                            Captures.text(d, "dns.type"), Captures.text(d, "dns.question.name"),
                            Captures.text(d, "dns.question.type"), String.valueOf(Captures.text(d, "dns.response_code")),
                            Captures.text(d, "epcap.dns.answer_count")));
                    boolean cut = d.at("/epcap/dns/truncated").asBoolean(false);
                    if (cut) {
                        truncated++;
                        assertTrue(d.at("/dns/answers").size() <= d.at("/epcap/dns/answer_count").asInt(), name);
                    } else {
                        assertEquals(d.at("/epcap/dns/answer_count").asInt(), d.at("/dns/answers").size(), name);
                    }
                    codes.add(String.valueOf(Captures.text(d, "dns.response_code")));
                    for (JsonNode ip : d.at("/dns/resolved_ip")) {
                        String norm = Captures.ip(ip.asText());
                        assertTrue(addresses.contains(norm), name + ": resolved " + ip + " not in tshark's " + addresses);
                    }
                }
                want.sort(null);
                got.sort(null);
                Captures.assertSameMultiset(want, got, name + " seed " + seed);
                assertEquals(0, x.stats().dnsMalformed(), name);
                messages += got.size();
            }
        }
        for (String name : HOSTILE) {
            Path file = Captures.corpus(name);
            for (String[] row : Captures.tshark(file, 0, FIELDS)) {
                assertTrue(row[7].isEmpty() || row[7].contains("<"), name + ": tshark read a name: " + row[7]);
            }
            Captures.Extracted x = Captures.extract(file, ExtractorConfig.defaults());
            assertEquals(List.of(), x.json(), name);
            assertEquals(1, x.stats().dnsMalformed(), name);
        }
        assertTrue(truncated >= 2, "messages the snapshot length cut, reported in part: " + truncated);
        assertTrue(messages >= 60, "messages compared: " + messages);
        assertTrue(codes.containsAll(List.of("NOERROR", "BADVERS", "BADCOOKIE")), "response codes seen: " + codes);
    }
}
