package org.epcap.pkt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DNS message (RFC 1035), as carried over UDP by DNS (port 53), mDNS (5353, RFC 6762) and LLMNR
 * (5355, RFC 4795), which share its layout: the header, the questions and the answer, authority and
 * additional records with their typed data ({@link DnsData}).
 *
 * <p>Names are read with compression and two bounds against hostile messages (see
 * {@link #decode}); every count must be matched by records present, or decoding fails. The
 * message bytes are kept ({@link #message()}): encoding writes them back exactly, and the other
 * components are their reading.
 *
 * <pre>{@code
 * Decoded d = Pkt.decode(DataLinkType.EN10MB, frame);
 * Dns dns = d.header(Dns.class);
 * if (dns != null && !dns.isResponse()) System.out.println(dns.questions().get(0).name());
 * for (DnsRecord rr : dns.answers()) System.out.println(rr.text());   // "example.com 300 A 192.0.2.1"
 * }</pre>
 *
 * @param id          0–65535
 * @param flags       the 16 bits after the id: QR, opcode, AA, TC, RD, RA, Z, AD, CD, RCODE
 * @param questions   the question section
 * @param answers     the answer section
 * @param authorities the authority section
 * @param additionals the additional section (with the OPT record, if any)
 * @param message     the message's bytes as decoded (a view of the packet)
 */
public record Dns(int id, int flags, List<DnsQuestion> questions, List<DnsRecord> answers,
        List<DnsRecord> authorities, List<DnsRecord> additionals, Bytes message) implements Header {

    static final String LAYER = "dns";
    static final int HEADER_LENGTH = 12;

    public Dns {
        Wire.check("id", id, 0xffff);
        Wire.check("flags", flags, 0xffff);
        questions = ArrayViewList.copyOf(Wire.notNull("questions", questions));
        answers = ArrayViewList.copyOf(Wire.notNull("answers", answers));
        authorities = ArrayViewList.copyOf(Wire.notNull("authorities", authorities));
        additionals = ArrayViewList.copyOf(Wire.notNull("additionals", additionals));
        Wire.notNull("message", message);
        if (message.length() < HEADER_LENGTH) {
            throw new IllegalArgumentException("message: at least 12 bytes, got " + message.length());
        }
    }

    /**
     * Decodes the message at {@code offset}; it ends where its last record ends, and bytes after
     * it up to {@code limit} are not read. A name may hold at most {@value DnsReader#MAX_POINTERS}
     * compression pointers and 255 bytes; a pointer may lead anywhere in the message.
     *
     * @throws DecodeException when the bytes run out before the counts are met, a name is too long
     *                         or loops, a label type is reserved, or an RDATA does not fit its type
     */
    public static Dns decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, HEADER_LENGTH, limit);
        DnsReader r = new DnsReader(LAYER, packet, offset, limit);
        int id = r.u16();
        int flags = r.u16();
        int qd = r.u16();
        int an = r.u16();
        int ns = r.u16();
        int ar = r.u16();
        List<DnsQuestion> questions = questions(r, qd);
        List<DnsRecord> answers = records(r, an);
        List<DnsRecord> authorities = records(r, ns);
        List<DnsRecord> additionals = records(r, ar);
        return new Dns(id, flags, questions, answers, authorities, additionals,
                Bytes.view(packet, offset, r.pos - offset));
    }

    // The sections are read into arrays sized by their counts while a count is small; a count of
    // up to 65535 with nothing behind it must not reserve room for all of them, so larger counts
    // grow the array as records are actually found.
    private static final int PRESIZE = 16;

    /** {@code out}, or a copy twice as long (at most {@code count}) when it has no slot {@code i}. */
    private static Object[] room(Object[] out, int i, int count) {
        return i < out.length ? out : java.util.Arrays.copyOf(out, Math.min(count, out.length * 2));
    }

    private static List<DnsQuestion> questions(DnsReader r, int count) {
        if (count == 0) {
            return ArrayViewList.empty();
        }
        Object[] out = new Object[Math.min(count, PRESIZE)];
        for (int i = 0; i < count; i++) {
            out = room(out, i, count);
            out[i] = new DnsQuestion(r.name(), r.u16(), r.u16());
        }
        return ArrayViewList.own(out, count);
    }

    private static List<DnsRecord> records(DnsReader r, int count) {
        if (count == 0) {
            return ArrayViewList.empty();
        }
        Object[] out = new Object[Math.min(count, PRESIZE)];
        for (int i = 0; i < count; i++) {
            out = room(out, i, count);
            String name = r.name();
            int type = r.u16();
            int dnsClass = r.u16();
            long ttl = r.u32();
            int length = r.u16();
            r.need(length);
            Bytes rdata = Bytes.view(r.b, r.pos, length);
            DnsData data = DnsData.read(r, type, r.pos + length);
            out[i] = new DnsRecord(name, type, dnsClass, ttl, rdata, data);
        }
        return ArrayViewList.own(out, count);
    }

    /** QR: a response. */
    public boolean isResponse() {
        return (flags & 0x8000) != 0;
    }

    /** 0 query, 1 inverse query, 2 status, 4 notify, 5 update. */
    public int opcode() {
        return (flags >>> 11) & 0xf;
    }

    /** The 4-bit RCODE of the header (an OPT record extends it). */
    public int rcode() {
        return flags & 0xf;
    }

    /** TC: the message was truncated by its sender. */
    public boolean truncatedBySender() {
        return (flags & 0x0200) != 0;
    }

    @Override
    public Layer next() {
        return Layer.NONE;
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public int encodedLength() {
        return message.length();
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        return message.copyTo(dst, offset);
    }

    private static final String[] FLAG_NAMES = {"aa", "tc", "rd", "ra", "z", "ad", "cd"};
    private static final int[] FLAG_BITS = {0x0400, 0x0200, 0x0100, 0x0080, 0x0040, 0x0020, 0x0010};

    /**
     * {@code id, qr, opcode, flags, rcode, qdcount, ancount, nscount, arcount, questions, answers,
     * authorities, additionals}; the sections are lists of zone-file-like text.
     */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("qr", isResponse() ? "response" : "query");
        m.put("opcode", opcode());
        List<String> fl = new ArrayList<>(4);
        for (int i = 0; i < FLAG_BITS.length; i++) {
            if ((flags & FLAG_BITS[i]) != 0) {
                fl.add(FLAG_NAMES[i]);
            }
        }
        m.put("flags", fl);
        m.put("rcode", rcode());
        m.put("qdcount", questions.size());
        m.put("ancount", answers.size());
        m.put("nscount", authorities.size());
        m.put("arcount", additionals.size());
        m.put("questions", questions.stream().map(DnsQuestion::text).toList());
        m.put("answers", answers.stream().map(DnsRecord::text).toList());
        m.put("authorities", authorities.stream().map(DnsRecord::text).toList());
        m.put("additionals", additionals.stream().map(DnsRecord::text).toList());
        return m;
    }
}
