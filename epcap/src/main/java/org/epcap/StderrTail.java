package org.epcap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains the port's stderr on a small daemon thread and keeps its last bytes for error
 * messages (the library never parses it), and logs each line to the {@code org.epcap}
 * {@link System.Logger}: at INFO for a verbose capture, which asked for them, else at DEBUG.
 *
 * <p>Threads: its own thread reads; {@link #lastLines}, {@link #join} and {@link #isAlive} are
 * for any thread.
 */
final class StderrTail implements Runnable {
    private static final int KEEP = 8192;

    private final InputStream in;
    private final System.Logger.Level level;
    private final String port;
    private final StringBuilder line = new StringBuilder();
    private final byte[] ring = new byte[KEEP];
    private long total;
    private final Thread thread;

    StderrTail(InputStream in, boolean verbose, String name) {
        this.in = in;
        this.level = verbose ? System.Logger.Level.INFO : System.Logger.Level.DEBUG;
        this.port = name.replace("-stderr", "");
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
                log(b, n);
                synchronized (this) {
                    for (int i = 0; i < n; i++) ring[(int) (total++ % KEEP)] = b[i];
                }
            }
        } catch (IOException e) {
            // The port is gone or the stream was closed: what we kept is all there is.
        }
        if (line.length() > 0) Log.LOGGER.log(level, "{0}: {1}", port, line.toString());
    }

    /** Logs the whole lines among {@code b[0 .. n)}, keeping a partial one for the next read. */
    private void log(byte[] b, int n) {
        if (!Log.LOGGER.isLoggable(level)) return;
        String text = new String(b, 0, n, StandardCharsets.UTF_8);
        for (int at = 0; at < text.length(); ) {
            int nl = text.indexOf('\n', at);
            if (nl < 0) {
                line.append(text, at, text.length());
                if (line.length() > KEEP) line.setLength(KEEP); // a port that never ends a line
                break;
            }
            line.append(text, at, nl);
            Log.LOGGER.log(level, "{0}: {1}", port, line.toString());
            line.setLength(0);
            at = nl + 1;
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
