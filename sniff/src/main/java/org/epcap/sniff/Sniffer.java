package org.epcap.sniff;

import java.io.PrintStream;
import java.util.Objects;
import java.util.Optional;
import org.epcap.CaptureEnd;
import org.epcap.Epcap;
import org.epcap.Options;
import org.epcap.Packet;
import org.epcap.PacketHandler;
import org.epcap.Stats;

/**
 * A capture whose packets go to a reporter, which can be restarted with new options (a new
 * filter, another interface) and stopped while the program runs, keeping its reporter: the
 * seed's sniff state machine as an object. {@link Sniff} is the static face of one of these.
 *
 * <pre>{@code
 * try (Sniffer s = new Sniffer(new TextReporter(System.out))) {
 *     s.start(Options.builder().interfaceName("eth0").filter("udp").build());
 *     Thread.sleep(5000);
 *     s.start(Options.builder().interfaceName("eth0").filter("icmp").build());  // switch flows
 * }
 * }</pre>
 *
 * <p>Packets are reported on the capture's reader thread, one at a time. After
 * {@link #start} or {@link #stop} returns, no packet of the previous capture is reported.
 */
public final class Sniffer implements AutoCloseable {
    private final PrintStream err;
    private final Object reportLock = new Object();
    private volatile Reporter reporter;
    private Epcap capture;
    // Each capture's handler knows its generation; a stale one reports nothing.
    private volatile long generation;

    /** A sniffer reporting to {@code reporter}, with capture ends that are errors told on stderr. */
    public Sniffer(Reporter reporter) {
        this(reporter, System.err);
    }

    public Sniffer(Reporter reporter, PrintStream err) {
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        this.err = Objects.requireNonNull(err, "err");
    }

    /**
     * Stops the current capture, if any, and starts one with {@code options}. Blocks until the
     * port is ready.
     *
     * @throws org.epcap.EpcapException the port's typed error; the sniffer is then stopped
     */
    public synchronized void start(Options options) {
        stop();
        long mine = ++generation;
        capture = Epcap.start(options, new PacketHandler() {
            @Override
            public void onPacket(Packet packet) {
                synchronized (reportLock) {
                    if (generation == mine) {
                        reporter.report(packet);
                    }
                }
            }

            @Override
            public void onEnd(CaptureEnd end) {
                synchronized (reportLock) {
                    if (generation == mine) {
                        reporter.flush();
                        if (!end.isNormal()) {
                            err.println("sniff: capture ended: " + end);
                        }
                    }
                }
            }
        });
    }

    /** Stops the current capture; nothing happens when none runs. */
    public synchronized void stop() {
        synchronized (reportLock) {
            generation++;
            reporter.flush();
        }
        if (capture != null) {
            Epcap c = capture;
            capture = null;
            c.close();
        }
    }

    /** True while a capture is started and has not been stopped. */
    public synchronized boolean isRunning() {
        return capture != null;
    }

    /** The current capture's statistics, empty when none runs. */
    public synchronized Optional<Stats> stats() {
        return capture == null ? Optional.empty() : Optional.of(capture.stats());
    }

    /** Replaces the reporter; the running capture's next packet goes to the new one. */
    public void reporter(Reporter newReporter) {
        Objects.requireNonNull(newReporter, "reporter");
        synchronized (reportLock) {
            reporter.flush();
            reporter = newReporter;
        }
    }

    public Reporter reporter() {
        return reporter;
    }

    @Override
    public void close() {
        stop();
    }
}
