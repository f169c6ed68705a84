package org.epcap.sniff;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.epcap.Epcap;
import org.epcap.EpcapException;
import org.epcap.Options;
import org.epcap.RawPacketHandler;
import org.epcap.Stats;

/**
 * One run of the sniff command: start the capture, report (and save) each packet until the
 * count, the end of the file, or Ctrl-C, then print the summary once.
 *
 * <p>Ctrl-C runs a shutdown hook while the main thread may be in the middle of a packet; both
 * take {@link #lock}, so a packet is either fully reported and saved or not at all, and the
 * summary comes last.
 */
final class CaptureRun {
    private final Options options;
    private final Reporter reporter;
    private final PrintStream err;
    private final Object lock = new Object();
    private long count;
    private Duration statsEvery;
    private SaveTo saveTo;
    private boolean terminal = Terminal.stderrIsTerminal();
    private java.util.function.Consumer<Epcap> onStart = cap -> { };

    private Epcap capture;
    private CaptureFile file;
    private Progress progress;
    private long handled;
    private boolean finished;
    private boolean outputClosed;
    private boolean stopped;
    private Throwable failure;
    private final CountDownLatch ready = new CountDownLatch(1);
    // Kept fresh each second: Ctrl-C in a terminal signals the port program too, and then only
    // the last statistics it gave are left for the summary.
    private volatile Stats lastStats;
    /** The kernel's counts when the count was reached, before the capture was stopped. */
    private Stats countStats;
    /** The kernel's counts the summary printed (null: a file, or none could be had). */
    private volatile Stats summaryStats;
    private long ticks;

    CaptureRun(Options options, Reporter reporter, PrintStream err) {
        this.options = options;
        this.reporter = reporter;
        this.err = err;
    }

    /** Stop after {@code n} packets; 0 for no limit. */
    CaptureRun count(long n) {
        count = n;
        return this;
    }

    /** Print the statistics on stderr this often; null for never. */
    CaptureRun statsEvery(Duration every) {
        statsEvery = every;
        return this;
    }

    /** Also save the packets as {@code to} says (null: do not). */
    CaptureRun write(SaveTo to) {
        saveTo = to;
        return this;
    }

    /** Called with the capture once it has started, before its first packet is handled. */
    CaptureRun onStart(java.util.function.Consumer<Epcap> then) {
        onStart = then;
        return this;
    }

    /** Whether stderr is a terminal (progress is shown only there). */
    CaptureRun terminal(boolean isTerminal) {
        terminal = isTerminal;
        return this;
    }

    /**
     * Runs the capture to its end.
     *
     * @throws EpcapException the port's typed error (start-up or during the capture)
     * @throws IOException    the -w file could not be written
     */
    void run() throws IOException {
        Thread hook = new Thread(this::interrupted, "sniff-summary");
        ScheduledExecutorService ticker = null;
        // Linked: a port that dies or fails mid-capture is an error (exit 1), not an end of file.
        // Raw push: the packet's bytes are read where the reader thread has them, with no copy
        // and no Packet per packet; the handler waits until the -w file is open.
        try (Epcap cap = Epcap.startLink(options, new Handler())) {
            synchronized (lock) {
                capture = cap;
                try {
                    if (saveTo != null) {
                        file = CaptureFile.create(saveTo, cap.info());
                    }
                    progress = Progress.forFile(options.file().orElse(null), err, terminal);
                    onStart.accept(cap);
                } finally {
                    ready.countDown();
                }
            }
            Runtime.getRuntime().addShutdownHook(hook);
            if (options.isLive()) {
                ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sniff-stats"));
                ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
                // A live capture's output appears within a fifth of a second even when it is a
                // file or a pipe, where it is otherwise handed over 64 KiB at a time.
                ticker.scheduleAtFixedRate(this::flushTick, 200, 200, TimeUnit.MILLISECONDS);
            }
            awaitEnd(cap);
            if (failure instanceof IOException io) {
                throw io;
            } else if (failure instanceof RuntimeException re) {
                throw re;
            } else if (failure instanceof Error er) {
                throw er;
            }
            finish();
        } finally {
            ready.countDown();
            if (ticker != null) {
                ticker.shutdownNow();
            }
            removeHook(hook);
            synchronized (lock) {
                finished = true;
                if (file != null) {
                    try {
                        file.close();
                    } catch (OutputClosedException e) {
                        // -w - and the reader has gone: nothing more to say
                    } finally {
                        file = null;
                    }
                }
            }
        }
    }

    // Until the end of the file, the count, a closed output, a failure or Ctrl-C.
    private void awaitEnd(Epcap cap) {
        try {
            while (cap.awaitEnd(Duration.ofSeconds(1)).isEmpty()) {
                // the handler closes the capture when it has had enough
            }
        } catch (EpcapException e) {
            synchronized (lock) {
                if (finished || stopped) {
                    return; // after Ctrl-C the port may die of the same SIGINT: that is the end
                }
            }
            throw e;
        }
    }

