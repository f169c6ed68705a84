package org.epcap.kafka;

import java.nio.ByteBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.epcap.pkt.DataLinkType;

/**
 * A packet read back from a topic of packet records, in either {@link PacketLayout}: what a
 * capture file needs to hold it again.
 *
 * <pre>{@code
 * for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
 *     KafkaPacket p = KafkaPacket.of(r);
 *     writer.write(p.linkType(), p.timestampNanos(), p.wireLength(), p.data());
 * }
 * }</pre>
 *
 * @param timestampNanos the capture time, nanoseconds since the epoch
 * @param wireLength     the packet's length on the wire
 * @param linkType       the pcap file {@code LINKTYPE_*} number
 * @param interfaceName  the capture's interface or file, or null
 * @param host           the capture host, or null
 * @param data           the captured bytes
 */
public record KafkaPacket(long timestampNanos, int wireLength, int linkType, String interfaceName, String host,
                          byte[] data) {

    /**
     * The packet a record holds. A record without this library's headers is read as Metron's
     * layout: the key is the time in microseconds, the bytes are Ethernet, and nothing was cut.
     *
     * @throws IllegalArgumentException when the record is neither layout (no time in its headers
     *                                  and no 8-byte key), or its headers are not numbers
     */
    public static KafkaPacket of(ConsumerRecord<byte[], byte[]> record) {
        byte[] data = record.value();
        if (data == null) {
            throw new IllegalArgumentException("record at " + where(record) + " has no value");
        }
        long ts = PacketHeaders.longValue(record.headers(), PacketHeaders.TIMESTAMP_NS, Long.MIN_VALUE);
        if (ts == Long.MIN_VALUE) {
            byte[] key = record.key();
            if (key == null || key.length != Long.BYTES) {
                throw new IllegalArgumentException("record at " + where(record)
                        + " is not a packet record: no " + PacketHeaders.TIMESTAMP_NS
                        + " header and no 8-byte Metron timestamp key");
            }
            ts = Math.multiplyExact(ByteBuffer.wrap(key).getLong(), 1000L);
        }
        long wire = PacketHeaders.longValue(record.headers(), PacketHeaders.WIRE_LENGTH, data.length);
        long link = PacketHeaders.longValue(record.headers(), PacketHeaders.LINK_TYPE, DataLinkType.EN10MB);
        if (wire < data.length || wire > Integer.MAX_VALUE || link < 0 || link > 0xffff) {
            throw new IllegalArgumentException("record at " + where(record) + " has wire length " + wire
                    + " and link type " + link + " for " + data.length + " captured bytes");
        }
        return new KafkaPacket(ts, (int) wire, (int) link, PacketHeaders.text(record.headers(), PacketHeaders.INTERFACE),
                PacketHeaders.text(record.headers(), PacketHeaders.HOST), data);
    }

    private static String where(ConsumerRecord<?, ?> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset();
    }
}
