package org.epcap.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.epcap.kafka.json.Event;
import org.epcap.kafka.json.EventExtractor;
import org.epcap.kafka.json.ExtractorConfig;

/**
 * One JSON record per decoded event ({@link RecordKind#EVENTS}): DNS messages, TLS hellos, HTTP
 * requests, keyed by their flow's Community ID so that a flow's events stay in order.
 */
final class EventRecordMaker implements RecordMaker {
    private final String topic;
    private final RecordSender sender;
    private final EventExtractor events;

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
    }

    @Override
    public void finish() {
        events.flush();
    }
}
