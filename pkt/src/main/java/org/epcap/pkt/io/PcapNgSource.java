package org.epcap.pkt.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.epcap.pkt.DataLinkType;

/**
 * pcapng files: a sequence of sections, each a Section Header Block (which fixes the byte order)
 * followed by Interface Description Blocks and packet blocks (enhanced, simple and the obsolete
 * packet block). Every other block type is skipped. A block that is read is laid out whole in the
 * input's buffer and parsed there, so a packet's view points into its block.
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
    /** Block type and total length. */
    private static final int BLOCK_HEADER = 8;

    /** One interface of the current section; {@code dataLinkType} is already a DLT. */
    private record Interface(int dataLinkType, long snaplen, TimestampResolution resolution,
                             long offsetSeconds) {
    }

    private final FileInput in;
    private final List<Interface> interfaces = new ArrayList<>();
    private boolean bigEndian;
    /** The block being parsed: the buffer, where its body starts in it, the body's length. */
    private byte[] b;
    private int body;
    private int bodyLength;

    /**
     * Reads the first section header, which starts at the input's position: the caller has
     * only looked at its first four bytes, not consumed them.
     */
    PcapNgSource(FileInput in) throws IOException {
        this.in = in;
        readSectionHeader(in.offset());
    }

    static boolean recognises(byte[] magic) {
        return FileInput.u32(magic, 0, true) == SHB;
    }

    @Override
    public boolean next(RecordView view) throws IOException {
        while (true) {
            long start = in.offset();
            int n = in.require(BLOCK_HEADER);
            if (n == 0) {
                return false;
            }
            if (n < 4) {
                throw new PcapFormatException(start, "truncated block header: " + n + " of 8 bytes");
            }
            int type = (int) FileInput.u32(in.array(), in.position(), bigEndian);
            if (type == SHB) {
                readSectionHeader(start);
                continue;
            }
            if (n < BLOCK_HEADER) {
                throw new PcapFormatException(start, "truncated block header: " + n + " of 8 bytes");
            }
            long total = FileInput.u32(in.array(), in.position() + 4, bigEndian);
            checkTotalLength(start, type, total);
            boolean packet = switch (type) {
                case IDB -> {
                    readInterface(start, readBlock(start, total, "interface description block"));
                    yield false;
                }
                case EPB -> enhancedPacket(start, readBlock(start, total, "enhanced packet block"), view);
                case SPB -> simplePacket(start, readBlock(start, total, "simple packet block"), view);
                case OPB -> obsoletePacket(start, readBlock(start, total, "packet block"), view);
                default -> {
                    skipBlock(start, total);
                    yield false;
                }
            };
            if (packet) {
                return true;
            }
        }
    }

    /** Reads a section header block starting at the input's position. */
    private void readSectionHeader(long start) throws IOException {
        int n = in.require(12);
        if (n < 12) {
            throw new PcapFormatException(start, "truncated section header block: needs 12 bytes,"
                    + " only " + n + " left in the file");
        }
        byte[] h = in.array();
        int at = in.position();
        long bom = FileInput.u32(h, at + 8, true);
        if (bom == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (bom == (Integer.reverseBytes(BYTE_ORDER_MAGIC) & 0xffffffffL)) {
            bigEndian = false;
        } else {
            throw new PcapFormatException(start + 8,
                    "section header block has no byte-order magic (" + Long.toHexString(bom) + ")");
        }
        long total = FileInput.u32(h, at + 4, bigEndian);
        if (total < MIN_SHB) {
            throw new PcapFormatException(start,
                    "section header block length " + total + " is less than " + MIN_SHB);
        }
        checkTotalLength(start, SHB, total);
        int from = readBlock(start, total, "section header block");
        int major = FileInput.u16(b, from + 4, bigEndian);
        int minor = FileInput.u16(b, from + 6, bigEndian);
        if (major != 1) {
            throw new PcapFormatException(start + 12,
                    "unsupported pcapng version " + major + "." + minor);
        }
        interfaces.clear();
    }

    /** Checks a block's length against the format and what is left of the file. */
    private void checkTotalLength(long start, int type, long total) throws IOException {
        if (total < MIN_BLOCK || total % 4 != 0) {
            throw new PcapFormatException(start, "block of type 0x" + Integer.toHexString(type)
                    + " has length " + total + " (less than 12 or not a multiple of 4)");
        }
        if (total > in.remaining()) {
            throw new PcapFormatException(start, "truncated block of type 0x"
                    + Integer.toHexString(type) + ": length " + total + ", only "
                    + in.remaining() + " bytes left in the file");
        }
    }

    /**
     * Lays the whole block out in the input's buffer, checks its trailing length and consumes it.
     * Sets {@link #b}, {@link #body} (after the 8-byte header) and {@link #bodyLength} (without
     * the trailer); the bytes stay valid until the next read.
     *
     * @return {@link #body}
     */
    private int readBlock(long start, long total, String what) throws IOException {
        if (total > Limits.MAX_BLOCK) {
            throw new PcapFormatException(start, what + " length " + total
                    + " is larger than the maximum of " + Limits.MAX_BLOCK);
        }
        int n = in.require((int) total);
        if (n < total) {
            throw new PcapFormatException(start, "truncated " + what + ": needs " + total
                    + " bytes, only " + n + " left in the file");
        }
        b = in.array();
        int at = in.position();
        long trailer = FileInput.u32(b, at + (int) total - 4, bigEndian);
        if (trailer != total) {
            throw new PcapFormatException(start, what + " length " + total
                    + " disagrees with its trailing copy " + trailer);
        }
        body = at + BLOCK_HEADER;
        bodyLength = (int) total - 12;
        in.advance((int) total);
        return body;
    }

    private void skipBlock(long start, long total) throws IOException {
        in.skipFully(total - 4, start, "block");
        int n = in.require(4);
        if (n < 4) {
            throw new PcapFormatException(start, "truncated block trailer: needs 4 bytes, only "
                    + n + " left in the file");
        }
        long trailer = FileInput.u32(in.array(), in.position(), bigEndian);
        if (trailer != total) {
            throw new PcapFormatException(start, "block length " + total
                    + " disagrees with its trailing copy " + trailer);
        }
        in.advance(4);
    }

    private void readInterface(long start, int at) throws IOException {
        int len = bodyLength;
        if (len < 8) {
            throw new PcapFormatException(start, "interface description block too short: " + len);
        }
        int linkType = FileInput.u16(b, at, bigEndian);
        long snaplen = FileInput.u32(b, at + 4, bigEndian);
        TimestampResolution resolution = TimestampResolution.MICROS;
        long offsetSeconds = 0;
        int p = 8;
        while (p + 4 <= len) {
            int code = FileInput.u16(b, at + p, bigEndian);
            int optLen = FileInput.u16(b, at + p + 2, bigEndian);
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
                resolution = TimestampResolution.fromOption(b[at + p + 4] & 0xff);
                if (resolution == null) {
                    throw new PcapFormatException(start + 8 + p,
                            "if_tsresol 0x" + Integer.toHexString(b[at + p + 4] & 0xff) + " is too fine");
                }
            } else if (code == IF_TSOFFSET) {
                if (optLen != 8) {
                    throw new PcapFormatException(start + 8 + p,
                            "if_tsoffset option has length " + optLen + ", not 8");
                }
                offsetSeconds = FileInput.u64(b, at + p + 4, bigEndian);
            }
            p += 4 + ((optLen + 3) & ~3);
        }
        interfaces.add(new Interface(DataLinkType.fromLinkType(linkType), snaplen, resolution,
                offsetSeconds));
    }

    private Interface interfaceAt(long start, long id) throws PcapFormatException {
        if (id >= interfaces.size()) {
            throw new PcapFormatException(start, "packet for interface " + id + ", but the section"
                    + " describes " + interfaces.size() + " interface(s)");
        }
        return interfaces.get((int) id);
    }

    private boolean enhancedPacket(long start, int at, RecordView view) throws IOException {
        if (bodyLength < 20) {
            throw new PcapFormatException(start, "enhanced packet block too short: " + bodyLength);
        }
        int id = (int) Math.min(FileInput.u32(b, at, bigEndian), Integer.MAX_VALUE);
        return timedPacket(start, at, id, "enhanced packet block", view);
    }

    private boolean obsoletePacket(long start, int at, RecordView view) throws IOException {
        if (bodyLength < 20) {
            throw new PcapFormatException(start, "packet block too short: " + bodyLength);
        }
        return timedPacket(start, at, FileInput.u16(b, at, bigEndian), "packet block", view);
    }

    /**
     * The layout shared by the enhanced and the obsolete packet block after the interface id:
     * timestamp high and low words, captured length, original length, data.
     */
    private boolean timedPacket(long start, int at, int id, String what, RecordView view)
            throws IOException {
        Interface itf = interfaceAt(start, id);
        long units = (FileInput.u32(b, at + 4, bigEndian) << 32) | FileInput.u32(b, at + 8, bigEndian);
        long caplen = FileInput.u32(b, at + 12, bigEndian);
        long length = FileInput.u32(b, at + 16, bigEndian);
        int dataAt = 20;
        if (caplen > bodyLength - dataAt) {
            throw new PcapFormatException(start, what + " captured length " + caplen
                    + " runs past the end of its block (" + (bodyLength - dataAt) + " bytes of data)");
        }
        if (caplen > Limits.MAX_CAPTURED) {
            throw new PcapFormatException(start, what + " captured length " + caplen
                    + " is larger than the maximum of " + Limits.MAX_CAPTURED);
        }
        long seconds = itf.resolution().seconds(units) + itf.offsetSeconds();
        int nanos = itf.resolution().nanos(units);
        view.set(itf.dataLinkType(), seconds, nanos, length, b, at + dataAt, (int) caplen, id);
        return true;
    }

    private boolean simplePacket(long start, int at, RecordView view) throws IOException {
        if (bodyLength < 4) {
            throw new PcapFormatException(start, "simple packet block too short: " + bodyLength);
        }
        Interface itf = interfaceAt(start, 0);
        long length = FileInput.u32(b, at, bigEndian);
        // The block does not say how much was captured: what is there, no more than the packet's
        // length and the interface's snaplen.
        long caplen = Math.min(length, bodyLength - 4);
        if (itf.snaplen() != 0) {
            caplen = Math.min(caplen, itf.snaplen());
        }
        view.set(itf.dataLinkType(), 0, 0, length, b, at + 4, (int) caplen, 0);
        return true;
    }
}
