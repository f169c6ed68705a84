package org.epcap.kafka;

import java.util.Map;
import java.util.Optional;

/**
 * Where every packet of an export went, at one moment: from the kernel through the capture into
 * the producer and to the brokers' acknowledgements. Immutable; safe to share between threads.
 *
 * <pre>{@code
 * ExportReport r = export.report(capture.stats());
 * System.err.println(r);   // captured 1000, taken 1000, sent 1000, acknowledged 998, in flight 2, ...
 * }</pre>
 *
 * @param kernelReceived  packets the kernel saw ({@code pcap_stats} ps_recv), or -1 when unknown
 *                        (a file, or no capture statistics given)
 * @param kernelDropped   packets the kernel dropped because the capture did not keep up (ps_drop):
 *                        where backpressure from Kafka ends; -1 when unknown
 * @param interfaceDropped packets the interface or driver dropped (ps_ifdrop), or -1 when unknown
 * @param packetsTaken    packets the export was given
 * @param recordsSent     records handed to the producer
 * @param recordsAcknowledged records the brokers acknowledged (with {@code acks=all}: on every
 *                        in-sync replica)
 * @param recordsFailed   records the producer gave up on (the error is in {@code firstError}),
 *                        including those still in flight when the export was closed
 * @param blockedNanos    total time the capture waited for room in the producer's buffer
 * @param flowsEvicted    flows ended early because the flow table was full (0 for packets)
 * @param boundsHit       the other bounds hit and input given up on, by name (only those above
 *                        zero): fragments keyed without their first, events cut or given up
 * @param firstError      the first failure, if any
 */
public record ExportReport(long kernelReceived, long kernelDropped, long interfaceDropped, long packetsTaken,
                           long recordsSent, long recordsAcknowledged, long recordsFailed,
                           long blockedNanos, long flowsEvicted, Map<String, Long> boundsHit,
                           Optional<String> firstError) {

    /** Records sent and neither acknowledged nor failed yet. */
    public long inFlight() {
        return recordsSent - recordsAcknowledged - recordsFailed;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (kernelReceived >= 0) {
            s.append("kernel received ").append(kernelReceived).append(", kernel dropped ").append(kernelDropped)
                    .append(", interface dropped ").append(interfaceDropped).append(", ");
        }
        s.append("taken ").append(packetsTaken).append(", sent ").append(recordsSent).append(", acknowledged ")
                .append(recordsAcknowledged).append(", failed ").append(recordsFailed).append(", in flight ")
                .append(inFlight());
        if (flowsEvicted > 0) s.append(", flows evicted ").append(flowsEvicted);
        boundsHit.forEach((name, n) -> s.append(", ").append(name).append(' ').append(n));
        s.append(", waited for the producer ").append(blockedNanos / 1_000_000).append(" ms");
        firstError.ifPresent(e -> s.append(", first error: ").append(e));
        return s.toString();
    }
}
