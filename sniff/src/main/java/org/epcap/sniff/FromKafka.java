package org.epcap.sniff;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.epcap.kafka.KafkaPacket;
import org.epcap.kafka.TopicReader;
import org.epcap.pkt.DataLinkType;
import org.epcap.pkt.io.PacketWriter;
import org.epcap.pkt.io.PcapNgWriter;
import org.epcap.pkt.io.PcapWriter;
import org.epcap.pkt.io.TimestampPrecision;

/**
 * {@code sniff --from-kafka BOOTSTRAP --topic T -w FILE}: a topic of packet records written back
 * as a capture file, in capture-time order, for Wireshark or tcpdump. A pcapng file holds
 * packets of several link types (several hosts' captures); a classic pcap file takes the first
 * packet's and refuses another. A {@link Window} chooses the packets of one host and a span of
 * capture time; the whole topic is still read, since a record's Kafka timestamp is its send
 * time, not its capture time.
 */
final class FromKafka {
    /**
     * The packets written: of {@code host} (null: every host), captured in
     * [{@code sinceNanos}, {@code untilNanos}).
     */
    record Window(String host, long sinceNanos, long untilNanos) {
        boolean contains(KafkaPacket p) {
            long t = p.timestampNanos();
            return t >= sinceNanos && t < untilNanos && (host == null || host.equals(p.host()));
        }
    }

    private final String bootstrap;
    private final String topic;
    private final Map<String, String> settings;
    private final Path out;
    private final boolean pcapng;
    private final long count;
    private final Duration timeout;
    private final Window window;

    FromKafka(String bootstrap, String topic, Map<String, String> settings, Path out, boolean pcapng, long count,
              Duration timeout, Window window) {
        this.window = window;
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.settings = settings;
        this.out = out;
        this.pcapng = pcapng || out.getFileName().toString().endsWith(".pcapng");
        this.count = count;
        this.timeout = timeout;
    }

    /** Writes the topic to the file and prints how many packets on {@code err}. */
    void run(PrintStream err) throws Exception {
        PacketWriter[] writer = new PacketWriter[1];
        int[] linkType = {-1};
        long[] written = {0};
        try {
            TopicReader.read(bootstrap, topic, settings, timeout, p -> {
                if ((count > 0 && written[0] >= count) || !window.contains(p)) return;
                int dlt = DataLinkType.fromLinkType(p.linkType());
                if (writer[0] == null) {
                    writer[0] = pcapng ? PcapNgWriter.create(out)
                            : PcapWriter.create(out, dlt, 262144, TimestampPrecision.NANO);
                    linkType[0] = p.linkType();
                } else if (!pcapng && p.linkType() != linkType[0]) {
                    throw new IOException(out + ": the topic holds link types " + linkType[0] + " and "
                            + p.linkType() + "; a classic pcap file holds one: write a .pcapng file");
                }
                writePacket(writer[0], dlt, p);
                written[0]++;
            });
        } finally {
            if (writer[0] != null) writer[0].close();
        }
        if (writer[0] == null) {
            // An empty topic still gives a file that opens.
            (pcapng ? PcapNgWriter.create(out) : PcapWriter.create(out)).close();
        }
        err.println(written[0] + " packet" + (written[0] == 1 ? "" : "s") + " read from " + topic);
    }

    private static void writePacket(PacketWriter w, int dlt, KafkaPacket p) throws IOException {
        w.write(dlt, p.timestampNanos(), p.wireLength(), p.data(), 0, p.data().length);
    }
}
