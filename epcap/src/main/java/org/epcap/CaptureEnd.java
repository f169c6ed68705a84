package org.epcap;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a capture ended: the final event of a handler ({@link PacketHandler#onEnd}), and what
 * {@link Epcap#end()} reports.
 *
 * <pre>{@code
 * CaptureEnd end = cap.awaitEnd(Duration.ofSeconds(5)).orElseThrow();
 * if (end.reason() == CaptureEnd.Reason.PORT_DIED) System.err.println(end.cause().get().getMessage());
 * }</pre>
 *
 * <p>Threads: immutable; safe to share between threads.
 */
public final class CaptureEnd {
    /** Why the capture ended. */
    public enum Reason {
        /** The file was read to its end (EOF). Normal. */
        END_OF_FILE,
        /** The owner closed the capture. Normal. */
        STOPPED,
        /** The port program exited or was killed without an error frame. */
        PORT_DIED,
        /** The port reported a fatal error, the stream broke, or the packet handler threw. */
        ERROR
    }

    private final Reason reason;
    private final int exitStatus;
    private final int signal;
    private final EpcapException cause;

    CaptureEnd(Reason reason, int exitStatus, int signal, EpcapException cause) {
        this.reason = Objects.requireNonNull(reason);
        this.exitStatus = exitStatus;
        this.signal = signal;
        this.cause = cause;
    }

    public Reason reason() {
        return reason;
    }

    /** True for {@link Reason#END_OF_FILE} and {@link Reason#STOPPED}. */
    public boolean isNormal() {
        return reason == Reason.END_OF_FILE || reason == Reason.STOPPED;
    }

    /** The port's exit status, when it exited (rather than being killed or still unknown). */
    public OptionalInt exitStatus() {
        return exitStatus < 0 ? OptionalInt.empty() : OptionalInt.of(exitStatus);
    }

    /** The signal that killed the port, if one did. */
    public OptionalInt signal() {
        return signal > 0 ? OptionalInt.of(signal) : OptionalInt.empty();
    }

    /** The error, for {@link Reason#PORT_DIED} and {@link Reason#ERROR}. */
    public Optional<EpcapException> cause() {
        return Optional.ofNullable(cause);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(reason.toString());
        if (signal > 0) s.append(" signal ").append(signal);
        else if (exitStatus >= 0) s.append(" status ").append(exitStatus);
        if (cause != null) s.append(" (").append(cause.getMessage()).append(')');
        return s.toString();
    }
}
