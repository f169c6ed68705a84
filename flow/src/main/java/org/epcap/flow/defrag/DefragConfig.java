package org.epcap.flow.defrag;

import java.time.Duration;

/**
 * The defragmenter's bounds. Every one that is hit drops something and counts it in
 * {@link DefragStats}.
 *
 * <pre>{@code
 * DefragConfig c = DefragConfig.defaults().withMaxBytesHeld(16 << 20).withMaxHold(Duration.ofSeconds(10));
 * }</pre>
 *
 * @param maxFragmentsPerDatagram a datagram that needs more fragments is discarded
 * @param maxDatagramSize         the largest reassembled IP datagram, header included (at most
 *                                65 535 + 40: IPv4's total length, IPv6's payload length plus its header)
 * @param maxBytesHeld            all incomplete datagrams together hold at most this much (their
 *                                buffers and headers plus a fixed bookkeeping cost each), spare
 *                                buffers kept for reuse included; spare buffers and then the
 *                                oldest datagrams make room
 * @param maxDatagrams            incomplete (and recently discarded) datagrams held at once;
 *                                the oldest is evicted to make room
 * @param maxHold                 an incomplete datagram older than this, in packet time, is dropped
 */
public record DefragConfig(int maxFragmentsPerDatagram, int maxDatagramSize, long maxBytesHeld, int maxDatagrams,
                           Duration maxHold) {

    public DefragConfig {
        if (maxFragmentsPerDatagram < 1) {
            throw new IllegalArgumentException("maxFragmentsPerDatagram must be positive: " + maxFragmentsPerDatagram);
        }
        if (maxDatagramSize < 68 || maxDatagramSize > 65_535 + 40) {
            throw new IllegalArgumentException("maxDatagramSize must be 68 to 65575: " + maxDatagramSize);
        }
        if (maxBytesHeld < 1 || maxDatagrams < 1) {
            throw new IllegalArgumentException("maxBytesHeld and maxDatagrams must be positive");
        }
        if (maxHold == null || maxHold.isNegative()) {
            throw new IllegalArgumentException("maxHold must be zero or positive: " + maxHold);
        }
    }

    /** 64 fragments, 65 575 bytes, 4 MiB held, 1024 datagrams, 30 s (Linux's ipfrag_time). */
    public static DefragConfig defaults() {
        return new DefragConfig(64, 65_535 + 40, 4L << 20, 1024, Duration.ofSeconds(30));
    }

    public DefragConfig withMaxFragmentsPerDatagram(int n) {
        return new DefragConfig(n, maxDatagramSize, maxBytesHeld, maxDatagrams, maxHold);
    }

    public DefragConfig withMaxDatagramSize(int n) {
        return new DefragConfig(maxFragmentsPerDatagram, n, maxBytesHeld, maxDatagrams, maxHold);
    }

    public DefragConfig withMaxBytesHeld(long n) {
        return new DefragConfig(maxFragmentsPerDatagram, maxDatagramSize, n, maxDatagrams, maxHold);
    }

    public DefragConfig withMaxDatagrams(int n) {
        return new DefragConfig(maxFragmentsPerDatagram, maxDatagramSize, maxBytesHeld, n, maxHold);
    }

    public DefragConfig withMaxHold(Duration d) {
        return new DefragConfig(maxFragmentsPerDatagram, maxDatagramSize, maxBytesHeld, maxDatagrams, d);
    }
}
