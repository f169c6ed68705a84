package org.epcap.sniff;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.time.ZoneId;
import org.epcap.CaptureInfo;
import org.epcap.Options;
import org.epcap.pkt.DataLinkType;
import org.epcap.pkt.io.PacketWriter;
import org.epcap.pkt.io.PcapNgWriter;
import org.epcap.pkt.io.PcapWriter;
import org.epcap.pkt.io.TimestampPrecision;

/**
 * {@code sniff -w}: the captured packets saved with the codec's pure-Java writers, classic
 * pcap (nanosecond magic when the capture has nanosecond timestamps) or pcapng, to a file or to
 * stdout ({@code -w -}), rotated as tcpdump rotates:
 *
 * <ul>
 * <li>{@code -C N}: before a packet is written, a file that holds more than N million bytes is
 *     closed and the next one opened: {@code FILE}, {@code FILE1}, {@code FILE2}, ...; with
 *     {@code -W K} the names are {@code FILE0} to {@code FILE(K-1)}, zero-padded to K's digits,
 *     and reused in turn.</li>
 * <li>{@code -G S}: every S seconds of wall-clock time a new file, named by expanding
 *     strftime conversions in FILE at that moment; with {@code -W K} (and no {@code -C}) the
 *     capture ends after K files.</li>
 * </ul>
 */
final class CaptureFile implements Closeable {
    private static final int PCAP_FILE_HEADER = 24;
    private static final int PCAP_RECORD_HEADER = 16;

    private final SaveTo to;
    private final int dataLinkType;
    private final int snaplen;
    private final TimestampPrecision precision;
    private PacketWriter writer;
    private Path current;
    private long bytes;
    private int sizeIndex;
    private int filesOpened;
    private long periodStartNanos;
    private boolean ended;

    private CaptureFile(SaveTo to, int dataLinkType, int snaplen, TimestampPrecision precision) {
        this.to = to;
        this.dataLinkType = dataLinkType;
        this.snaplen = snaplen;
        this.precision = precision;
    }

    static CaptureFile create(SaveTo to, CaptureInfo info) throws IOException {
        // A live capture's packets are never longer than its snaplen. A file's header may claim
        // less than its packets hold (libpcap still delivers them whole): keep every byte.
        int snaplen = !info.file() && info.snaplen() > 0 && info.snaplen() <= Options.MAX_SNAPLEN
                ? info.snaplen() : Options.MAX_SNAPLEN;
        CaptureFile f = new CaptureFile(to, info.dataLinkType(), snaplen,
                info.nanosecondPrecision() ? TimestampPrecision.NANO : TimestampPrecision.MICRO);
        f.open();
        return f;
    }

    /**
     * The writers store the LINKTYPE_ of the packet's DLT ({@link DataLinkType#toLinkType}); a
     * DLT without one, or a time the format cannot hold, ends the capture with a message, as
     * tcpdump -w ends.
     *
     * @return false when {@code -G} with {@code -W} has written its last file: the capture ends
     */
    boolean write(int dlt, byte[] buf, int off, int caplen, long sec, int nsec, int length) throws IOException {
        if (ended) {
            return false;
        }
        if (!rotate()) {
            return false;
        }
        try {
            writer.write(dlt, sec, nsec, length, buf, off, caplen);
            if (to.pcapng() && to.rotateBytes() > 0) {
                writer.flush(); // pcapng's block sizes vary: count what reached the file
            }
            bytes += PCAP_RECORD_HEADER + Math.min(caplen, snaplen);
            if (to.packetFlushed()) {
                writer.flush();
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(name() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            if (to.stream() != null) {
                throw new OutputClosedException(e); // -w - | head -c 100: the reader has gone
            }
            throw new IOException(name() + ": " + FileErrors.describe(e), e);
        }
        return true;
    }

    // Before a packet: a new file when the size or the period says so; false: -G -W is done.
    private boolean rotate() throws IOException {
        if (to.rotateSeconds() > 0 && System.nanoTime() - periodStartNanos >= to.rotateSeconds() * 1_000_000_000L) {
            if (to.fileCount() > 0 && to.rotateBytes() == 0 && filesOpened >= to.fileCount()) {
                ended = true;
                return false;
            }
            sizeIndex = 0;
            closeWriter();
            open();
        } else if (to.rotateBytes() > 0 && size() > to.rotateBytes()) {
            sizeIndex++;
            if (to.fileCount() > 0 && sizeIndex >= to.fileCount()) {
                sizeIndex = 0;
            }
            closeWriter();
            open();
        }
        return true;
    }

    private long size() throws IOException {
        if (to.pcapng()) {
            return Files.size(current);
        }
        return bytes;
    }

    private void open() throws IOException {
        periodStartNanos = System.nanoTime();
        filesOpened++;
        bytes = PCAP_FILE_HEADER;
        OutputStream stream = to.stream();
        if (stream == null) {
            current = Path.of(fileName());
            try {
                stream = Files.newOutputStream(current);
            } catch (IOException e) {
                throw new IOException(FileErrors.describe(e), e);
            }
            if (to.owner() != null) {
                giveTo(current, to.owner());
            }
        }
        try {
            writer = to.pcapng()
                    ? new PcapNgWriter(stream, snaplen)
                    : new PcapWriter(stream, dataLinkType, snaplen, precision);
            if (to.packetFlushed()) {
                writer.flush();
            }
        } catch (IllegalArgumentException e) {
            stream.close();
            throw new IOException(name() + ": " + e.getMessage(), e);
        }
    }

    // tcpdump's MakeFilename: strftime first (with -G), then the number (with -C, or -W).
    private String fileName() {
        String base = to.path().toString();
        if (to.rotateSeconds() > 0) {
            base = Strftime.format(base, Instant.now().atZone(ZoneId.systemDefault()));
        }
        int width = to.fileCount() > 0 ? Integer.toString(to.fileCount()).length() : 0;
        if (to.rotateBytes() > 0 && (sizeIndex > 0 || width > 0)) {
            String n = Integer.toString(sizeIndex);
            return base + "0".repeat(Math.max(0, width - n.length())) + n;
        }
        return base;
    }

    private static void giveTo(Path file, String user) throws IOException {
        UserPrincipal owner = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        Files.setOwner(file, owner);
    }

    private String name() {
        return current == null ? "-" : current.toString();
    }

    void flush() throws IOException {
        try {
            writer.flush();
        } catch (IOException e) {
            if (to.stream() != null) {
                throw new OutputClosedException(e);
            }
            throw new IOException(name() + ": " + FileErrors.describe(e), e);
        }
    }

    private void closeWriter() throws IOException {
        try {
            writer.close();
        } catch (IOException e) {
            throw new IOException(name() + ": " + FileErrors.describe(e), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (to.stream() != null) {
            flush(); // stdout stays open for whoever else writes to it
            return;
        }
        closeWriter();
    }
}
