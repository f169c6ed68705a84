package org.epcap.sniff;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where the reports go: a 64 KiB buffer in front of stdout (the JVM's {@code System.out} writes
 * through 8 KiB with a flush per line, which cost sniff more than decoding), flushed when full,
 * per line ({@code -l}), per packet ({@code -U}), or at the end.
 *
 * <p>A reader that has gone ({@code EPIPE}) surfaces as {@link OutputClosedException} from the
 * write that found it, so the capture stops at once instead of decoding into the void. A
 * {@link PrintStream} (tests, jshell) swallows its errors, so for one the error flag is checked
 * when the buffer is handed over.
 *
 * <pre>{@code
 * Output out = new Output(new FileOutputStream(FileDescriptor.out), Output.Flush.LINE);
 * out.ascii("12:00:00.000000 IP ...").newline();
 * }</pre>
 */
public final class Output {
    /** When the buffer is handed to the stream besides when it is full. */
    public enum Flush {
        /** Only when full and at the end: fastest, for files and pipes. */
        FULL,
        /** After each packet's output ({@code -U}). */
        PACKET,
        /** After each line ({@code -l}), for {@code sniff -l | grep ...}. */
        LINE
    }

    private static final int SIZE = 64 * 1024;

    private final OutputStream out;
    private final Flush flush;
    private final byte[] buf = new byte[SIZE];
    private final char[] chars = new char[4096];
    private int n;
    private boolean closed;

    public Output(OutputStream out, Flush flush) {
        this.out = out;
        this.flush = flush;
    }

    /** Appends {@code s}, whose characters are all below 128, one byte each. */
    public Output ascii(CharSequence s) {
        int len = s.length();
        for (int i = 0; i < len; ) {
            if (n == SIZE) {
                drain();
            }
            int chunk = Math.min(Math.min(len - i, SIZE - n), chars.length);
            // In bulk: a charAt per character was a tenth of the one-line output's time.
            if (s instanceof StringBuilder sb) {
                sb.getChars(i, i + chunk, chars, 0);
            } else if (s instanceof String str) {
                str.getChars(i, i + chunk, chars, 0);
            } else {
                for (int j = 0; j < chunk; j++) {
                    chars[j] = s.charAt(i + j);
                }
            }
            for (int j = 0; j < chunk; j++) {
                buf[n + j] = (byte) chars[j];
            }
            n += chunk;
            i += chunk;
        }
        return this;
    }

    /** Appends {@code s} in UTF-8 (anything the codec's fields may hold). */
    public Output text(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return bytes(s.getBytes(StandardCharsets.UTF_8));
            }
        }
        return ascii(s);
    }

    /**
     * Appends {@code s} in UTF-8, as {@link #text(String)} but without a String of it: the
     * characters go to the buffer as bytes while they are ASCII, the rest is encoded.
     */
    public Output text(StringBuilder s) {
        int len = s.length();
        for (int i = 0; i < len; ) {
            if (n == SIZE) {
                drain();
            }
            int chunk = Math.min(Math.min(len - i, SIZE - n), chars.length);
            s.getChars(i, i + chunk, chars, 0);
            for (int j = 0; j < chunk; j++) {
                char c = chars[j];
                if (c >= 0x80) {
                    // From the first non-ASCII character on (so no surrogate pair is split):
                    // the ASCII before it is already its own UTF-8.
                    n += j;
                    return bytes(s.substring(i + j).getBytes(StandardCharsets.UTF_8));
                }
                buf[n + j] = (byte) c;
            }
            n += chunk;
            i += chunk;
        }
        return this;
    }

    public Output bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public Output bytes(byte[] b, int off, int len) {
        while (len > 0) {
            if (n == SIZE) {
                drain();
            }
            int chunk = Math.min(len, SIZE - n);
            System.arraycopy(b, off, buf, n, chunk);
            n += chunk;
            off += chunk;
            len -= chunk;
        }
        return this;
    }

    /** Ends a line; with {@link Flush#LINE} hands it over at once. */
    public Output newline() {
        if (n == SIZE) {
            drain();
        }
        buf[n++] = '\n';
        if (flush == Flush.LINE) {
            drain();
        }
        return this;
    }

    /** A packet's output is complete; with {@link Flush#PACKET} hands it over. */
    public void packetDone() {
        if (flush != Flush.FULL) {
            drain();
        }
    }

    /** Hands everything over to the stream and flushes it. */
    public void flush() {
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw closed(e);
        }
        checkPrintStream();
    }

    private void drain() {
        if (n == 0) {
            return;
        }
        if (closed) {
            n = 0;
            throw closed(new IOException("Broken pipe"));
        }
        try {
            out.write(buf, 0, n);
        } catch (IOException e) {
            n = 0;
            throw closed(e);
        } finally {
            n = 0;
        }
        checkPrintStream();
    }

    private void checkPrintStream() {
        if (out instanceof PrintStream ps && ps.checkError()) {
            throw closed(new IOException("the output stream failed"));
        }
    }

    private OutputClosedException closed(IOException e) {
        closed = true;
        return new OutputClosedException(e);
    }
}
