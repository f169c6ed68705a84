package org.epcap.flow;

/** Why a flow record was delivered. */
public enum EndReason {
    /** Both sides sent a FIN (delivered after the close linger, so that the last ACKs count). */
    FIN,
    /** A side sent a RST (delivered after the close linger). */
    RST,
    /** No packet for the idle timeout, in packet time. */
    IDLE_TIMEOUT,
    /** The flow lasted the active timeout: it ends and its next packet starts a new record. */
    ACTIVE_TIMEOUT,
    /** The table was full and this was its least recently seen open flow. */
    EVICTED,
    /** {@link FlowTable#flush()} ended it (end of a file, end of a capture). */
    FLUSHED,
    /** Not ended: a record from {@link FlowTable#snapshot}, the flow goes on. */
    ONGOING
}
