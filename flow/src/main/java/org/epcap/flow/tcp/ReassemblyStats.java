package org.epcap.flow.tcp;

/**
 * A snapshot of a {@link TcpReassembler}'s counters: what came in, what went out, and every time a
 * bound or a policy decided something. Byte counts are payload bytes; "held" counts include
 * {@link ReassemblyConfig#SEGMENT_OVERHEAD} per held segment, as the budgets do.
 *
 * @param frames               frames given to {@link TcpReassembler#acceptFrame}
 * @param framesNotTcp         of those, frames without a TCP segment the reassembler could use
 *                             (other protocols, undecodable, ICMP-quoted TCP)
 * @param fragments            IP fragments seen and not reassembled here (defragment first)
 * @param segments             TCP segments accepted
 * @param bytesDelivered       bytes given to {@link StreamHandler#onData}
 * @param bytesDeliveredInPlace of those, bytes delivered as views of the packet itself (in order,
 *                             no copy)
 * @param overlapBytes         bytes that arrived again after being delivered or held
 *                             (retransmissions, overlaps); the first copy won
 * @param conflictingSegments  segments whose overlap with held data differed from it (first wins;
 *                             an evasion signal)
 * @param conflictingBytes     the bytes that differed
 * @param outOfWindowSegments  segments starting more than 2^30 bytes ahead of the stream, dropped
 * @param bytesAfterFin        bytes sent past the sender's FIN or after its direction ended, dropped
 * @param segmentsAfterClose   segments of a connection after both its directions ended (late ACKs,
 *                             retransmitted FINs), absorbed
 * @param gaps                 gaps skipped, all reasons
 * @param gapBytes             bytes skipped in them
 * @param gapsCaptureLoss      gaps skipped because the receiver acknowledged past them
 * @param gapsBudget           gaps skipped because a byte budget was full
 * @param gapsTimeout          gaps skipped because the data after them waited too long
 * @param gapsEnd              gaps skipped because their direction ended
 * @param truncatedBytes       bytes cut by the snapshot length (reported as gaps)
 * @param connectionsOpened    connections seen
 * @param connectionsEvicted   connections ended because the table was full
 * @param connectionsTimedOut  connections ended by the idle timeout
 * @param connectionsReplaced  connections ended by a new SYN on the same addresses and ports
 * @param connections          connections tracked now
 * @param connectionsPeak      the most tracked at once
 * @param heldBytes            bytes held out of order now: each piece's buffer (its bytes, from 256
 *                             to 2,048 rounded up to 64) and its overhead
 * @param heldBytesPeak        the most held at once, counted so
 * @param heldSegments         segments held now
 * @param spareBytes           buffers of delivered pieces kept for the next ones; with
 *                             {@code heldBytes} within {@link ReassemblyConfig#totalBufferBytes}
 */
public record ReassemblyStats(long frames, long framesNotTcp, long fragments, long segments,
        long bytesDelivered, long bytesDeliveredInPlace, long overlapBytes, long conflictingSegments,
        long conflictingBytes, long outOfWindowSegments, long bytesAfterFin, long segmentsAfterClose,
        long gaps, long gapBytes, long gapsCaptureLoss, long gapsBudget, long gapsTimeout, long gapsEnd,
        long truncatedBytes, long connectionsOpened, long connectionsEvicted, long connectionsTimedOut,
        long connectionsReplaced, long connections, long connectionsPeak, long heldBytes,
        long heldBytesPeak, long heldSegments, long spareBytes) {
}
