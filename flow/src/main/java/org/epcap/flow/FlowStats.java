package org.epcap.flow;

import java.util.EnumMap;
import java.util.Map;

/**
 * The flow table's counters at one moment.
 *
 * <pre>{@code
 * FlowStats s = table.stats();
 * if (s.ended().get(EndReason.EVICTED) > 0) warn("raise maxFlows: " + s.maxFlows() + " was too few");
 * }</pre>
 *
 * @param packets      packets given to the table
 * @param notIp        packets without an IPv4 or IPv6 header the table could read (other link
 *                     types, ARP, frames cut before the IP header's end): not part of any flow
 * @param flowsCreated flows started
 * @param ended        records delivered, by reason ({@link EndReason#EVICTED} counts the bound
 *                     on flows being hit; {@link EndReason#ONGOING} counts snapshot records)
 * @param liveFlows    flows held now
 * @param peakFlows    the most flows held at once so far
 * @param maxFlows     the bound
 * @param memoryBytes  what the table's arrays take: they grow with the flows held, up to what {@code maxFlows} take
 */
public record FlowStats(long packets, long notIp, long flowsCreated, Map<EndReason, Long> ended, int liveFlows,
                        int peakFlows, int maxFlows, long memoryBytes) {

    public FlowStats {
        ended = Map.copyOf(new EnumMap<>(ended));
    }

    /** Records delivered for {@code reason}. */
    public long ended(EndReason reason) {
        return ended.getOrDefault(reason, 0L);
    }
}
