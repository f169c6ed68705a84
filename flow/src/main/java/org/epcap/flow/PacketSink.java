package org.epcap.flow;

/**
 * Where a stage hands the packets it passes on: the flow table takes them, and the defragmenter
 * gives them (whole datagrams in place of their fragments). The bytes are lent for the call only:
 * a sink that keeps them must copy them.
 *
 * <pre>{@code
 * FlowTable flows = new FlowTable(FlowConfig.defaults(), record -> System.out.println(record));
 * Defragmenter defrag = new Defragmenter(DefragConfig.defaults(), flows);
 * try (PcapReader r = PcapReader.open(file)) {
 *     for (RecordView v; (v = r.nextView()) != null; ) {
 *         defrag.accept(v.dataLinkType(), v.timeNanos(), v.array(), v.offset(), v.caplen());
 *     }
 * }
 * flows.flush();
 * }</pre>
 */
@FunctionalInterface
public interface PacketSink {
    /**
     * Takes one packet: its link type (a DLT), capture time in nanoseconds since the epoch, and
     * the captured bytes {@code data[offset, offset + length)}.
     */
    void accept(int dataLinkType, long timeNanos, byte[] data, int offset, int length);
}
