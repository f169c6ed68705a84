package org.epcap.kafka.json;

import org.epcap.flow.quic.QuicHelloAssembler;
import org.epcap.flow.tcp.ReassemblyStats;

/** The extractor's running counts; {@link #snapshot} makes the public, immutable view. */
final class ExtractorCounters {
    long packets;
    long packetsNotIp;
    long fragments;
    long events;
    long dnsMessages;
    long dnsMalformed;
    long dnsTruncated;
    long tlsHellos;
    long tlsMalformed;
    long tlsNoHello;
    long tlsNotTls;
    long tlsTooLarge;
    long httpRequests;
    long httpResponses;
    long httpResponsesUnmatched;
    long httpRequestsNotQueued;
    long httpNotHttp;
    long httpDesync;
    long httpIncomplete;
    long httpLinesCut;
    long httpHeadersSkipped;
    long streamsAbandonedAtGap;
    long streamsOverBudget;

    ExtractorStats snapshot(Budget budget, ReassemblyStats reassembly, QuicHelloAssembler quic) {
        return new ExtractorStats(packets, packetsNotIp, fragments, events, dnsMessages, dnsMalformed, dnsTruncated, tlsHellos,
                tlsMalformed, tlsNoHello, tlsNotTls, tlsTooLarge, quic.hellos(), quic.evicted(), quic.tooLarge(),
                quic.malformed(), httpRequests, httpResponses, httpResponsesUnmatched,
                httpRequestsNotQueued, httpNotHttp, httpDesync,
                httpIncomplete, httpLinesCut, httpHeadersSkipped, streamsAbandonedAtGap, streamsOverBudget,
                budget.used(), budget.peak(), reassembly);
    }
}
