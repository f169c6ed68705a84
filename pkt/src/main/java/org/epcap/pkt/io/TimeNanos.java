package org.epcap.pkt.io;

/** Seconds and nanoseconds as one count of nanoseconds since the epoch, for records and views. */
final class TimeNanos {
    private TimeNanos() {
    }

    /** Saturates at {@link Long#MAX_VALUE} (or MIN_VALUE) rather than wrapping, past 2262. */
    static long of(long epochSecond, int nanos) {
        long scaled = epochSecond * 1_000_000_000L;
        if (epochSecond != 0 && (scaled / 1_000_000_000L != epochSecond || scaled + nanos < scaled)) {
            return epochSecond > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return scaled + nanos;
    }
}
