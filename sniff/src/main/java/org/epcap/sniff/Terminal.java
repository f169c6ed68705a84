package org.epcap.sniff;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether stderr is a terminal, where progress lines make sense. */
final class Terminal {
    private Terminal() {
    }

    static boolean stderrIsTerminal() {
        try {
            // Linux: where fd 2 points. Elsewhere System.console() (stdin and stdout) is the proxy.
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return System.console() != null;
        }
    }
}
