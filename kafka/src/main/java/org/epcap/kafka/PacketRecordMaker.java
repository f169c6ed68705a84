package org.epcap.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.epcap.flow.FlowConfig;
import org.epcap.flow.FlowHandler;
import org.epcap.flow.FlowTable;
import org.epcap.pkt.DataLinkType;

/**
 * One record per packet ({@link RecordKind#PACKETS}). The key comes from a flow table that is
 * kept only to name each packet's flow: its Community ID is computed once per flow, and the
 * table's bound holds its memory (a flow evicted from it gets the same ID again when it returns).
 * A fragmented datagram's later fragments take its first fragment's key ({@link FragmentKeys}).
 */
final class PacketRecordMaker implements RecordMaker {
    /** The table here only names flows: its records are not wanted. */
    private static final FlowHandler IGNORE = record -> { };

    private final String topic;
    private final PacketLayout layout;
    private final RecordSender sender;
    private final FlowTable flows;
    private final FragmentKeys fragments = new FragmentKeys();
    private final RecordHeader interfaceHeader;
    private final RecordHeader hostHeader;
    private int lastDlt = -1;
    private RecordHeader linkTypeHeader;
    // The last Community ID string and its bytes: consecutive packets are often of one flow.
    private String lastId;
    private byte[] lastIdBytes;
    /** Written on the feeding thread, read by reports. */
    private volatile long fragmentsUnmatched;

    PacketRecordMaker(String topic, PacketLayout layout, FlowConfig flowConfig, String interfaceName, String host,
                      RecordSender sender) {
        this.topic = topic;
        this.layout = layout;
        this.sender = sender;
        this.flows = new FlowTable(flowConfig, IGNORE);
        this.interfaceHeader = interfaceName == null ? null
                : new RecordHeader(PacketHeaders.INTERFACE, PacketHeaders.utf8(interfaceName));
        this.hostHeader = host == null ? null : new RecordHeader(PacketHeaders.HOST, PacketHeaders.utf8(host));
    }

    @Override
    public void accept(int dataLinkType, byte[] buf, int off, int caplen, long timeNanos, int wireLength) {
        byte[] key;
        if (layout == PacketLayout.METRON) {
            key = ByteBuffer.allocate(Long.BYTES).putLong(Math.floorDiv(timeNanos, 1000L)).array();
        } else {
            flows.accept(dataLinkType, timeNanos, buf, off, caplen);
            key = communityIdKey(fragments.keyFor(dataLinkType, buf, off, caplen, flows.lastCommunityId()));
            if (fragments.unmatched() != fragmentsUnmatched) fragmentsUnmatched = fragments.unmatched();
        }
        if (dataLinkType != lastDlt) {
            lastDlt = dataLinkType;
            linkTypeHeader = new RecordHeader(PacketHeaders.LINK_TYPE,
                    PacketHeaders.ascii(DataLinkType.toLinkType(dataLinkType)));
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(PacketHeaders.TIMESTAMP_NS, PacketHeaders.ascii(timeNanos)));
        headers.add(new RecordHeader(PacketHeaders.WIRE_LENGTH, PacketHeaders.ascii(wireLength)));
        headers.add(linkTypeHeader);
        if (interfaceHeader != null) headers.add(interfaceHeader);
        if (hostHeader != null) headers.add(hostHeader);
        byte[] value = Arrays.copyOfRange(buf, off, off + caplen);
        // The record's own timestamp is left to the producer (send time): capture times of an old
        // file would make brokers expire or refuse the records at once.
        sender.send(new ProducerRecord<>(topic, null, null, key, value, headers));
    }

    private byte[] communityIdKey(String id) {
        if (id == null) {
            return null;
        }
        if (!id.equals(lastId)) {
            lastId = id;
            lastIdBytes = id.getBytes(StandardCharsets.US_ASCII);
        }
        return lastIdBytes;
    }

    @Override
    public void finish() {
        // Nothing is held: every packet was sent when it came.
    }

    @Override
    public java.util.Map<String, Long> boundsHit() {
        long n = fragmentsUnmatched;
        return n == 0 ? java.util.Map.of() : java.util.Map.of("fragments keyed without their first fragment", n);
    }
}
