package org.epcap.sniff;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.epcap.CaptureInfo;
import org.epcap.Options;
import org.epcap.Packet;
import org.epcap.pkt.DataLinkType;
import org.epcap.pkt.io.PacketWriter;
import org.epcap.pkt.io.PcapNgWriter;
import org.epcap.pkt.io.PcapWriter;
import org.epcap.pkt.io.TimestampPrecision;

/**
 * {@code sniff -w}: the captured packets saved with the codec's pure-Java writers, classic
 * pcap (nanosecond magic when the capture has nanosecond timestamps) or pcapng.
 */
final class CaptureFile implements Closeable {
    private final PacketWriter writer;
    private final Path path;

    private CaptureFile(PacketWriter writer, Path path) {
        this.writer = writer;
        this.path = path;
    }

    static CaptureFile create(Path path, boolean pcapng, CaptureInfo info) throws IOException {
        // A live capture's packets are never longer than its snaplen. A file's header may claim
        // less than its packets hold (libpcap still delivers them whole): keep every byte.
        int snaplen = !info.file() && info.snaplen() > 0 && info.snaplen() <= Options.MAX_SNAPLEN
                ? info.snaplen() : Options.MAX_SNAPLEN;
        try {
            PacketWriter w = pcapng
                    ? PcapNgWriter.create(path, snaplen)
                    : PcapWriter.create(path, info.dataLinkType(), snaplen,
                            info.nanosecondPrecision() ? TimestampPrecision.NANO : TimestampPrecision.MICRO);
            return new CaptureFile(w, path);
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The writers store the LINKTYPE_ of the packet's DLT ({@link DataLinkType#toLinkType}); a
     * DLT without one, or a time the format cannot hold, ends the capture with a message, as
     * tcpdump -w ends.
     */
    void write(Packet p) throws IOException {
        byte[] data = p.data();
        try {
            writer.write(p.dataLinkType(), p.epochSecond(), p.nanos(), p.length(), data, 0, p.caplen());
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    void flush() throws IOException {
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
