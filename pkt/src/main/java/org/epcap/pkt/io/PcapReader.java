package org.epcap.pkt.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads classic pcap and pcapng capture files in pure Java.
 *
 * <p>Classic pcap in both byte orders with microsecond or nanosecond timestamps; pcapng with any
 * number of sections (each in its own byte order) and interfaces, the interface's link type and
 * timestamp resolution ({@code if_tsresol}, {@code if_tsoffset}), enhanced, simple and obsolete
 * packet blocks; other blocks are skipped. The format is recognised from the first four bytes.
 *
 * <p>A corrupt or truncated file gives a {@link PcapFormatException} naming the byte offset, never
 * another exception; a length field is checked against a fixed maximum and against the rest of
 * the file before anything is allocated for it. Records read before the bad one are delivered.
 *
 * <pre>{@code
 * try (PcapReader reader = PcapReader.open(Path.of("trace.pcapng"))) {
 *     for (PcapRecord r : reader) {
 *         Decoded d = Pkt.decode(r.dataLinkType(), r.data());
 *         System.out.println(r.timestamp() + " " + r.length() + " " + d.headers());
 *     }
 * }
 * }</pre>
 *
 * <p>Records come two ways: {@link #next()} (and the iterator) give {@link PcapRecord}s that own
 * a copy of their bytes; {@link #nextView()} gives a {@link RecordView} over the reader's own
 * buffer, without copying or allocating, <b>valid only until the next read</b>. The buffer is
 * 256 KiB and grows only for a record larger than that, to the format's maximum.
 *
 * <p>Iterating ({@link #iterator()}, {@link #stream()}) wraps I/O errors, including
 * {@link PcapFormatException}, in an {@link UncheckedIOException}; {@link #next()} throws them
 * as they are. A reader is not thread-safe and reads its file once.
 */
public final class PcapReader implements AutoCloseable, Iterable<PcapRecord> {
    private final FileInput in;
    private final RecordSource source;
    private final Format format;
    private final RecordView view = new RecordView();
    private boolean done;

    /** The two file formats. */
    public enum Format { PCAP, PCAPNG }

    private PcapReader(FileInput in) throws IOException {
        this.in = in;
        int n = in.require(4);
        if (n < 4) {
            throw new PcapFormatException(0, "file too short for a capture file: " + n + " bytes");
        }
        byte[] magic = Arrays.copyOfRange(in.array(), in.position(), in.position() + 4);
        if (ClassicPcapSource.recognises(magic)) {
            format = Format.PCAP;
            in.advance(4);
            source = new ClassicPcapSource(in, magic);
        } else if (PcapNgSource.recognises(magic)) {
            format = Format.PCAPNG;
            source = new PcapNgSource(in);
        } else {
            throw new PcapFormatException(0, "not a pcap or pcapng file (magic "
                    + String.format("%02x%02x%02x%02x", magic[0], magic[1], magic[2], magic[3])
                    + ")");
        }
    }

    /**
     * Opens a capture file and reads its file (or first section) header. The file is read
     * through memory-mapped windows of 16 MiB, one at a time, up to the size it had when opened.
     *
     * @throws PcapFormatException when the file is neither pcap nor pcapng, or its header is bad
     */
    public static PcapReader open(Path file) throws IOException {
        MappedFileStream stream = new MappedFileStream(file);
        try {
            return new PcapReader(new FileInput(stream, stream.size()));
        } catch (IOException | RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    /**
     * Reads a capture from a stream (a pipe, a socket, a resource). Closing the reader closes the
     * stream. Without a known size, truncation is found when the bytes run out.
     */
    public static PcapReader of(InputStream stream) throws IOException {
        return new PcapReader(new FileInput(stream, -1));
    }

    /** Whether this is a classic pcap or a pcapng file. */
    public Format format() {
        return format;
    }

    /**
     * The next record with its own copy of the bytes, or null at the end of the file.
     *
     * @throws PcapFormatException when the next record or block is corrupt or truncated
     */
    public PcapRecord next() throws IOException {
        RecordView v = nextView();
        return v == null ? null : v.toRecord();
    }

    /**
     * The next record shown in place in the reader's buffer, or null at the end of the file: no
     * copy and no allocation, the fast way through a file.
     *
     * <p><b>The view is valid only until the next call to {@code nextView()}, {@link #next()},
     * the iterator or {@link #close()}</b>: each call returns the same {@link RecordView} object,
     * and the bytes under it are overwritten. Copy what must be kept ({@link RecordView#toRecord()},
     * {@link RecordView#data()}).
     *
     * <pre>{@code
     * long bytes = 0;
     * for (RecordView v; (v = reader.nextView()) != null; ) {
     *     bytes += v.caplen();
     * }
     * }</pre>
     *
     * @throws PcapFormatException when the next record or block is corrupt or truncated
     */
    public RecordView nextView() throws IOException {
        if (done) {
            return null;
        }
        try {
            if (source.next(view)) {
                return view;
            }
            done = true;
            return null;
        } catch (IOException e) {
            done = true;
            throw e;
        }
    }

    /** The records from here on; I/O and format errors surface as {@link UncheckedIOException}. */
    @Override
    public Iterator<PcapRecord> iterator() {
        return new Iterator<>() {
            private PcapRecord ahead;

            @Override
            public boolean hasNext() {
                if (ahead == null) {
                    try {
                        ahead = PcapReader.this.next();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return ahead != null;
            }

            @Override
            public PcapRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                PcapRecord r = ahead;
                ahead = null;
                return r;
            }
        };
    }

    /** The records from here on as a sequential stream; closing the stream closes the reader. */
    public Stream<PcapRecord> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(() -> {
                    try {
                        close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** The byte offset in the file of the next record or block. */
    public long offset() {
        return in.offset();
    }

    @Override
    public void close() throws IOException {
        done = true;
        in.close();
    }
}