    /** Reports and saves each packet on the capture's reader thread; stops the capture when done. */
    private final class Handler implements RawPacketHandler {
        @Override
        public void onPacket(int dlt, byte[] buf, int off, int caplen, long sec, int nsec, int length) {
            try {
                ready.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            synchronized (lock) {
                if (finished || stopped) {
                    return;
                }
                try {
                    reporter.report(dlt, buf, off, caplen, sec, nsec, length);
                    if (file != null && !file.write(dlt, buf, off, caplen, sec, nsec, length)) {
                        stop(); // -G with -W: the last file is full
                        return;
                    }
                    handled++;
                    if (progress != null) {
                        progress.packet(caplen);
                    }
                    if (count > 0 && handled >= count) {
                        countStats = statsBeforeStop();
                        stop();
                    }
                } catch (OutputClosedException e) {
                    // The reader has gone (| head): stop now; what was decoded has nowhere to go.
                    outputClosed = true;
                    stop();
                } catch (IOException | RuntimeException | Error e) {
                    failure = e;
                    stop();
                }
            }
        }
    }

    // The kernel's counts while the port still runs: once stopped, only the last periodic ones,
    // taken before the packets that reached the count, would be left for the summary.
    private Stats statsBeforeStop() {
        if (!options.isLive()) {
            return null;
        }
        try {
            return capture.stats();
        } catch (EpcapException e) {
            return null;
        }
    }

    // Under the lock, on the reader thread: no more packets; the capture ends STOPPED.
    private void stop() {
        stopped = true;
        capture.close();
    }

    // The normal end: count reached or end of file.
    private void finish() throws IOException {
        synchronized (lock) {
            if (finished) {
                return;
            }
            finished = true;
            if (!outputClosed) {
                try {
                    reporter.end();
                    reporter.flush();
                    if (file != null) {
                        file.flush();
                    }
                } catch (OutputClosedException e) {
                    outputClosed = true;
                }
            }
            if (progress != null) {
                progress.done();
            }
            summary().print(err);
        }
    }

    // Ctrl-C (or any JVM shutdown) while capturing: save what we have and say how it went.
    private void interrupted() {
        synchronized (lock) {
            if (finished) {
                return;
            }
            finished = true;
            try {
                reporter.end();
                reporter.flush();
            } catch (OutputClosedException e) {
                // nobody reads stdout any more: the summary on stderr is what is left
            }
            try {
                if (file != null) {
                    file.close();
                    file = null;
                }
            } catch (IOException e) {
                err.println("sniff: " + FileErrors.describe(e));
            } catch (OutputClosedException e) {
                // -w - and the reader has gone
            }
            if (progress != null) {
                progress.done();
            }
            summary().print(err);
        }
        // Outside the lock: close() waits for the reader thread, which may be waiting for it.
        capture.close();
    }

    private Summary summary() {
        if (options.isLive()) {
            Stats s = countStats;
            try {
                if (s == null) {
                    s = capture.stats();
                }
            } catch (EpcapException e) {
                // The port is gone (the same Ctrl-C reached it): its last word is the best we have.
                s = lastStats;
                err.println("sniff: " + (s == null ? "no statistics" : "statistics of the last second")
                        + ": the port program ended (" + e.getMessage() + ")");
            }
            if (s != null && s.available()) {
                summaryStats = s;
                return new Summary(handled, s.received(), s.dropped(), s.interfaceDropped());
            }
        }
        // A file has no kernel: everything read passed the filter and nothing was dropped.
        return new Summary(handled, handled, 0, 0);
    }

    /**
     * The kernel's counts that the summary printed, for reports that follow it (the Kafka
     * export's final line); empty for a file, or when the port gave none.
     */
    java.util.Optional<Stats> kernelStats() {
        return java.util.Optional.ofNullable(summaryStats);
    }

    private void flushTick() {
        synchronized (lock) {
            if (finished || stopped) {
                return;
            }
            try {
                reporter.flush();
                return;
            } catch (OutputClosedException e) {
                outputClosed = true;
                stopped = true;
            }
        }
        // Outside the lock: close() waits for the reader thread, which may be waiting for it.
        capture.close();
    }

    // Each second: refresh the statistics, and print them every --stats-every seconds.
    private void tick() {
        try {
            Stats s = capture.stats();
            lastStats = s;
            ticks++;
            if (statsEvery != null && ticks % Math.max(1, statsEvery.toSeconds()) == 0) {
                synchronized (lock) {
                    if (!finished) {
                        err.println(new Summary(s.captured(), s.received(), s.dropped(), s.interfaceDropped()).line());
                    }
                }
            }
        } catch (EpcapException e) {
            // The capture is ending; the summary will follow.
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Shutting down already (the hook runs or ran), or it was never added.
        }
    }
}
