package org.epcap.sniff;

import org.epcap.Packet;
import org.epcap.flow.FlowConfig;
import org.epcap.flow.FlowTable;
import org.epcap.kafka.json.FlowJson;

/**
 * {@code --flows}: instead of each packet, each flow, one ECS JSON document per line (the flow
 * records of {@code docs/kafka.md}) when the flow table ends it, and every flow still open when
 * the capture ends.
 */
final class FlowReporter implements Reporter {
    private final Output out;
    private final FlowJson json = new FlowJson();
    private final FlowTable flows;

    FlowReporter(Output out, FlowConfig config) {
        this.out = out;
        this.flows = new FlowTable(config, r -> {
            out.bytes(json.toJson(r)).newline();
            out.packetDone();
        });
    }

    @Override
    public void report(Packet p) {
        byte[] data = p.data();
        flows.accept(p.dataLinkType(), p.epochSecond() * 1_000_000_000L + p.nanos(), data, 0, data.length);
    }

    @Override
    public void report(int dataLinkType, byte[] buf, int off, int caplen, long sec, int nsec, int length) {
        flows.accept(dataLinkType, sec * 1_000_000_000L + nsec, buf, off, caplen);
    }

    /** The capture has ended: the flows still open. */
    @Override
    public void end() {
        flows.flush();
    }

    @Override
    public void flush() {
        out.flush();
    }
}
