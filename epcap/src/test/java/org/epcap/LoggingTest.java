package org.epcap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The library logs through System.Logger ({@code org.epcap}), which on a plain JDK is
 * java.util.logging: a capture's start with its pid, the port's stderr lines, and its end.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoggingTest {
    @Test
    void startStderrAndEndAreLogged() {
        Logger jul = Logger.getLogger("org.epcap");
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level was = jul.getLevel();
        jul.setLevel(Level.ALL);
        jul.addHandler(h);
        try {
            Options o = Options.builder().progname(Tools.assumePortProgram())
                    .file(Tools.assumeCorpus().resolve("tcpdump/dns_tcp.pcap")).verbose(2).build();
            long pid;
            try (Epcap cap = Epcap.start(o)) {
                pid = cap.pid();
                while (cap.next() != null) {
                    // read to the end
                }
            }
            java.util.function.Predicate<String> logged = s -> records.stream()
                    .anyMatch(r -> java.text.MessageFormat.format(r.getMessage(), r.getParameters()).contains(s));
            assertTrue(logged.test("started pid " + pid), "start: " + messages(records));
            assertTrue(logged.test("ended: END_OF_FILE"), "end: " + messages(records));
            // -v -v: the port says whom it runs as on stderr, and each line is an INFO record.
            assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.INFO
                    && String.valueOf(r.getParameters()[1]).startsWith("epcap: running as uid")),
                    "stderr: " + messages(records));
        } finally {
            jul.removeHandler(h);
            jul.setLevel(was);
        }
    }

    private static String messages(List<LogRecord> records) {
        StringBuilder b = new StringBuilder();
        for (LogRecord r : records) {
            b.append(r.getLevel()).append(' ').append(java.text.MessageFormat.format(r.getMessage(), r.getParameters()))
                    .append('\n');
        }
        return b.toString();
    }
}
