package org.epcap.pkt.io;

/**
 * A pcapng interface's timestamp unit (option {@code if_tsresol}): 10<sup>-k</sup> or
 * 2<sup>-k</sup> seconds. Turns a 64-bit count of units into seconds and nanoseconds, truncating
 * anything finer than a nanosecond, as libpcap does.
 */
record TimestampResolution(boolean binary, int exponent) {
    /** The pcapng default when an interface has no {@code if_tsresol}: microseconds. */
    static final TimestampResolution MICROS = new TimestampResolution(false, 6);
    static final TimestampResolution NANOS = new TimestampResolution(false, 9);

    private static final long[] POWERS_OF_TEN = new long[20];

    static {
        long p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p; // 10^19 overflows a signed long but is right as an unsigned one
            p *= 10;
        }
    }

    /**
     * The resolution an {@code if_tsresol} byte names, or null when it is too fine to count in 64
     * bits of seconds and fractions (10^-20 and beyond, 2^-64 and beyond).
     */
    static TimestampResolution fromOption(int value) {
        boolean binary = (value & 0x80) != 0;
        int exponent = value & 0x7f;
        if (binary ? exponent > 63 : exponent > 19) {
            return null;
        }
        return new TimestampResolution(binary, exponent);
    }

    /** Whole seconds in {@code units} (an unsigned 64-bit count). */
    long seconds(long units) {
        return binary ? units >>> exponent : Long.divideUnsigned(units, POWERS_OF_TEN[exponent]);
    }

    /** The nanoseconds left over after {@link #seconds}. */
    int nanos(long units) {
        if (binary) {
            if (exponent == 0) {
                return 0;
            }
            long frac = units & ((1L << exponent) - 1); // below 2^63, so non-negative
            long hi = Math.multiplyHigh(frac, 1_000_000_000L);
            long lo = frac * 1_000_000_000L;
            long scaled = exponent == 64 ? hi : (hi << (64 - exponent)) | (lo >>> exponent);
            return (int) scaled;
        }
        long frac = Long.remainderUnsigned(units, POWERS_OF_TEN[exponent]);
        return exponent <= 9
                ? (int) (frac * POWERS_OF_TEN[9 - exponent])
                : (int) Long.divideUnsigned(frac, POWERS_OF_TEN[exponent - 9]);
    }
}
