package org.epcap.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.epcap.kafka.json.Event;
import org.epcap.kafka.json.EventExtractor;
import org.epcap.kafka.json.ExtractorConfig;
import org.epcap.kafka.json.ExtractorStats;

/**
 * One JSON record per decoded event ({@link RecordKind#EVENTS}): DNS messages, TLS hellos, HTTP
 * requests, keyed by their flow's Community ID so that a flow's events stay in order.
 */
final class EventRecordMaker implements RecordMaker {
    private final String topic;
    private final RecordSender sender;
    private final EventExtractor events;
    private long packets;
    /** Refreshed on the feeding thread, read by reports. */
    private volatile java.util.Map<String, Long> bounds = java.util.Map.of();

    EventRecordMaker(String topic, ExtractorConfig config, RecordSender sender) {
        this.topic = topic;
        this.sender = sender;
        this.events = new EventExtractor(config, this::publish);
    }

    private void publish(Event e, byte[] json) {
        String id = e.endpoints().communityId();
        sender.send(new ProducerRecord<>(topic, id == null ? null : id.getBytes(StandardCharsets.US_ASCII), json));
    }

    @Override
    public void accept(int dataLinkType, byte[] buf, int off, int caplen, long timeNanos, int wireLength) {
        events.accept(dataLinkType, timeNanos, buf, off, caplen);
        if ((++packets & 4095) == 0) refreshBounds();
    }

    private void refreshBounds() {
        ExtractorStats s = events.stats();
        java.util.Map<String, Long> m = new java.util.TreeMap<>();
        put(m, "TLS hellos over the size bound", s.tlsTooLarge() + s.quicTooLarge());
        put(m, "QUIC hellos dropped unfinished", s.quicEvicted());
        put(m, "HTTP lines cut", s.httpLinesCut());
        put(m, "HTTP headers skipped", s.httpHeadersSkipped());
        put(m, "HTTP requests not kept for pairing", s.httpRequestsNotQueued());
        put(m, "streams given up at a gap", s.streamsAbandonedAtGap());
        put(m, "streams over the parsers' budget", s.streamsOverBudget());
        bounds = java.util.Map.copyOf(m);
    }

    private static void put(java.util.Map<String, Long> m, String name, long n) {
        if (n > 0) m.put(name, n);
    }

    @Override
    public java.util.Map<String, Long> boundsHit() {
        return bounds;
    }

    @Override
    public void finish() {
        events.flush();
        refreshBounds();
    }
}
