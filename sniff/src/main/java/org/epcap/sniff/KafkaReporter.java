package org.epcap.sniff;

import java.io.PrintStream;
import java.util.Optional;
import org.epcap.Packet;
import org.epcap.Stats;
import org.epcap.kafka.ExportReport;
import org.epcap.kafka.KafkaExport;

/**
 * {@code --kafka}: each packet goes to a {@link KafkaExport} instead of being printed. Waiting
 * for room in the producer's buffer holds the capture back (the kernel then drops and counts).
 */
final class KafkaReporter implements Reporter {
    private final KafkaExport export;

    KafkaReporter(KafkaExport export) {
        this.export = export;
    }

    @Override
    public void report(Packet p) {
        byte[] data = p.data();
        export.accept(p.dataLinkType(), p.epochSecond() * 1_000_000_000L + p.nanos(), data, 0, data.length,
                p.length());
    }

    @Override
    public void report(int dataLinkType, byte[] buf, int off, int caplen, long sec, int nsec, int length) {
        export.accept(dataLinkType, sec * 1_000_000_000L + nsec, buf, off, caplen, length);
    }

    /**
     * After the capture: publishes what the flow table or event decoder still hold, waits for the
     * acknowledgements, and prints the final report, with {@code kernel}'s counters when given
     * (the ones the capture's summary printed: the capture is stopped by now and the export
     * holds only those of its last periodic report, if any).
     *
     * @return true when every record was acknowledged
     */
    boolean finish(PrintStream err, Optional<Stats> kernel) {
        export.finish();
        export.close();
        ExportReport r = kernel.map(export::report).orElseGet(export::report);
        err.println("kafka: " + r);
        return r.recordsFailed() == 0;
    }
}
