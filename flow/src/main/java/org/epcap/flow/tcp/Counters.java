package org.epcap.flow.tcp;

/** The reassembler's mutable counters; {@link #snapshot} makes the public record. */
final class Counters {
    long frames;
    long framesNotTcp;
    long fragments;
    long segments;
    long bytesDelivered;
    long bytesDeliveredInPlace;
    long overlapBytes;
    long conflictingSegments;
    long conflictingBytes;
    long outOfWindowSegments;
    long bytesAfterFin;
    long segmentsAfterClose;
    long gaps;
    long gapBytes;
    long gapsCaptureLoss;
    long gapsBudget;
    long gapsTimeout;
    long gapsEnd;
    long truncatedBytes;
    long connectionsOpened;
    long connectionsEvicted;
    long connectionsTimedOut;
    long connectionsReplaced;
    long connections;
    long connectionsPeak;
    long heldBytes;
    long heldBytesPeak;
    long heldSegments;

    void gap(GapReason reason, long length) {
        gaps++;
        gapBytes += length;
        switch (reason) {
            case CAPTURE_LOSS -> gapsCaptureLoss++;
            case BUDGET -> gapsBudget++;
            case TIMEOUT -> gapsTimeout++;
            case END -> gapsEnd++;
            case TRUNCATED -> truncatedBytes += length;
        }
    }

    ReassemblyStats snapshot(long spareBytes) {
        return new ReassemblyStats(frames, framesNotTcp, fragments, segments, bytesDelivered,
                bytesDeliveredInPlace, overlapBytes, conflictingSegments, conflictingBytes,
                outOfWindowSegments, bytesAfterFin, segmentsAfterClose, gaps, gapBytes, gapsCaptureLoss,
                gapsBudget, gapsTimeout, gapsEnd, truncatedBytes, connectionsOpened, connectionsEvicted,
                connectionsTimedOut, connectionsReplaced, connections, connectionsPeak, heldBytes,
                heldBytesPeak, heldSegments, spareBytes);
    }
}
