package org.epcap.kafka.json;

import org.epcap.flow.tcp.ReassemblyStats;

/**
 * What an {@link EventExtractor} did: events found, and every bound that was hit or input that
 * was given up on, each counted.
 *
 * <pre>{@code
 * ExtractorStats s = extractor.stats();
 * if (s.streamsOverBudget() > 0 || s.httpLinesCut() > 0) log.warn("events cut: " + s);
 * }</pre>
 *
 * @param packets               packets given
 * @param packetsNotIp          of which the link layer or IP could not be read
 * @param fragments             IP fragments (not read: put a defragmenter in front)
 * @param events                events reported
 * @param dnsMessages           DNS messages reported (UDP and TCP)
 * @param dnsMalformed          DNS messages the codec could not decode (not even their header
 *                              and question, when the capture cut them)
 * @param dnsTruncated          DNS messages the capture cut, reported with what was whole
 * @param tlsHellos             TLS hellos reported
 * @param tlsMalformed          handshake messages whole but not a readable hello
 * @param tlsNoHello            streams that started with TLS records but not with a hello
 * @param tlsNotTls             streams whose first byte looked like TLS and the rest not
 * @param tlsTooLarge           hellos larger than {@link ExtractorConfig#maxHelloBytes()}
 * @param quicHellos            QUIC ClientHellos reported (also counted in {@code tlsHellos})
 * @param quicEvicted           QUIC connections dropped with their hello unfinished, to stay
 *                              within the assembler's bounds
 * @param quicTooLarge          QUIC ClientHellos larger than {@link ExtractorConfig#maxHelloBytes()}
 * @param quicMalformed         QUIC CRYPTO data that was no readable ClientHello
 * @param httpRequests          HTTP requests reported
 * @param httpResponses         HTTP responses reported
 * @param httpResponsesUnmatched responses reported with no request to pair them with (the
 *                              request was not read: not captured, cut, or its stream given up)
 * @param httpRequestsNotQueued requests not kept for pairing because
 *                              {@link EventExtractor#MAX_PENDING_REQUESTS} were waiting already
 * @param httpNotHttp           streams whose first byte looked like HTTP (a letter from a client,
 *                              'H' from a server) that were not HTTP
 * @param httpDesync            HTTP streams given up on a later bad request or status line, body
 *                              length or chunk size
 * @param httpIncomplete        requests or responses whose headers did not end before the stream did
 * @param httpLinesCut          lines longer than {@link ExtractorConfig#maxLineBytes()}, cut
 * @param httpHeadersSkipped    headers past {@link ExtractorConfig#maxHeaders()}, skipped
 * @param streamsAbandonedAtGap streams given up because bytes were missing (capture loss, budgets
 *                              of the reassembler)
 * @param streamsOverBudget     streams given up because the parsers' shared budget was full
 * @param bufferBytes           bytes the parsers hold now
 * @param bufferBytesPeak       the most they held
 * @param reassembly            the TCP reassembler's own counts
 */
public record ExtractorStats(long packets, long packetsNotIp, long fragments, long events, long dnsMessages,
        long dnsMalformed, long dnsTruncated, long tlsHellos, long tlsMalformed, long tlsNoHello, long tlsNotTls, long tlsTooLarge,
        long quicHellos, long quicEvicted, long quicTooLarge, long quicMalformed, long httpRequests, long httpResponses, long httpResponsesUnmatched, long httpRequestsNotQueued,
        long httpNotHttp, long httpDesync, long httpIncomplete, long httpLinesCut,
        long httpHeadersSkipped, long streamsAbandonedAtGap, long streamsOverBudget, long bufferBytes,
        long bufferBytesPeak, ReassemblyStats reassembly) {
}
