package org.epcap.flow.tcp;

/**
 * Why bytes of a direction were skipped instead of delivered. A skipped range is always reported
 * to the handler with its length ({@link StreamHandler#onGap}); nothing is skipped silently.
 */
public enum GapReason {
    /**
     * The other end acknowledged these bytes but the capture never held them: the receiver has
     * them, so they will not be sent again (lost by the capture, not by the network). Reported
     * when something forces the skip (a budget, the gap timeout, the end); the acknowledgement
     * alone does not, since it may be captured before the segment it acknowledges.
     */
    CAPTURE_LOSS,
    /** Holding the data after the gap would have exceeded a byte budget (per connection or global). */
    BUDGET,
    /** The data after the gap waited longer than the gap timeout, in packet time. */
    TIMEOUT,
    /** The direction ended (FIN, RST, idle timeout, eviction, flush) with data held after a gap. */
    END,
    /** The segment was cut by the capture's snapshot length: these bytes were on the wire, not in the capture. */
    TRUNCATED
}
