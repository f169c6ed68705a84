package org.epcap;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains the port's stderr on a small daemon thread and keeps its last bytes, for error
 * messages only (the library never parses it). Optionally echoes it (verbose captures).
 */
final class StderrTail implements Runnable {
    private static final int KEEP = 8192;

    private final InputStream in;
    private final PrintStream echo;
    private final byte[] ring = new byte[KEEP];
    private long total;
    private final Thread thread;

    StderrTail(InputStream in, PrintStream echo, String name) {
        this.in = in;
        this.echo = echo;
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        byte[] b = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(b)) > 0) {
                if (echo != null) {
                    echo.write(b, 0, n);
                    echo.flush();
                }
                synchronized (this) {
                    for (int i = 0; i < n; i++) ring[(int) (total++ % KEEP)] = b[i];
                }
            }
        } catch (IOException e) {
            // The port is gone or the stream was closed: what we kept is all there is.
        }
    }

    /** Waits up to {@code millis} for the port's stderr to end. */
    void join(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    /** The last {@code lines} lines kept. */
    synchronized String lastLines(int lines) {
        int n = (int) Math.min(total, KEEP);
        byte[] out = new byte[n];
        long start = total - n;
        for (int i = 0; i < n; i++) out[i] = ring[(int) ((start + i) % KEEP)];
        String s = new String(out, StandardCharsets.UTF_8).stripTrailing();
        int cut = s.length();
        for (int i = 0; i < lines && cut > 0; i++) cut = s.lastIndexOf('\n', cut - 1);
        return cut <= 0 ? s : s.substring(cut + 1);
    }
}
