package org.epcap.flow.tcp;

/** Why a direction of a connection ended; every direction ends exactly once, with one of these. */
public enum EndReason {
    /** The sender's FIN, after every byte before it was delivered (or skipped as a gap). */
    FIN,
    /** A RST from either end: it ends both directions at once. */
    RST,
    /** No segment of the connection for the idle timeout, in packet time. */
    IDLE_TIMEOUT,
    /** The connection table was full and this was the connection seen least recently. */
    EVICTED,
    /** A SYN opened a new connection on the same addresses and ports (port reuse). */
    REPLACED,
    /** {@link TcpReassembler#flush()}: the end of the input (a file's end, a capture's stop). */
    FLUSHED
}
