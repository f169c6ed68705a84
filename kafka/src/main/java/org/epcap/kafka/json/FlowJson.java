package org.epcap.kafka.json;

import java.util.List;
import java.util.Locale;
import org.epcap.flow.EndReason;
import org.epcap.flow.FlowRecord;
import org.epcap.pkt.TcpFlag;

/**
 * A {@link FlowRecord} as an ECS document (Elastic Common Schema): the initiator is
 * {@code source}, the responder {@code destination}; the Community ID is where ECS puts it,
 * {@code network.community_id}. Field by field in {@code docs/kafka.md}, "Flow records".
 *
 * <pre>{@code
 * FlowJson json = new FlowJson();
 * FlowTable flows = new FlowTable(FlowConfig.defaults(), r -> producer.send(
 *         new ProducerRecord<>("flows", r.communityId(), json.toJson(r))));
 * }</pre>
 *
 * <p>Not thread-safe (it reuses one buffer): one per thread, as the table's handler runs on the
 * thread that feeds the table.
 */
public final class FlowJson {
    private static final List<String> CATEGORY = List.of("network");
    private static final List<String> ENDED = List.of("connection", "end");
    private static final List<String> ONGOING = List.of("connection", "info");
    private static final int ICMP = 1;
    private static final int ICMPV6 = 58;

    private final EcsWriter w = new EcsWriter();

    /** The record's JSON, UTF-8. */
    public byte[] toJson(FlowRecord r) {
        w.begin();
        // @timestamp is the flow's last packet: the time the record describes up to, the same at
        // any reading speed (ECS: "when the event originated").
        w.string("@timestamp", EcsValues.timestamp(r.lastNanos()));
        w.string("event.kind", "event");
        w.strings("event.category", CATEGORY);
        w.strings("event.type", r.endReason() == EndReason.ONGOING ? ONGOING : ENDED);
        w.string("event.action", "network_flow");
        w.string("event.dataset", "epcap.flow");
        w.string("event.start", EcsValues.timestamp(r.firstNanos()));
        w.string("event.end", EcsValues.timestamp(r.lastNanos()));
        w.number("event.duration", r.lastNanos() - r.firstNanos());
        w.string("event.reason", r.endReason().name().toLowerCase(Locale.ROOT));

        boolean ports = EcsValues.hasPorts(r.protocol());
        w.string("source.ip", EcsValues.ip(r.initiator()));
        if (ports && r.initiatorPort() >= 0) {
            w.number("source.port", r.initiatorPort());
        }
        w.number("source.bytes", r.initiatorBytes());
        w.number("source.packets", r.initiatorPackets());
        w.string("destination.ip", EcsValues.ip(r.responder()));
        if (ports && r.responderPort() >= 0) {
            w.number("destination.port", r.responderPort());
        }
        w.number("destination.bytes", r.responderBytes());
        w.number("destination.packets", r.responderPackets());

        w.string("network.type", r.ipVersion() == 6 ? "ipv6" : "ipv4");
        w.string("network.transport", EcsValues.transport(r.protocol()));
        w.string("network.iana_number", Integer.toString(r.protocol()));
        w.string("network.community_id", r.communityId());
        w.number("network.bytes", r.initiatorBytes() + r.responderBytes());
        w.number("network.packets", r.initiatorPackets() + r.responderPackets());
        if (r.outerVlan() >= 0) {
            // ECS types VLAN ids as keywords; the outer tag is network.vlan, the inner network.inner.vlan
            w.string("network.vlan.id", Integer.toString(r.outerVlan()));
            if (r.innerVlan() >= 0) {
                w.string("network.inner.vlan.id", Integer.toString(r.innerVlan()));
            }
        }

        // What ECS has no field for, under this exporter's own name.
        if (r.protocol() == 6) {
            w.strings("epcap.flow.source_tcp_flags", lower(TcpFlag.labels(r.initiatorTcpFlags())));
            w.strings("epcap.flow.destination_tcp_flags", lower(TcpFlag.labels(r.responderTcpFlags())));
        }
        if ((r.protocol() == ICMP || r.protocol() == ICMPV6) && r.initiatorPort() >= 0) {
            w.number("epcap.flow.icmp_type", r.initiatorPort());
            w.number("epcap.flow.icmp_counter_type_or_code", r.responderPort());
        }
        return w.end();
    }

    private static List<String> lower(List<String> labels) {
        return labels.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }
}
