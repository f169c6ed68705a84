package org.epcap.kafka;

/**
 * Turns packets into records of one {@link RecordKind} and hands them to a {@link RecordSender}.
 * Called on the capture's reader thread only, one packet at a time; not thread-safe.
 */
interface RecordMaker {
    /**
     * One packet; the bytes are valid only during the call.
     *
     * @param dataLinkType the capture's {@code DLT_*} link type
     * @param timeNanos    capture time, nanoseconds since the epoch
     * @param wireLength   the packet's length on the wire
     */
    void accept(int dataLinkType, byte[] buf, int off, int caplen, long timeNanos, int wireLength);

    /** The capture ended: publish what is still held (open flows, pending events). */
    void finish();

    /** Flows the maker's table ended early because it was full. Any thread. */
    default long flowsEvicted() {
        return 0;
    }

    /**
     * The bounds hit and input given up on, by name, only those above zero: as of the last
     * refresh (every few thousand packets, and at the end), so that any thread may ask.
     */
    default java.util.Map<String, Long> boundsHit() {
        return java.util.Map.of();
    }
}
