package org.epcap.pkt.io;

import java.io.IOException;
import org.epcap.pkt.DataLinkType;

/**
 * Classic libpcap files: a 24-byte file header, then 16-byte record headers each followed by the
 * captured bytes. Both byte orders, microsecond and nanosecond magic.
 */
final class ClassicPcapSource implements RecordSource {
    static final int MAGIC_MICRO = 0xa1b2c3d4;
    static final int MAGIC_NANO = 0xa1b23c4d;
    private static final int FILE_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    private final FileInput in;
    private final boolean bigEndian;
    private final boolean nano;
    private final int dataLinkType;
    private final boolean lengthsSwapped;
    private final boolean lengthsMaybeSwapped;

    /**
     * Reads the rest of the file header; {@code magic} (its first four bytes) has been read and
     * recognised by the caller.
     */
    ClassicPcapSource(FileInput in, byte[] magic) throws IOException {
        this.in = in;
        int asBig = (int) FileInput.u32(magic, 0, true);
        this.bigEndian = asBig == MAGIC_MICRO || asBig == MAGIC_NANO;
        this.nano = FileInput.u32(magic, 0, bigEndian) == (MAGIC_NANO & 0xffffffffL);
        byte[] h = new byte[FILE_HEADER];
        System.arraycopy(magic, 0, h, 0, 4);
        in.readFully(h, 4, FILE_HEADER - 4, 0, "pcap file header");
        int major = FileInput.u16(h, 4, bigEndian);
        int minor = FileInput.u16(h, 6, bigEndian);
        if (major != 2) {
            throw new PcapFormatException(4, "unsupported pcap version " + major + "." + minor);
        }
        // Files older than 2.3 wrote caplen and len the other way round (libpcap and Wireshark
        // both undo this); 2.3 files may have either order.
        this.lengthsSwapped = minor < 3;
        this.lengthsMaybeSwapped = minor == 3;
        this.dataLinkType = DataLinkType.fromLinkType((int) (FileInput.u32(h, 20, bigEndian) & 0xffff));
    }

    static boolean recognises(byte[] magic) {
        int m = (int) FileInput.u32(magic, 0, true);
        return m == MAGIC_MICRO || m == MAGIC_NANO
                || m == Integer.reverseBytes(MAGIC_MICRO) || m == Integer.reverseBytes(MAGIC_NANO);
    }

    @Override
    public boolean next(RecordView view) throws IOException {
        long start = in.offset();
        int n = in.require(RECORD_HEADER);
        if (n == 0) {
            return false;
        }
        if (n < RECORD_HEADER) {
            throw new PcapFormatException(start, "truncated record header: " + n + " of "
                    + RECORD_HEADER + " bytes");
        }
        byte[] b = in.array();
        int at = in.position();
        long sec = FileInput.u32(b, at, bigEndian);
        long frac = FileInput.u32(b, at + 4, bigEndian);
        long caplen = FileInput.u32(b, at + 8, bigEndian);
        long len = FileInput.u32(b, at + 12, bigEndian);
        if (lengthsSwapped || (lengthsMaybeSwapped && caplen > len)) {
            long t = caplen;
            caplen = len;
            len = t;
        }
        if (caplen > Limits.MAX_CAPTURED) {
            throw new PcapFormatException(start, "captured length " + caplen
                    + " is larger than the maximum of " + Limits.MAX_CAPTURED);
        }
        if (caplen > in.remaining() - RECORD_HEADER) {
            throw new PcapFormatException(start, "truncated record: captured length " + caplen
                    + ", only " + (in.remaining() - RECORD_HEADER) + " bytes left in the file");
        }
        int total = RECORD_HEADER + (int) caplen;
        int have = in.require(total);
        if (have < total) {
            throw new PcapFormatException(start, "truncated record data: needs " + caplen
                    + " bytes, only " + (have - RECORD_HEADER) + " left in the file");
        }
        long nanos = nano ? frac : frac * 1000;
        // Some writers put a whole second or more in the fraction; carry it as Wireshark does.
        sec += nanos / 1_000_000_000L;
        nanos %= 1_000_000_000L;
        view.set(dataLinkType, sec, (int) nanos, len, in.array(), in.position() + RECORD_HEADER,
                (int) caplen, 0);
        in.advance(total);
        return true;
    }
}
