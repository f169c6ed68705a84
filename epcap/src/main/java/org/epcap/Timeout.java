package org.epcap;

import java.time.Duration;
import java.util.Objects;

/**
 * The capture's read timeout (libpcap's packet buffer timeout; the port switch {@code -t},
 * in milliseconds): how long libpcap may hold packets before handing them over.
 *
 * <pre>{@code
 * Options.builder().timeout(Timeout.IMMEDIATE);            // -t 0, the default
 * Options.builder().timeout(Timeout.INFINITY);             // -t -1
 * Options.builder().timeout(Duration.ofMillis(500));       // -t 500
 * }</pre>
 *
 * <p>Threads: immutable; safe to share between threads.
 */
public final class Timeout {
    /** Deliver each packet as soon as it arrives (immediate mode): {@code -t 0}. The default. */
    public static final Timeout IMMEDIATE = new Timeout(0);
    /** Wait until the kernel buffer fills: {@code -t -1}. */
    public static final Timeout INFINITY = new Timeout(-1);

    private final long millis;

    private Timeout(long millis) {
        this.millis = millis;
    }

    /**
     * A timeout of a whole, positive number of milliseconds (at most {@link Integer#MAX_VALUE}).
     *
     * @throws IllegalArgumentException naming the option when the duration is zero, negative,
     *         not a whole number of milliseconds, or too long
     */
    public static Timeout of(Duration duration) {
        Objects.requireNonNull(duration, "timeout");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(
                    "timeout: must be positive (use Timeout.IMMEDIATE for 0), got " + duration);
        }
        if (duration.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(
                    "timeout: at most " + Integer.MAX_VALUE + " ms, got " + duration);
        }
        if (duration.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException(
                    "timeout: libpcap counts whole milliseconds, got " + duration);
        }
        return new Timeout(duration.toMillis());
    }

    /** The value of the port's {@code -t} switch: 0 immediate, -1 infinity, else milliseconds. */
    public long millis() {
        return millis;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Timeout && ((Timeout) o).millis == millis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(millis);
    }

    @Override
    public String toString() {
        return millis == 0 ? "IMMEDIATE" : millis < 0 ? "INFINITY" : millis + " ms";
    }
}
