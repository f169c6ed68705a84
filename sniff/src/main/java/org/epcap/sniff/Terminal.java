package org.epcap.sniff;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether stderr (progress lines) or stdout (line-by-line output) is a terminal. */
final class Terminal {
    private Terminal() {
    }

    static boolean stderrIsTerminal() {
        return isTerminal(2);
    }

    /** Whether stdout is a terminal: there, as with stdio, the output is flushed line by line. */
    static boolean stdoutIsTerminal() {
        return isTerminal(1);
    }

    private static boolean isTerminal(int fd) {
        try {
            // Linux: where the descriptor points. Elsewhere System.console() (stdin and stdout) is the proxy.
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return System.console() != null;
        }
    }
}
