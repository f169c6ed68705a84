package org.epcap.flow.tcp;

/**
 * A piece of a direction's stream that arrived ahead of a gap, held until the gap fills or is
 * skipped. Pieces of one direction never overlap: a later arrival only fills what no piece covers.
 * A piece without data stands for bytes the snapshot length cut ({@link GapReason#TRUNCATED}).
 *
 * @param start   stream offset of its first byte
 * @param data    a buffer whose first {@code length} bytes are its bytes (a copy, from
 *                {@link PieceBuffers}), or null for truncated bytes
 * @param length  how many bytes it stands for
 * @param arrived packet time at which it arrived, for the gap timeout
 */
record HeldSegment(long start, byte[] data, int length, long arrived) {
    long end() {
        return start + length;
    }

    /** What it weighs against the budgets: its buffer (its bytes rounded up), its record and index entry. */
    long cost() {
        return (data == null ? 0 : data.length) + ReassemblyConfig.SEGMENT_OVERHEAD;
    }
}
