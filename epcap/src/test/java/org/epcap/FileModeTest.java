package org.epcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.epcap.testing.Corpus;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;

/**
 * Every pcap/pcapng file of the corpus, read through the port, against libpcap read directly
 * (native/test/pcapdump prints "sec.nsec caplen len" per packet).
 */
class FileModeTest {
    @Test
    void everyCorpusFileMatchesLibpcap() {
        Path prog = Tools.assumePortProgram();
        Path pcapdump = Corpus.pcapdump();
        List<Path> files = Corpus.captureFiles();
        assertTrue(files.size() > 800, "the corpus has its 840-odd files, found " + files.size());
        List<String> mismatches = new ArrayList<>();
        int opened = 0;
        int rejected = 0;
        long packets = 0;
        for (Path file : files) {
            Tools.Result oracle = Tools.run(List.of(pcapdump.toString(), file.toString()));
            List<String> expected = new ArrayList<>();
            if (!oracle.out().isEmpty()) {
                for (String line : oracle.out().split("\n")) expected.add(normalized(line));
            }
            boolean opens = oracle.status() == 0 || !expected.isEmpty() || !oracle.err().contains("pcapdump: ")
                    || readsMidway(oracle);
            Options o = Options.builder().progname(prog).file(file).timeUnit(TimestampUnit.NANOSECOND).build();
            List<String> got = new ArrayList<>();
            CaptureEnd end;
            try (Epcap cap = Epcap.start(o)) {
                for (Packet p; (p = cap.next()) != null; ) {
                    got.add(String.format("%d.%09d %d %d", p.epochSecond(), p.nanos(), p.caplen(), p.length()));
                }
                end = cap.end().orElseThrow();
            } catch (FileException e) {
                if (opens) mismatches.add(file + ": libpcap opens it, we got " + e);
                rejected++;
                continue;
            }
            if (!opens) {
                mismatches.add(file + ": libpcap rejects it (" + oracle.err().strip() + "), we read it");
                continue;
            }
            opened++;
            packets += got.size();
            if (!got.equals(expected)) {
                mismatches.add(file + ": " + got.size() + " packets, libpcap " + expected.size()
                        + firstDifference(got, expected));
            }
            boolean oracleFailedMidway = oracle.status() != 0;
            if (oracleFailedMidway == end.isNormal()) {
                mismatches.add(file + ": libpcap exit " + oracle.status() + " but the capture ended " + end);
            }
            if (!oracleFailedMidway && end.reason() != CaptureEnd.Reason.END_OF_FILE) {
                mismatches.add(file + ": ended " + end);
            }
        }
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " files differ:\n" + String.join("\n", mismatches.subList(0,
                    Math.min(20, mismatches.size()))));
        }
        // libpcap opens every file of the corpus; aRejectedFileIsAFileException covers rejection.
        assertTrue(opened > 700 && packets > 10000,
                "opened " + opened + ", rejected " + rejected + ", packets " + packets);
        System.out.printf("corpus: %d files opened, %d rejected, %d packets agree with libpcap%n", opened, rejected,
                packets);
    }

    /**
     * pcapdump prints libpcap's sub-second field as it is, which some files set to a second
     * or more, or below zero; the same time has its excess carried into the seconds. The wire's
     * u32 ts_nsec cannot hold such a field, so the port must carry it the same way.
     */
    private static String normalized(String line) {
        String[] f = line.split(" ");
        int dot = f[0].indexOf('.');
        long sec = Long.parseLong(f[0].substring(0, dot));
        long ns = Long.parseLong(f[0].substring(dot + 1));
        return String.format("%d.%09d %s %s", sec + Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L), f[1], f[2]);
    }

    /** pcapdump failed after opening: it printed packets, or its error is a read error. */
    private static boolean readsMidway(Tools.Result r) {
        return r.status() != 0 && !r.out().isEmpty();
    }

    private static String firstDifference(List<String> got, List<String> expected) {
        for (int i = 0; i < Math.min(got.size(), expected.size()); i++) {
            if (!got.get(i).equals(expected.get(i))) {
                return "; packet " + i + ": " + got.get(i) + " vs " + expected.get(i);
            }
        }
        return "";
    }

    @Test
    void aRejectedFileIsAFileException() {
        Path prog = Tools.assumePortProgram();
        Path notPcap = Tools.assumeCorpus().resolve("README.md");
        FileException e = org.junit.jupiter.api.Assertions.assertThrows(FileException.class,
                () -> Epcap.start(Options.builder().progname(prog).file(notPcap).build()));
        assertEquals(ErrorCode.FILE_ERROR, e.code().orElseThrow());
    }
}
