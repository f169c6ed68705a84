package org.epcap;

import java.util.OptionalInt;

/**
 * The port program ended without saying why: it exited with a status, or a signal killed it.
 * Carries the last lines it wrote on stderr (kept for this message only; the library never
 * parses them).
 *
 * <p>Threads: immutable once made; safe to pass between threads.
 */
public final class PortDiedException extends EpcapException {
    private static final long serialVersionUID = 1L;

    private final int exitStatus;
    private final int signal;
    private final String stderrTail;

    /**
     * @param exitStatus the exit status, or -1 when a signal ended it or it is unknown
     * @param signal     the signal that killed it, or 0
     * @param stderrTail the last lines of its stderr, possibly empty
     */
    public PortDiedException(String what, int exitStatus, int signal, String stderrTail) {
        super(null, describe(what, exitStatus, signal, stderrTail));
        this.exitStatus = exitStatus;
        this.signal = signal;
        this.stderrTail = stderrTail == null ? "" : stderrTail;
    }

    private static String describe(String what, int status, int signal, String tail) {
        StringBuilder s = new StringBuilder(what);
        if (signal > 0) s.append(": killed by signal ").append(signal);
        else if (status >= 0) s.append(": exit status ").append(status);
        if (tail != null && !tail.isBlank()) s.append("; stderr:\n").append(tail.strip());
        return s.toString();
    }

    /** The exit status, empty when a signal killed the port. */
    public OptionalInt exitStatus() {
        return exitStatus < 0 ? OptionalInt.empty() : OptionalInt.of(exitStatus);
    }

    /** The signal that killed the port, empty when it exited. */
    public OptionalInt signal() {
        return signal > 0 ? OptionalInt.of(signal) : OptionalInt.empty();
    }

    /** The last lines of the port's stderr. */
    public String stderrTail() {
        return stderrTail;
    }
}
