package org.epcap.flow.defrag;

/**
 * The defragmenter's counters at one moment: what came in, what went out, and one counter for
 * every reason a fragment or a datagram is dropped.
 *
 * <pre>{@code
 * DefragStats s = defrag.stats();
 * long lost = s.overlaps() + s.timedOut() + s.evicted() + s.tooManyFragments() + s.tooLarge();
 * }</pre>
 *
 * @param fragments         fragments received (IPv4 with MF or an offset, IPv6 with a fragment
 *                          header that is not atomic)
 * @param reassembled       whole datagrams handed on
 * @param atomicFragments   IPv6 packets with a fragment header of offset 0 and no M flag (RFC 6946):
 *                          passed on as they are
 * @param duplicates        fragments dropped because an identical one (same place, same bytes) was held
 * @param overlaps          datagrams discarded because fragments overlapped with different extents
 *                          or bytes (the RFC 5722 rule, applied to IPv4 as well, as Linux does)
 * @param conflictingEnds   datagrams discarded because fragments disagree on where it ends
 * @param tooManyFragments  datagrams discarded for needing more than the per-datagram fragment bound
 * @param tooLarge          datagrams discarded for exceeding the size bound or the protocol's maximum
 * @param lateFragments     fragments dropped because their datagram was discarded before
 * @param timedOut          incomplete datagrams dropped after the hold time
 * @param evicted           incomplete datagrams dropped to stay within the byte or datagram bounds
 * @param truncated         fragments dropped because the capture cut them (snap length): their
 *                          bytes are not all there to reassemble
 * @param malformed         fragments dropped as impossible (a non-final fragment whose length is
 *                          not a multiple of 8, or empty)
 * @param heldBytes         bytes incomplete datagrams hold now
 * @param spareBytes        bytes of buffers kept for reuse; with {@code heldBytes} within
 *                          {@link DefragConfig#maxBytesHeld()}
 * @param heldDatagrams     datagrams held now
 * @param peakBytes         the most bytes held and spare at once so far
 */
public record DefragStats(long fragments, long reassembled, long atomicFragments, long duplicates, long overlaps,
                          long conflictingEnds, long tooManyFragments, long tooLarge, long lateFragments,
                          long timedOut, long evicted, long truncated, long malformed, long heldBytes,
                          long spareBytes, int heldDatagrams, long peakBytes) {
}
