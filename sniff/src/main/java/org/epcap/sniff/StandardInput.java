package org.epcap.sniff;

import java.nio.file.Path;

/**
 * {@code -r -}: the capture file is sniff's standard input. The port program reads the file
 * (libpcap applies the filter there), but its own stdin is the pipe from the JVM, so it is given
 * this JVM's descriptor 0 by name, {@code /proc/PID/fd/0}: opening that reopens the same pipe
 * or file, and the port reads it as any other capture file (a pipe as a stream).
 */
final class StandardInput {
    private StandardInput() {
    }

    static boolean isDash(Path p) {
        return p != null && "-".equals(p.toString());
    }

    static Path path() {
        return Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd", "0");
    }
}
