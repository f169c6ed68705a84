package org.epcap.sniff;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How far through a large file the reading is, shown on one self-overwriting stderr line when
 * stderr is a terminal. The port does not say where in the file it is, so the bytes read are
 * estimated from the packets seen (each record's bytes plus its 16-byte header): good enough
 * for a person waiting, and capped below 100 % until the end.
 */
final class Progress {
    /** Files smaller than this are read too fast for progress to help. */
    static final long LARGE_FILE = 16L << 20;
    private static final long EVERY_NANOS = 250_000_000L;
    private static final int RECORD_HEADER = 16;

    private final PrintStream err;
    private final String name;
    private final long size;
    private long bytes;
    private long packets;
    private long lastShown = System.nanoTime();
    private boolean shown;

    private Progress(PrintStream err, Path file, long size) {
        this.err = err;
        this.name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        this.size = size;
    }

    /** Progress for {@code file}, or null when there is nothing to show it on or for. */
    static Progress forFile(Path file, PrintStream err, boolean terminal) {
        if (file == null || !terminal) {
            return null;
        }
        try {
            long size = Files.size(file);
            return size >= LARGE_FILE ? new Progress(err, file, size) : null;
        } catch (java.io.IOException e) {
            return null; // the port will say what is wrong with the file
        }
    }

    void packet(int caplen) {
        bytes += caplen + RECORD_HEADER;
        packets++;
        long now = System.nanoTime();
        if (now - lastShown >= EVERY_NANOS) {
            lastShown = now;
            long percent = Math.min(99, bytes * 100 / size);
            err.print("\rsniff: reading " + name + ": " + percent + "% (" + packets + " packets)");
            err.flush();
            shown = true;
        }
    }

    /** Clears the line so the summary starts on a clean one. */
    void done() {
        if (shown) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
