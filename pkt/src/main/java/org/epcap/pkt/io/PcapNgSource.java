package org.epcap.pkt.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng files: a sequence of sections, each a Section Header Block (which fixes the byte order)
 * followed by Interface Description Blocks and packet blocks (enhanced, simple and the obsolete
 * packet block). Every other block type is skipped.
 */
final class PcapNgSource implements RecordSource {
    static final int SHB = 0x0a0d0d0a;
    private static final int IDB = 1;
    private static final int OPB = 2;
    private static final int SPB = 3;
    private static final int EPB = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;
    private static final int OPT_ENDOFOPT = 0;
    private static final int IF_TSRESOL = 9;
    private static final int IF_TSOFFSET = 14;
    private static final int MIN_BLOCK = 12;
    private static final int MIN_SHB = 28;

    /** One interface of the current section. */
    private record Interface(int linkType, long snaplen, TimestampResolution resolution,
                             long offsetSeconds) {
    }

    private final FileInput in;
    private final byte[] head = new byte[12];
    private final List<Interface> interfaces = new ArrayList<>();
    private boolean bigEndian;
    private byte[] body = new byte[4096];

    /** Reads the first section header; {@code magic} (its first four bytes) has been read. */
    PcapNgSource(FileInput in, byte[] magic) throws IOException {
        this.in = in;
        System.arraycopy(magic, 0, head, 0, 4);
        readSectionHeader(0, 4);
    }

    static boolean recognises(byte[] magic) {
        return FileInput.u32(magic, 0, true) == SHB;
    }

    @Override
    public PcapRecord next() throws IOException {
        while (true) {
            long start = in.offset();
            int n = in.read(head, 0, 4);
            if (n == 0) {
                return null;
            }
            if (n < 4) {
                throw new PcapFormatException(start, "truncated block header: " + n + " of 8 bytes");
            }
            int type = (int) FileInput.u32(head, 0, bigEndian);
            if (type == SHB) {
                readSectionHeader(start, 4);
                continue;
            }
            in.readFully(head, 4, 4, start, "block header");
            long total = FileInput.u32(head, 4, bigEndian);
            checkTotalLength(start, type, total, 8);
            PcapRecord r = switch (type) {
                case IDB -> {
                    readInterface(start, readBody(start, total, "interface description block"));
                    yield null;
                }
                case EPB -> enhancedPacket(start, readBody(start, total, "enhanced packet block"));
                case SPB -> simplePacket(start, readBody(start, total, "simple packet block"));
                case OPB -> obsoletePacket(start, readBody(start, total, "packet block"));
                default -> {
                    skipBlock(start, total);
                    yield null;
                }
            };
            if (r != null) {
                return r;
            }
        }
    }

