package org.epcap.kafka.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The end of a broker's log file, for failure messages: a broker that died says why there. */
final class LogTail {

    private static final int MAX_BYTES = 8 * 1024;

    private LogTail() {}

    /** The last few KiB of {@code file}, from a line start; a note instead if it cannot be read. */
    static String of(Path file) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            long from = Math.max(0, length - MAX_BYTES);
            byte[] buf = new byte[(int) (length - from)];
            f.seek(from);
            f.readFully(buf);
            String text = new String(buf, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            if (from > 0 && nl >= 0) {
                text = text.substring(nl + 1);
            }
            return "---- tail of " + file + " ----\n" + text + "---- end of " + file.getFileName()
                    + " ----";
        } catch (IOException e) {
            return "(no log at " + file + ": " + e + ")";
        }
    }
}
