package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.epcap.pkt.testing.Tshark;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * {@code sniff -r FILE} and {@code sniff -r FILE --json} against tshark, file by file, for the
 * fields both report. Runs the command in this JVM; the port program reads the file.
 */
class CorpusReportTest {

    @ParameterizedTest(name = "{0}")
    @FieldSource("org.epcap.sniff.Corpus#REPRESENTATIVE")
    void textReportAgreesWithTshark(String name) {
        check(name, false);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("org.epcap.sniff.Corpus#REPRESENTATIVE")
    void jsonReportAgreesWithTshark(String name) {
        check(name, true);
    }

    private static void check(String name, boolean json) {
        Path file = Corpus.file(name);
        Cli cli = json ? Cli.run("-r", file.toString(), "--json") : Cli.run("-r", file.toString());
        assertEquals(0, cli.exit(), cli::toString);
        List<ReportedPacket> reports = json ? ReportedPacket.fromJson(cli.out()) : ReportedPacket.fromText(cli.out());
        List<Map<String, String>> tshark = firstOccurrences(Tshark.of(file));
        ReportVsTshark cmp = new ReportVsTshark(name);
        cmp.compare(reports, tshark);
        assertTrue(cmp.mismatches().isEmpty(), () -> String.join("\n", cmp.mismatches()));
        assertTrue(cmp.compared() > 0, "nothing compared in " + name);
        assertTrue(cli.err().contains(reports.size() + (reports.size() == 1 ? " packet" : " packets") + " captured"),
                cli::toString);
    }

    /** Per frame, the first value tshark gives for each field it reports (the outermost header). */
    private static List<Map<String, String>> firstOccurrences(Tshark.Run run) {
        assertEquals(0, run.exitCode(), run::stderr);
        List<Map<String, String>> frames = new ArrayList<>();
        for (Map<String, String> frame : run.frames()) {
            Map<String, String> first = new LinkedHashMap<>();
            frame.forEach((field, values) -> {
                if (!values.isEmpty()) first.put(field, values.split(",", -1)[0]);
            });
            frames.add(first);
        }
        return frames;
    }
}
