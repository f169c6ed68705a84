package org.epcap.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.epcap.flow.EndReason;
import org.epcap.flow.FlowConfig;
import org.epcap.flow.FlowRecord;
import org.epcap.flow.FlowTable;
import org.epcap.kafka.json.FlowJson;

/**
 * One JSON record per flow ({@link RecordKind#FLOWS}), when the flow table ends it and for every
 * flow still open at the end, keyed by its Community ID.
 */
final class FlowRecordMaker implements RecordMaker {
    private final String topic;
    private final RecordSender sender;
    private final FlowJson json = new FlowJson();
    private final FlowTable flows;
    /** Written on the feeding thread, read by reports on any thread. */
    private volatile long evicted;

    FlowRecordMaker(String topic, FlowConfig config, RecordSender sender) {
        this.topic = topic;
        this.sender = sender;
        this.flows = new FlowTable(config, this::publish);
    }

    private void publish(FlowRecord r) {
        if (r.endReason() == EndReason.EVICTED) evicted++;
        sender.send(new ProducerRecord<>(topic, r.communityId().getBytes(StandardCharsets.US_ASCII), json.toJson(r)));
    }

    @Override
    public void accept(int dataLinkType, byte[] buf, int off, int caplen, long timeNanos, int wireLength) {
        flows.accept(dataLinkType, timeNanos, buf, off, caplen);
    }

    @Override
    public void finish() {
        flows.flush();
    }

    @Override
    public long flowsEvicted() {
        return evicted;
    }
}
