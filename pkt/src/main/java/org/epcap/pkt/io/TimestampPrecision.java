package org.epcap.pkt.io;

/** The timestamp unit of a classic pcap file: chosen by its magic number. */
public enum TimestampPrecision {
    /** Microseconds (magic {@code a1b2c3d4}): what every reader understands. */
    MICRO,
    /** Nanoseconds (magic {@code a1b23c4d}). */
    NANO
}
