package org.epcap.sniff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        assumeTrue(Tshark.available(), "needs tshark");
        Path file = Corpus.file(name);
        Cli cli = json ? Cli.run("-r", file.toString(), "--json") : Cli.run("-r", file.toString());
        assertEquals(0, cli.exit(), cli::toString);
        List<ReportedPacket> reports = json ? ReportedPacket.fromJson(cli.out()) : ReportedPacket.fromText(cli.out());
        List<Map<String, String>> tshark = Tshark.fields(file);
        ReportVsTshark cmp = new ReportVsTshark(name);
        cmp.compare(reports, tshark);
        assertTrue(cmp.mismatches().isEmpty(), () -> String.join("\n", cmp.mismatches()));
        assertTrue(cmp.compared() > 0, "nothing compared in " + name);
        assertTrue(cli.err().contains(reports.size() + (reports.size() == 1 ? " packet" : " packets") + " captured"),
                cli::toString);
    }
}