    /** Reads a section header block whose first {@code have} bytes are in {@link #head}. */
    private void readSectionHeader(long start, int have) throws IOException {
        in.readFully(head, have, 12 - have, start, "section header block");
        long bom = FileInput.u32(head, 8, true);
        if (bom == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (bom == (Integer.reverseBytes(BYTE_ORDER_MAGIC) & 0xffffffffL)) {
            bigEndian = false;
        } else {
            throw new PcapFormatException(start + 8,
                    "section header block has no byte-order magic (" + Long.toHexString(bom) + ")");
        }
        long total = FileInput.u32(head, 4, bigEndian);
        if (total < MIN_SHB) {
            throw new PcapFormatException(start,
                    "section header block length " + total + " is less than " + MIN_SHB);
        }
        checkTotalLength(start, SHB, total, 12);
        byte[] b = readBody(start, total - 4, "section header block");
        int major = FileInput.u16(b, 0, bigEndian);
        int minor = FileInput.u16(b, 2, bigEndian);
        if (major != 1) {
            throw new PcapFormatException(start + 12,
                    "unsupported pcapng version " + major + "." + minor);
        }
        interfaces.clear();
    }

    /** Checks a block's length; {@code consumed} bytes of the block have been read so far. */
    private void checkTotalLength(long start, int type, long total, int consumed)
            throws IOException {
        if (total < MIN_BLOCK || total % 4 != 0) {
            throw new PcapFormatException(start, "block of type 0x" + Integer.toHexString(type)
                    + " has length " + total + " (less than 12 or not a multiple of 4)");
        }
        if (total - consumed > in.remaining()) {
            throw new PcapFormatException(start, "truncated block of type 0x"
                    + Integer.toHexString(type) + ": length " + total + ", only "
                    + (in.remaining() + consumed) + " bytes left in the file");
        }
    }

    /**
     * Reads the rest of the block (after its 8-byte header, or 12 bytes for a section header)
     * into {@link #body}, checks the trailing length and returns {@link #body}; the body is the
     * first {@code total - 12} bytes.
     */
    private byte[] readBody(long start, long total, String what) throws IOException {
        if (total > Limits.MAX_BLOCK) {
            throw new PcapFormatException(start, what + " length " + total
                    + " is larger than the maximum of " + Limits.MAX_BLOCK);
        }
        int rest = (int) total - 8;
        if (body.length < rest) {
            body = new byte[Math.max(rest, Math.min(body.length * 2, Limits.MAX_BLOCK))];
        }
        in.readFully(body, 0, rest, start, what);
        long trailer = FileInput.u32(body, rest - 4, bigEndian);
        long expected = FileInput.u32(head, 4, bigEndian);
        if (trailer != expected) {
            throw new PcapFormatException(start, what + " length " + expected
                    + " disagrees with its trailing copy " + trailer);
        }
        return body;
    }

    private void skipBlock(long start, long total) throws IOException {
        in.skipFully(total - 12, start, "block");
        in.readFully(head, 8, 4, start, "block trailer");
        long trailer = FileInput.u32(head, 8, bigEndian);
        if (trailer != total) {
            throw new PcapFormatException(start, "block length " + total
                    + " disagrees with its trailing copy " + trailer);
        }
    }

    private int bodyLength() {
        return (int) FileInput.u32(head, 4, bigEndian) - 12;
    }

    private void readInterface(long start, byte[] b) throws IOException {
        int len = bodyLength();
        if (len < 8) {
            throw new PcapFormatException(start, "interface description block too short: " + len);
        }
        int linkType = FileInput.u16(b, 0, bigEndian);
        long snaplen = FileInput.u32(b, 4, bigEndian);
        TimestampResolution resolution = TimestampResolution.MICROS;
        long offsetSeconds = 0;
        int p = 8;
        while (p + 4 <= len) {
            int code = FileInput.u16(b, p, bigEndian);
            int optLen = FileInput.u16(b, p + 2, bigEndian);
            if (code == OPT_ENDOFOPT) {
                break;
            }
            if (p + 4 + optLen > len) {
                throw new PcapFormatException(start + 8 + p, "interface option " + code
                        + " of length " + optLen + " runs past the end of its block");
            }
            if (code == IF_TSRESOL) {
                if (optLen != 1) {
                    throw new PcapFormatException(start + 8 + p,
                            "if_tsresol option has length " + optLen + ", not 1");
                }
                resolution = TimestampResolution.fromOption(b[p + 4] & 0xff);
                if (resolution == null) {
                    throw new PcapFormatException(start + 8 + p,
                            "if_tsresol 0x" + Integer.toHexString(b[p + 4] & 0xff) + " is too fine");
                }
            } else if (code == IF_TSOFFSET) {
                if (optLen != 8) {
                    throw new PcapFormatException(start + 8 + p,
                            "if_tsoffset option has length " + optLen + ", not 8");
                }
                offsetSeconds = FileInput.u64(b, p + 4, bigEndian);
            }
            p += 4 + ((optLen + 3) & ~3);
        }
        interfaces.add(new Interface(linkType, snaplen, resolution, offsetSeconds));
    }

    private Interface interfaceAt(long start, long id) throws PcapFormatException {
        if (id >= interfaces.size()) {
            throw new PcapFormatException(start, "packet for interface " + id + ", but the section"
                    + " describes " + interfaces.size() + " interface(s)");
        }
        return interfaces.get((int) id);
    }

    private PcapRecord enhancedPacket(long start, byte[] b) throws IOException {
        int len = bodyLength();
        if (len < 20) {
            throw new PcapFormatException(start, "enhanced packet block too short: " + len);
        }
        int id = (int) Math.min(FileInput.u32(b, 0, bigEndian), Integer.MAX_VALUE);
        return timedPacket(start, b, len, id, 4, "enhanced packet block");
    }

    private PcapRecord obsoletePacket(long start, byte[] b) throws IOException {
        int len = bodyLength();
        if (len < 20) {
            throw new PcapFormatException(start, "packet block too short: " + len);
        }
        return timedPacket(start, b, len, FileInput.u16(b, 0, bigEndian), 4, "packet block");
    }

    /**
     * The layout shared by the enhanced and the obsolete packet block from {@code at}: timestamp
     * high and low words, captured length, original length, data.
     */
    private PcapRecord timedPacket(long start, byte[] b, int len, int id, int at, String what)
            throws IOException {
        Interface itf = interfaceAt(start, id);
        long units = (FileInput.u32(b, at, bigEndian) << 32) | FileInput.u32(b, at + 4, bigEndian);
        long caplen = FileInput.u32(b, at + 8, bigEndian);
        long origlen = FileInput.u32(b, at + 12, bigEndian);
        int dataAt = at + 16;
        if (caplen > len - dataAt) {
            throw new PcapFormatException(start, what + " captured length " + caplen
                    + " runs past the end of its block (" + (len - dataAt) + " bytes of data)");
        }
        if (caplen > Limits.MAX_CAPTURED) {
            throw new PcapFormatException(start, what + " captured length " + caplen
                    + " is larger than the maximum of " + Limits.MAX_CAPTURED);
        }
        byte[] data = new byte[(int) caplen];
        System.arraycopy(b, dataAt, data, 0, data.length);
        long seconds = itf.resolution().seconds(units) + itf.offsetSeconds();
        int nanos = itf.resolution().nanos(units);
        return new PcapRecord(itf.linkType(), seconds, nanos, origlen, data, id);
    }

    private PcapRecord simplePacket(long start, byte[] b) throws IOException {
        int len = bodyLength();
        if (len < 4) {
            throw new PcapFormatException(start, "simple packet block too short: " + len);
        }
        Interface itf = interfaceAt(start, 0);
        long origlen = FileInput.u32(b, 0, bigEndian);
        // The block does not say how much was captured: what is there, no more than the packet's
        // length and the interface's snaplen.
        long caplen = Math.min(origlen, len - 4);
        if (itf.snaplen() != 0) {
            caplen = Math.min(caplen, itf.snaplen());
        }
        byte[] data = new byte[(int) caplen];
        System.arraycopy(b, 4, data, 0, data.length);
        return new PcapRecord(itf.linkType(), 0, 0, origlen, data, 0);
    }
}
