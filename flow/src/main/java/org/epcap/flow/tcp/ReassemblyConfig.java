package org.epcap.flow.tcp;

import java.time.Duration;

/**
 * The bounds of a {@link TcpReassembler}. Every one of them is enforced, and every time one forces
 * something (a gap skipped, a connection evicted or timed out) a counter in {@link ReassemblyStats}
 * says so.
 *
 * <pre>{@code
 * ReassemblyConfig c = ReassemblyConfig.defaults()
 *         .withMaxConnections(10_000)
 *         .withBufferBytes(256 * 1024, 16 << 20)     // per connection, all connections
 *         .withIdleTimeout(Duration.ofMinutes(2));
 * }</pre>
 *
 * @param maxConnections           connections tracked at once; a new one beyond it evicts the one
 *                                 seen least recently ({@link EndReason#EVICTED})
 * @param connectionBufferBytes    bytes held out of order by one connection (both directions)
 * @param totalBufferBytes         bytes held out of order by all connections together, with the
 *                                 spare buffers of delivered pieces kept for reuse (given up
 *                                 first when room is needed)
 * @param idleTimeoutNanos         a connection with no segment for this long (packet time) ends
 *                                 ({@link EndReason#IDLE_TIMEOUT})
 * @param gapTimeoutNanos          data held after a gap for this long (packet time) makes the
 *                                 gap be skipped ({@link GapReason#TIMEOUT})
 * @param closedLingerNanos        a connection whose both directions ended keeps absorbing late
 *                                 segments (the last ACK, retransmitted FINs) this long
 */
public record ReassemblyConfig(int maxConnections, long connectionBufferBytes, long totalBufferBytes,
        long idleTimeoutNanos, long gapTimeoutNanos, long closedLingerNanos) {

    /**
     * What one out-of-order segment costs against the budgets besides its bytes: its record and its
     * entry in the per-direction index. A million one-byte segments thus count as ~100 MB, as they weigh.
     */
    public static final int SEGMENT_OVERHEAD = 96;

    public ReassemblyConfig {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections: at least 1, got " + maxConnections);
        }
        if (connectionBufferBytes < 0 || totalBufferBytes < 0) {
            throw new IllegalArgumentException("buffer budgets: not negative, got "
                    + connectionBufferBytes + " and " + totalBufferBytes);
        }
        if (idleTimeoutNanos <= 0 || gapTimeoutNanos <= 0 || closedLingerNanos < 0) {
            throw new IllegalArgumentException("timeouts: positive (linger: not negative)");
        }
    }

    /**
     * 100,000 connections; 1 MiB held per connection, 64 MiB in all; idle timeout 5 minutes; gap
     * timeout 30 seconds; closed connections linger 10 seconds.
     */
    public static ReassemblyConfig defaults() {
        return new ReassemblyConfig(100_000, 1 << 20, 64 << 20, Duration.ofMinutes(5).toNanos(),
                Duration.ofSeconds(30).toNanos(), Duration.ofSeconds(10).toNanos());
    }

    public ReassemblyConfig withMaxConnections(int n) {
        return new ReassemblyConfig(n, connectionBufferBytes, totalBufferBytes, idleTimeoutNanos,
                gapTimeoutNanos, closedLingerNanos);
    }

    public ReassemblyConfig withBufferBytes(long perConnection, long total) {
        return new ReassemblyConfig(maxConnections, perConnection, total, idleTimeoutNanos,
                gapTimeoutNanos, closedLingerNanos);
    }

    public ReassemblyConfig withIdleTimeout(Duration d) {
        return new ReassemblyConfig(maxConnections, connectionBufferBytes, totalBufferBytes,
                d.toNanos(), gapTimeoutNanos, closedLingerNanos);
    }

    public ReassemblyConfig withGapTimeout(Duration d) {
        return new ReassemblyConfig(maxConnections, connectionBufferBytes, totalBufferBytes,
                idleTimeoutNanos, d.toNanos(), closedLingerNanos);
    }

    public ReassemblyConfig withClosedLinger(Duration d) {
        return new ReassemblyConfig(maxConnections, connectionBufferBytes, totalBufferBytes,
                idleTimeoutNanos, gapTimeoutNanos, d.toNanos());
    }
}
