package org.epcap.flow;

import java.time.Duration;

/**
 * The flow table's bounds and timeouts. Timeouts are in packet time (the capture timestamps), so
 * a file gives the same flows however fast it is read.
 *
 * <pre>{@code
 * FlowConfig c = FlowConfig.defaults().withMaxFlows(1 << 20).withIdleTimeout(Duration.ofSeconds(30));
 * }</pre>
 *
 * @param maxFlows         the most flows held at once; the table's memory grows with the flows
 *                         held up to this bound (about 140 bytes a flow). A new flow in a full
 *                         table evicts the least recently seen one, counted.
 * @param idleTimeout      a flow with no packet for this long ends ({@link EndReason#IDLE_TIMEOUT})
 * @param activeTimeout    a flow that has lasted this long ends at its next packet, which starts a
 *                         new record ({@link EndReason#ACTIVE_TIMEOUT}); a flow that goes quiet
 *                         first ends by the idle timeout
 * @param closeLinger      how long a TCP flow closed by FINs or a RST stays to collect the last
 *                         ACKs and retransmissions before its record goes out; a new SYN ends it
 *                         at once
 * @param communityIdSeed  the Community ID seed, 0–65535 (0 is the default of every tool)
 * @param vlanInKey        whether VLAN ids (up to two tags) are part of the flow key
 */
public record FlowConfig(int maxFlows, Duration idleTimeout, Duration activeTimeout, Duration closeLinger,
                         int communityIdSeed, boolean vlanInKey) {

    public FlowConfig {
        if (maxFlows < 1 || maxFlows > (1 << 28)) {
            throw new IllegalArgumentException("maxFlows must be 1 to 2^28, not " + maxFlows);
        }
        for (Duration d : new Duration[] {idleTimeout, activeTimeout, closeLinger}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("timeouts must be zero or positive: " + d);
            }
        }
        if (communityIdSeed < 0 || communityIdSeed > 0xffff) {
            throw new IllegalArgumentException("communityIdSeed must be 0-65535, not " + communityIdSeed);
        }
    }

    /** 65 536 flows, idle 60 s, active 30 min, linger 2 s, seed 0, VLANs in the key. */
    public static FlowConfig defaults() {
        return new FlowConfig(65_536, Duration.ofSeconds(60), Duration.ofMinutes(30), Duration.ofSeconds(2), 0, true);
    }

    public FlowConfig withMaxFlows(int n) {
        return new FlowConfig(n, idleTimeout, activeTimeout, closeLinger, communityIdSeed, vlanInKey);
    }

    public FlowConfig withIdleTimeout(Duration d) {
        return new FlowConfig(maxFlows, d, activeTimeout, closeLinger, communityIdSeed, vlanInKey);
    }

    public FlowConfig withActiveTimeout(Duration d) {
        return new FlowConfig(maxFlows, idleTimeout, d, closeLinger, communityIdSeed, vlanInKey);
    }

    public FlowConfig withCloseLinger(Duration d) {
        return new FlowConfig(maxFlows, idleTimeout, activeTimeout, d, communityIdSeed, vlanInKey);
    }

    public FlowConfig withCommunityIdSeed(int seed) {
        return new FlowConfig(maxFlows, idleTimeout, activeTimeout, closeLinger, seed, vlanInKey);
    }

    public FlowConfig withVlanInKey(boolean b) {
        return new FlowConfig(maxFlows, idleTimeout, activeTimeout, closeLinger, communityIdSeed, b);
    }
}
