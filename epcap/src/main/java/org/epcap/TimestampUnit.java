package org.epcap;

/**
 * The seed's {@code time_unit} option, plus nanoseconds.
 *
 * <p>In Java both views of a packet's time are always available ({@link Packet#timestamp()}
 * and {@link Packet#timeMicros()}), so {@link #MICROSECOND} and {@link #TIMESTAMP} only pass
 * the seed's {@code -T 1} / {@code -T 0} to the port for compatibility. {@link #NANOSECOND}
 * matters: it passes {@code -n}, asking libpcap for nanosecond precision, so
 * {@link Packet#timestamp()} carries nanoseconds instead of microseconds scaled up.
 *
 * <p>Named apart from {@link java.util.concurrent.TimeUnit}, which the library uses too.
 *
 * <p>Threads: immutable; safe to share between threads.
 */
public enum TimestampUnit {
    /** Seed {@code {time_unit, microsecond}}: port switch {@code -T 1}. */
    MICROSECOND,
    /** Seed {@code {time_unit, timestamp}}: port switch {@code -T 0}. */
    TIMESTAMP,
    /** Nanosecond precision from libpcap: port switch {@code -n}. */
    NANOSECOND
}
