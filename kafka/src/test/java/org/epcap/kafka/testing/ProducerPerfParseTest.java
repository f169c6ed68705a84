package org.epcap.kafka.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The summary parser on the tool's own format, without a broker. */
class ProducerPerfParseTest {

    @Test
    void takesTheLastSummaryLineNotTheProgressLines() {
        String out = String.join("\n",
                "48145 records sent, 9627.1 records/sec (0.92 MB/sec), 620.4 ms avg latency, 1234.0 ms"
                        + " max latency.",
                "100000 records sent, 12345.678901 records/sec (1.18 MB/sec), 12.34 ms avg latency,"
                        + " 456.00 ms max latency, 5 ms 50th, 10 ms 95th, 20 ms 99th, 30 ms 99.9th.",
                "");

        ProducerPerf.Result r = ProducerPerf.parse(out);

        assertEquals(100_000, r.records());
        assertEquals(12345.678901, r.recordsPerSec(), 1e-9);
        assertEquals(1.18, r.mbPerSec(), 1e-9);
        assertEquals(12.34, r.avgLatencyMs(), 1e-9);
        assertEquals(456.0, r.maxLatencyMs(), 1e-9);
        assertEquals(5, r.p50Ms());
        assertEquals(20, r.p99Ms());
    }

    @Test
    void noSummaryIsAnErrorWithTheOutput() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ProducerPerf.parse("Exception in thread \"main\" TimeoutException"));
        assertEquals(true, e.getMessage().contains("TimeoutException"));
    }
}
