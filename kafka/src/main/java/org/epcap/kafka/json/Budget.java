package org.epcap.kafka.json;

/**
 * The bytes all of an extractor's stream parsers may hold together: a parser that would go past it
 * gives up its stream (counted), so that many connections cannot add up to more than this.
 */
final class Budget {
    private final long limit;
    private long used;
    private long peak;

    Budget(long limit) {
        this.limit = limit;
    }

    boolean reserve(long n) {
        if (used + n > limit) {
            return false;
        }
        used += n;
        peak = Math.max(peak, used);
        return true;
    }

    void release(long n) {
        used -= n;
    }

    long used() {
        return used;
    }

    long peak() {
        return peak;
    }
}
