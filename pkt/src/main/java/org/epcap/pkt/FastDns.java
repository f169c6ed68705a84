package org.epcap.pkt;

/**
 * A whole DNS message read in place, for hot loops: a cursor over the questions and the answer,
 * authority and additional records that creates nothing. One instance is reused message after
 * message: {@link #reset} reads the header, each {@link #next} moves to the next entry, and the
 * getters read the current one; names are written into the caller's buffer. This is the
 * allocation-free counterpart of {@link Dns} (the record path), as {@link FastDecoder} is of
 * {@link Pkt#decode}, and the idea of gopacket's {@code layers.DNS} under a
 * {@code DecodingLayerParser}. Not thread-safe: one per thread.
 *
 * <pre>{@code
 * FastDecoder d = new FastDecoder();
 * FastDns dns = new FastDns();
 * byte[] name = new byte[FastDns.MAX_NAME];
 * int layers = d.decode(frame, 0, frame.length);
 * if ((layers & FastDecoder.UDP) != 0 && d.sourcePort() == 53
 *         && dns.reset(frame, d.payloadOffset(), d.payloadLength())) {
 *     while (dns.next()) {
 *         if (dns.section() == FastDns.ANSWER && dns.type() == DnsType.A) {
 *             int n = dns.name(name);                 // the owner, e.g. "example.com"
 *             int address = dns.address4();           // 192.0.2.1 as 0xc0000201
 *         }
 *     }
 *     if (dns.malformed()) malformedMessages++;
 * }
 * }</pre>
 *
 * <p>Names are written as {@link FastNames} writes them: their bytes with dots between labels,
 * no escaping, no final dot, the root empty. They are read with the record path's bounds
 * against hostile messages: at most {@value DnsReader#MAX_POINTERS} compression pointers and
 * 255 wire bytes a name; a name that breaks them, or a reserved label type, reads as -1. An
 * entry that does not fit in the message ends the walk: {@link #next} returns false and
 * {@link #malformed} true. Nothing outside {@code buf[off, off+len)} is read.
 */
public final class FastDns {
    /** Room for any name: 255 wire bytes give at most 253 bytes of text. */
    public static final int MAX_NAME = FastNames.MAX_NAME;
    public static final int QUESTION = 0;
    public static final int ANSWER = 1;
    public static final int AUTHORITY = 2;
    public static final int ADDITIONAL = 3;

    private static final int NO_DATA = -1;

    private byte[] buf;
    private int start;
    private int end;
    private int id;
    private int flags;
    private final int[] counts = new int[4];
    private int section;
    private int leftInSection;
    private int pos;
    private boolean malformed;
    private int nameOffset;
    private int type;
    private int dnsClass;
    private long ttl;
    private int dataOffset;
    private int dataLength;

    /**
     * Starts reading the message in {@code buf[off, off+len)}: its header, and the cursor before
     * the first entry. False when the 12-byte header does not fit (then {@link #next} is false).
     */
    public boolean reset(byte[] buf, int off, int len) {
        this.buf = buf;
        int limit = Math.min(off + len, buf.length);
        section = QUESTION;
        leftInSection = 0;
        nameOffset = NO_DATA;
        dataOffset = NO_DATA;
        dataLength = 0;
        type = 0;
        dnsClass = 0;
        ttl = 0;
        if (off < 0 || len < Dns.HEADER_LENGTH || limit - off < Dns.HEADER_LENGTH) {
            start = 0;
            end = 0;
            counts[0] = counts[1] = counts[2] = counts[3] = 0;
            malformed = true;
            return false;
        }
        start = off;
        end = limit;
        id = Wire.u16(buf, off);
        flags = Wire.u16(buf, off + 2);
        for (int i = 0; i < 4; i++) {
            counts[i] = Wire.u16(buf, off + 4 + 2 * i);
        }
        leftInSection = counts[QUESTION];
        pos = off + Dns.HEADER_LENGTH;
        malformed = false;
        return true;
    }

    /**
     * Moves to the next question or record; false when the counts are met, or when the next
     * entry does not fit (then {@link #malformed} is true). Bytes after the last entry are not
     * read.
     */
    public boolean next() {
        while (leftInSection == 0) {
            if (section == ADDITIONAL || malformed || end == 0) {
                return noEntry();
            }
            leftInSection = counts[++section];
        }
        int afterName = skipName(pos);
        int fixed = section == QUESTION ? 4 : 10;
        if (afterName < 0 || afterName + fixed > end) {
            return fail();
        }
        nameOffset = pos;
        type = Wire.u16(buf, afterName);
        dnsClass = Wire.u16(buf, afterName + 2);
        if (section == QUESTION) {
            ttl = 0;
            dataOffset = NO_DATA;
            dataLength = 0;
            pos = afterName + 4;
        } else {
            ttl = Wire.u32(buf, afterName + 4) & 0xffffffffL;
            dataLength = Wire.u16(buf, afterName + 8);
            dataOffset = afterName + 10;
            if (dataLength > end - dataOffset) {
                return fail();
            }
            pos = dataOffset + dataLength;
        }
        leftInSection--;
        return true;
    }

    private boolean fail() {
        malformed = true;
        leftInSection = 0;
        return noEntry();
    }

