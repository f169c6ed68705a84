package org.epcap.flow.tcp;

/**
 * One direction of a connection: where its stream stands and what it holds out of order.
 *
 * <p>Positions are 64-bit stream offsets from the first byte seen ({@code base} is that byte's
 * 32-bit sequence number), so sequence wrap-around needs no special case: a 32-bit sequence
 * number is read as the offset nearest to the next expected one ({@link #offsetOf}).
 */
final class HalfStream {
    private static final long MASK = 0xffff_ffffL;

    final Side side;
    /** True once the first segment of this direction has fixed {@link #base}. */
    boolean started;
    /** The 32-bit sequence number of stream offset 0. */
    long base;
    /** The next offset to deliver: everything before it was delivered or skipped. */
    long next;
    /** The offset of the sender's FIN, or -1 before one is seen. */
    long fin = -1;
    /** The highest offset the other end acknowledged (for naming gaps), or below 0 before any. */
    long ackedTo = Long.MIN_VALUE;
    /** Why it ended, or null while open. */
    EndReason ended;
    /** Out-of-order pieces by start offset; all start after {@link #next}. */
    final HeldQueue held = new HeldQueue();
    long heldCost;
    long delivered;
    long skipped;

    HalfStream(Side side) {
        this.side = side;
    }

    /** The stream offset of 32-bit sequence number {@code seq}: the one within 2^31 of {@link #next}. */
    long offsetOf(long seq) {
        long nextSeq = (base + next) & MASK;
        return next + (int) (seq - nextSeq);
    }
}
