package org.epcap;

/**
 * Capture statistics, from {@link Epcap#stats()}.
 *
 * <pre>{@code
 * Stats s = cap.stats();
 * if (s.dropped() > 0) System.err.println("kernel dropped " + s.dropped());
 * }</pre>
 *
 * <p>Threads: immutable; safe to share between threads.
 *
 * @param captured         PACKET frames the port has sent so far
 * @param received         packets the kernel saw ({@code pcap_stats} ps_recv)
 * @param dropped          packets the kernel dropped for lack of buffer space (ps_drop)
 * @param interfaceDropped packets the interface or driver dropped (ps_ifdrop)
 * @param available        false when libpcap has no statistics (reading a file): the three
 *                         kernel counters are then 0
 */
public record Stats(long captured, long received, long dropped, long interfaceDropped, boolean available) {
}
