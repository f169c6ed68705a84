package org.epcap.sniff;

import java.time.ZoneId;
import java.util.HexFormat;
import org.epcap.pkt.DataLinkType;
import org.epcap.pkt.Pkt;

/**
 * One-time initialisations that every run of the tool needs, done on a second thread while the
 * main thread builds and parses the command line, instead of one after the other on the main
 * thread once the options are known. Each one costs milliseconds in a fresh JVM: the logging
 * backend reads its configuration when the library first asks whether DEBUG is on (it does as
 * the port starts); the reports' local time reads the time-zone database; the JDK's process
 * launcher initialises its classes and copies the environment; the codec's decoders are loaded
 * and initialised by the first packet. On a two-core machine this took 10 to 15 ms off a start
 * of about 160 ms (an 18-packet file, bench/sniff-bench.sh's start-up line); on one core it
 * costs a thread and nothing else.
 *
 * <p>Nothing here can change what a run does: the main thread would make the same calls, in
 * the same JVM, and it waits for a class still being initialised here. A failure is ignored,
 * since the main thread meets the same failure where it matters and reports it there.
 *
 * <pre>{@code
 * StartupWarmup.start();   // first thing in main
 * }</pre>
 */
final class StartupWarmup {
    // Ethernet, IPv4, UDP with a 4-byte payload: the codec's most common path.
    private static final String FRAME = "020000000002020000000001080045000020000100004011c6e4a9fe0001a9fe0002"
            + "9c409c41000c000001020304";

    private StartupWarmup() {
    }

    /** Starts the warm-up on a daemon thread, which never delays the JVM's exit. */
    static void start() {
        Thread t = new Thread(StartupWarmup::run, "sniff-warmup");
        t.setDaemon(true);
        t.start();
    }

    // In the order the main thread needs them: the reporter's zone, the port's launch and the
    // library's first log line, then the first packet.
    private static void run() {
        try {
            ZoneId.systemDefault().getRules();
            System.getenv();
            ClassLoader boot = null;
            Class.forName("java.lang.ProcessImpl", true, boot);
            Class.forName("java.lang.ProcessHandleImpl", true, boot);
            System.getLogger("org.epcap").isLoggable(System.Logger.Level.DEBUG);
            Pkt.decode(DataLinkType.EN10MB, HexFormat.of().parseHex(FRAME));
        } catch (RuntimeException | ReflectiveOperationException | LinkageError | java.util.ServiceConfigurationError e) {
            // best effort: see the class comment
        }
    }
}
