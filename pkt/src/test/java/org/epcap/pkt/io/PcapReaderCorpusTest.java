package org.epcap.pkt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.epcap.pkt.testing.Corpus;
import org.epcap.pkt.testing.ExternalTool;
import org.epcap.pkt.testing.Tshark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every capture of the shared corpus read by {@link PcapReader} and by the oracles: tshark for
 * the number of packets, their captured and original lengths and timestamps; tcpdump (libpcap)
 * for the timestamps too, and as the only oracle for the link types tshark does not know.
 */
class PcapReaderCorpusTest {

    /** Wireshark keeps SunATM's 4-byte pseudo-header out of the frame; the file and we keep it. */
    private static final int LINKTYPE_SUNATM = 123;
    private static final int SUNATM_PSEUDO_HEADER = 4;

    /**
     * Frames whose timestamp tshark gets wrong, and why (file#frame). In each the fraction field
     * is out of range and tshark's 32-bit arithmetic on it wraps; we carry it into the seconds.
     */
    private static final Map<String, String> TSHARK_TIME_WRONG = Map.of(
            "tcpdump/timestamp_invalid_micro.pcap#3",
            "usec 0x80000000: tshark multiplies by 1000 in 32 bits and prints .000000000",
            "tcpdump/timestamp_invalid_nano.pcap#3",
            "nsec 0x80000000: tshark reads it as a negative int and prints a negative time",
            "tcpdump/atm-oam-loopback-print-overrun.pcap#1",
            "usec 1159821166: tshark's usec*1000 wraps in 32 bits",
            "tcpdump/rx_serviceid_oobr.pcap#2",
            "usec 0xe4ff0030: tshark reads it as a negative int and prints a negative time");

    /**
     * Files where tcpdump's -tt output cannot be matched line by line to packets, and why. The
     * reading itself is checked against tshark for all of them.
     */
    private static final Map<String, String> TCPDUMP_UNUSABLE = Map.ofEntries(
            Map.entry("tcpdump/bgp_vpn_rt-oobr.pcap", "a printer runs many packets into one line"),
            Map.entry("tcpdump/icmp6_mobileprefix_asan.pcap", "a printer runs packets into one line"),
            Map.entry("tcpdump/pim_header_asan-2.pcap", "a printer runs packets into one line"),
            Map.entry("tcpdump/vtp_asan.pcap", "a printer runs packets into one line"),
            Map.entry("tcpdump/icmp-icmp_print-oobr-2.pcap", "prints [Invalid header] lines without a time"),
            Map.entry("tcpdump/olsr-oobr-2.pcap", "prints [Invalid header] lines without a time"),
            Map.entry("tcpdump/rsvp-rsvp_obj_print-oobr.pcap", "prints [Invalid header] lines without a time"),
            Map.entry("tcpdump/rx_serviceid_oobr.pcap", "prints [Invalid header] lines without a time"),
            Map.entry("tcpdump/time_2038_overflow.pcap", "prints [Error converting time] after 2038"),
            Map.entry("tcpdump/time_2039.pcap", "prints [Error converting time] after 2038"),
            Map.entry("tcpdump/time_2106.pcap", "prints [Error converting time] after 2038"),
            Map.entry("tcpdump/time_2106_max.pcap", "prints [Error converting time] after 2038"),
            Map.entry("tcpdump/time_2106_overflow.pcapng", "libpcap keeps pcapng seconds in 32 bits and wraps past 2106"),
            Map.entry("tcpdump/time_2107.pcapng", "libpcap keeps pcapng seconds in 32 bits and wraps past 2106"),
            Map.entry("tcpdump/timestamp_invalid_micro.pcap", "libpcap's usec*1000 wraps in 32 bits"),
            Map.entry("tcpdump/atm-oam-loopback-print-overrun.pcap", "libpcap's usec*1000 wraps in 32 bits"));

    private static final Pattern UNSUPPORTED_LINKTYPE =
            Pattern.compile("network type \\d+ unknown or unsupported");
    private static final Pattern TCPDUMP_TIME = Pattern.compile("^(\\d+\\.\\d+) ");

    @BeforeAll
    static void runOracles() {
        Tshark.prefetch(Corpus.files());
    }

    static Stream<Path> corpus() {
        return Corpus.files().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void readsLikeTshark(Path file) {
        String name = Corpus.name(file);
        Tshark.Run tshark = Tshark.of(file);
        Records ours = Records.read(file);
        if (UNSUPPORTED_LINKTYPE.matcher(tshark.stderr()).find()) {
            // Not a file error: tshark has no dissector for the link type. libpcap reads it.
            assertNull(ours.error(), () -> name + ": " + ours.error());
            assertTrue(tcpdumpTimes(file) != null, name + ": tcpdump must read what tshark cannot");
            return;
        }
        if (!tshark.clean()) {
            assertNotNull(ours.error(), name + ": tshark rejects the file (" + tshark.stderr().strip()
                    + ") but we read it");
        } else {
            assertNull(ours.error(), () -> name + ": tshark reads the file but we fail: " + ours.error());
        }
        assertEquals(tshark.frames().size(), ours.records().size(), name + ": packet count");
        for (int i = 0; i < ours.records().size(); i++) {
            PcapRecord r = ours.records().get(i);
            Map<String, String> t = tshark.frames().get(i);
            String where = name + "#" + (i + 1);
            int header = r.dataLinkType() == LINKTYPE_SUNATM ? SUNATM_PSEUDO_HEADER : 0;
            assertEquals(Long.parseLong(t.get("frame.cap_len")), Math.max(0, r.caplen() - header),
                    where + ": captured length");
            assertEquals(Long.parseLong(t.get("frame.len")), Math.max(0, r.length() - header),
                    where + ": original length");
            if (!TSHARK_TIME_WRONG.containsKey(where)) {
                assertEquals(Records.oracleNanos(t.get("frame.time_epoch")), Records.nanos(r),
                        where + ": timestamp " + t.get("frame.time_epoch") + " vs " + Records.time(r));
            } else {
                assertTrue(!Records.oracleNanos(t.get("frame.time_epoch")).equals(Records.nanos(r)),
                        where + " is listed as a tshark time error but now agrees: drop it from the list");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void timestampsLikeTcpdump(Path file) {
        String name = Corpus.name(file);
        List<String> times = tcpdumpTimes(file);
        Records ours = Records.read(file);
        if (TCPDUMP_UNUSABLE.containsKey(name)) {
            return; // checked against tshark only, for the reason in the list
        }
        assertNotNull(times, name + ": tcpdump failed");
        assertNull(ours.error(), () -> name + ": " + ours.error());
        assertEquals(times.size(), ours.records().size(), name + ": packet count by tcpdump lines");
        for (int i = 0; i < times.size(); i++) {
            assertEquals(Records.oracleNanos(times.get(i)), Records.nanos(ours.records().get(i)),
                    name + "#" + (i + 1) + ": " + times.get(i) + " vs " + Records.time(ours.records().get(i)));
        }
    }

    /** The timestamps tcpdump prints, one per packet line, or null when tcpdump fails. */
    private static List<String> tcpdumpTimes(Path file) {
        ExternalTool.Result r = ExternalTool.run(List.of(ExternalTool.require("tcpdump"), "-r",
                file.toString(), "-tt", "-nn", "--nano", "-q"), 120);
        if (r.exitCode() != 0) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            Matcher m = TCPDUMP_TIME.matcher(line);
            if (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

}
