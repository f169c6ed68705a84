package org.epcap.kafka.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A process's scheduler state from Linux's {@code /proc/PID/stat}: {@code 'T'} once a SIGSTOP
 * has taken effect. {@code kill -STOP} returns when the signal is sent, before every thread of
 * a busy JVM has stopped, so pause and resume wait on this.
 */
final class ProcState {

    static final char STOPPED = 'T';

    private ProcState() {}

    /** The state letter (R, S, D, T, Z, ...), or {@code '?'} if the process is gone. */
    static char of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'.
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException | RuntimeException e) {
            return '?';
        }
    }

    /** Waits until the process is (or is no longer) stopped; false on timeout. */
    static boolean await(long pid, boolean stopped, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((of(pid) == STOPPED) != stopped) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            KafkaCluster.sleep(10);
        }
        return true;
    }
}