    // After the walk, there is no current entry: its name and data read as -1.
    private boolean noEntry() {
        nameOffset = NO_DATA;
        dataOffset = NO_DATA;
        dataLength = 0;
        return false;
    }

    /** Where the name at {@code p} ends in place (after its zero byte or its pointer), or -1. */
    private int skipName(int p) {
        while (p < end) {
            int c = buf[p] & 0xff;
            if (c == 0) {
                return p + 1;
            }
            if ((c & 0xc0) == 0xc0) {
                return p + 2 <= end ? p + 2 : -1;
            }
            if ((c & 0xc0) != 0) {
                return -1;
            }
            p += 1 + c;
        }
        return -1;
    }

    /**
     * Writes the name at {@code at} into {@code dst}, following pointers anywhere in the message
     * (within the bounds of the class comment), and returns its length, or -1. Within
     * {@code bound} until the first pointer: an RDATA's name may not run past its record.
     */
    private int readName(int at, int bound, byte[] dst) {
        int p = at;
        int pointers = 0;
        int wire = 0;
        int n = 0;
        while (true) {
            // A run of labels in place, up to its zero byte or a pointer: checked label by label,
            // then copied in one piece, its length bytes after the first turned into dots.
            int q = p;
            int c;
            while (true) {
                if (q >= bound) {
                    return -1;
                }
                c = buf[q] & 0xff;
                if (c == 0 || c >= 0x40) {
                    break;
                }
                wire += c + 1;
                if (wire + 1 > MAX_NAME || q + 1 + c > bound) {
                    return -1;
                }
                q += 1 + c;
            }
            if (q > p) {
                if (n > 0) {
                    dst[n++] = '.';
                }
                int run = q - p - 1;
                System.arraycopy(buf, p + 1, dst, n, run);
                for (int r = p + 1 + (buf[p] & 0xff); r < q; r += 1 + (buf[r] & 0xff)) {
                    dst[n + r - p - 1] = '.';
                }
                n += run;
            }
            if (c == 0) {
                return n;
            }
            if (c < 0xc0 || q + 1 >= bound || ++pointers > DnsReader.MAX_POINTERS) {
                return -1; // a reserved label type, a cut pointer, or a loop
            }
            p = start + (((c & 0x3f) << 8) | (buf[q + 1] & 0xff));
            bound = end;
        }
    }

    /** The 16-bit id of the message {@link #reset} read. */
    public int id() {
        return id;
    }

    /** The 16 bits after the id: QR, opcode, AA, TC, RD, RA, Z, AD, CD, RCODE. */
    public int flags() {
        return flags;
    }

    /** True for a response (the QR bit). */
    public boolean isResponse() {
        return (flags & 0x8000) != 0;
    }

    /** The response code in the header (0 NOERROR, 3 NXDOMAIN, …). */
    public int rcode() {
        return flags & 0xf;
    }

    /** How many entries the header announces for {@code section} ({@link #QUESTION} … {@link #ADDITIONAL}). */
    public int count(int section) {
        return counts[section];
    }

    /** The current entry's section: {@link #QUESTION}, {@link #ANSWER}, {@link #AUTHORITY} or {@link #ADDITIONAL}. */
    public int section() {
        return section;
    }

    /** True when the walk stopped at an entry that does not fit, or the header did not. */
    public boolean malformed() {
        return malformed;
    }

    /** The current entry's owner name written into {@code dst} (at least {@link #MAX_NAME} bytes); its length, or -1. */
    public int name(byte[] dst) {
        return nameOffset < 0 ? -1 : readName(nameOffset, end, dst);
    }

    /** The current entry's type ({@link DnsType}: 1 A, 28 AAAA, …). */
    public int type() {
        return type;
    }

    /** The current entry's class (1 IN; mDNS uses the top bit: cache-flush or unicast-response). */
    public int dnsClass() {
        return dnsClass;
    }

    /** The current record's time to live in seconds (0 for a question; an OPT record's extended flags). */
    public long ttl() {
        return ttl;
    }

    /** Where the current record's data starts in the buffer, or -1 for a question. */
    public int dataOffset() {
        return dataOffset;
    }

    /** The current record's data length (0 for a question). */
    public int dataLength() {
        return dataLength;
    }

    /** An A record's address as an int (192.0.2.1 is 0xc0000201), or 0 when the current entry is no 4-byte A record. */
    public int address4() {
        return type == DnsType.A && dataLength == 4 && dataOffset >= 0 ? Wire.u32(buf, dataOffset) : 0;
    }

    /**
     * The name in the current record's data, written into {@code dst}; its length, or -1 when
     * the type has none or it is malformed. CNAME, NS, PTR and DNAME hold one name; MX's follows
     * its preference; SRV's (the target) follows priority, weight and port; SOA's first is the
     * primary server.
     */
    public int dataName(byte[] dst) {
        if (dataOffset < 0) {
            return -1;
        }
        int skip;
        switch (type) {
            case DnsType.CNAME, DnsType.NS, DnsType.PTR, DnsType.DNAME, DnsType.SOA -> skip = 0;
            case DnsType.MX -> skip = 2;
            case DnsType.SRV -> skip = 6;
            default -> {
                return -1;
            }
        }
        int limit = dataOffset + dataLength;
        return dataOffset + skip >= limit ? -1 : readName(dataOffset + skip, limit, dst);
    }
}
