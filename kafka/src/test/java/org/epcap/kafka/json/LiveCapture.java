package org.epcap.kafka.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.epcap.Epcap;
import org.epcap.Options;
import org.epcap.RawPacketHandler;
import org.epcap.Stats;
import org.epcap.pkt.io.PcapWriter;
import org.epcap.pkt.io.TimestampPrecision;
import org.epcap.testing.Tools;

/** What the live protocol tests share: real traffic captured by Epcap into a file, and a certificate. */
final class LiveCapture {
    private LiveCapture() {
    }

    /** Traffic to make while the capture runs. */
    @FunctionalInterface
    interface Traffic {
        void run() throws Exception;
    }

    /** A self-signed P-256 certificate and key, {@code cert.pem} and {@code key.pem} in {@code dir}. */
    static void selfSignedCertificate(Path dir) {
        Tools.check(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-subj", "/CN=epcap.test", "-days", "1"));
    }

    /**
     * Captures with {@code options} (its snap length, nanosecond time stamps) into {@code pcap}
     * while {@code traffic} runs, then until every packet the kernel gave the capture is written
     * (bounded by {@code settle}); asserts that nothing was dropped and returns the packets written.
     *
     * @param loopback the capture is on {@code lo}, where the kernel counts each packet twice as
     *                 received (once each way) and the capture keeps one: there a count that
     *                 stopped moving is the sign that it has settled
     */
    static long toFile(Path pcap, Options options, boolean loopback, Duration settle, Traffic traffic)
            throws Exception {
        AtomicLong written = new AtomicLong();
        PcapWriter writer = PcapWriter.create(pcap, 1, options.snaplen().orElse(65535), TimestampPrecision.NANO);
        RawPacketHandler handler = (dlt, buf, off, caplen, sec, nsec, length) -> {
            try {
                writer.write(dlt, sec, nsec, length, buf, off, caplen);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            written.incrementAndGet();
        };
        Stats stats;
        try (writer; Epcap cap = Epcap.start(options, handler)) {
            traffic.run();
            long deadline = System.nanoTime() + settle.toNanos();
            long last = -1;
            while (System.nanoTime() < deadline) {
                stats = cap.stats();
                boolean allGiven = loopback ? last > 0 : stats.received() == stats.captured() + stats.dropped();
                if (allGiven && written.get() == stats.captured() && written.get() == last) {
                    break;
                }
                last = written.get();
                TimeUnit.MILLISECONDS.sleep(200);
            }
            stats = cap.stats();
        }
        assertEquals(0, stats.dropped(), "the capture is complete: " + stats);
        assertEquals(stats.captured(), written.get(), "every captured packet is in the file: " + stats);
        return written.get();
    }
}
