package org.epcap.kafka.json;

import org.epcap.flow.tcp.ReassemblyConfig;

/**
 * The bounds of an {@link EventExtractor}. Every one is enforced and counted in
 * {@link ExtractorStats} when hit.
 *
 * <pre>{@code
 * ExtractorConfig c = ExtractorConfig.defaults()
 *         .withCommunityIdSeed(4711)                       // the flow table's seed
 *         .withReassembly(ReassemblyConfig.defaults().withMaxConnections(10_000));
 * }</pre>
 *
 * @param reassembly       the TCP reassembler's bounds (connections, out-of-order bytes, timeouts)
 * @param communityIdSeed  the Community ID seed, 0–65535: the flow table's, so that events and
 *                         flows of one conversation share their ID
 * @param maxLineBytes     the longest HTTP request or header line kept; the rest is skipped
 * @param maxHeaders       the most headers read per HTTP request
 * @param maxHelloBytes    the most bytes of TLS records held to read a hello whole
 * @param maxBufferBytes   the bytes all parsers may hold together (HTTP lines, TLS hellos, DNS
 *                         messages over TCP); a parser that would exceed it gives up its stream
 */
public record ExtractorConfig(ReassemblyConfig reassembly, int communityIdSeed, int maxLineBytes, int maxHeaders,
        int maxHelloBytes, long maxBufferBytes) {

    public ExtractorConfig {
        if (reassembly == null) {
            throw new IllegalArgumentException("reassembly: required");
        }
        if (communityIdSeed < 0 || communityIdSeed > 0xffff) {
            throw new IllegalArgumentException("communityIdSeed: 0-65535, got " + communityIdSeed);
        }
        if (maxLineBytes < 64 || maxHeaders < 1 || maxHelloBytes < 64 || maxBufferBytes < 0) {
            throw new IllegalArgumentException("bounds too small: line " + maxLineBytes + ", headers " + maxHeaders
                    + ", hello " + maxHelloBytes + ", buffer " + maxBufferBytes);
        }
    }

    /**
     * The reassembler's defaults, seed 0, 8 KiB lines (what common servers accept), 100 headers,
     * 64 KiB for a hello (a hello of several records, post-quantum key shares included), 16 MiB
     * for all parsers.
     */
    public static ExtractorConfig defaults() {
        return new ExtractorConfig(ReassemblyConfig.defaults(), 0, 8192, 100, 64 * 1024, 16L << 20);
    }

    public ExtractorConfig withReassembly(ReassemblyConfig r) {
        return new ExtractorConfig(r, communityIdSeed, maxLineBytes, maxHeaders, maxHelloBytes, maxBufferBytes);
    }

    public ExtractorConfig withCommunityIdSeed(int seed) {
        return new ExtractorConfig(reassembly, seed, maxLineBytes, maxHeaders, maxHelloBytes, maxBufferBytes);
    }

    public ExtractorConfig withHttpBounds(int lineBytes, int headers) {
        return new ExtractorConfig(reassembly, communityIdSeed, lineBytes, headers, maxHelloBytes, maxBufferBytes);
    }

    public ExtractorConfig withMaxHelloBytes(int bytes) {
        return new ExtractorConfig(reassembly, communityIdSeed, maxLineBytes, maxHeaders, bytes, maxBufferBytes);
    }

    public ExtractorConfig withMaxBufferBytes(long bytes) {
        return new ExtractorConfig(reassembly, communityIdSeed, maxLineBytes, maxHeaders, maxHelloBytes, bytes);
    }
}
