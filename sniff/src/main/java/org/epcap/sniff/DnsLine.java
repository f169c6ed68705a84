package org.epcap.sniff;

import java.util.List;
import org.epcap.pkt.Dns;
import org.epcap.pkt.DnsData;
import org.epcap.pkt.DnsQuestion;
import org.epcap.pkt.DnsRecord;
import org.epcap.pkt.DnsType;

/**
 * tcpdump's one-line summary of a DNS or mDNS message (no {@code -v}), from the codec's
 * {@link Dns} record: a query as {@code 4660+ [1au] A? example.com. (40)}, a response as
 * {@code 4660*- 2/0/1 A 93.184.216.34, RRSIG (227)}, mDNS adding {@code (QM)}, {@code (QU)}
 * and {@code (Cache flush)}. The words, flag marks and tables are tcpdump 4.99's, read off its
 * output; the length in parentheses is the UDP payload's.
 */
final class DnsLine {
    private DnsLine() {
    }

    // tcpdump's words for the opcodes, by number: none for a standard query.
    private static final String[] OPCODES = {"", " inv_q", " stat", " op3", " notify", " update", " op6", " op7",
        " op8", " updateA", " updateD", " updateDA", " updateM", " updateMA", " zoneInit", " zoneRef"};
    // The 4-bit RCODE; 11 to 14 have no name in tcpdump's table.
    private static final String[] RCODES = {"", " FormErr", " ServFail", " NXDomain", " NotImp", " Refused",
        " YXDomain", " YXRRSet", " NXRRSet", " NotAuth", " NotZone", " Resp11", " Resp12", " Resp13", " Resp14",
        " NoChange"};
    private static final int UNSPECA = 104;
    private static final int URI = 256;
    private static final int QU = 0x8000; // mDNS: unicast response asked (question class)
    private static final int CACHE_FLUSH = 0x8000; // mDNS: record class

    /** The summary of {@code dns}, {@code length} the UDP payload's length. */
    static void append(StringBuilder sb, Dns dns, long length, boolean mdns) {
        int f = dns.flags();
        sb.append(dns.id()).append(OPCODES[dns.opcode()]);
        if (dns.isResponse()) {
            response(sb, dns, f, mdns);
        } else {
            query(sb, dns, f, mdns);
        }
        sb.append(" (").append(length).append(')');
    }

    /**
     * tcpdump's DNS over TCP (port 53): a segment that holds exactly one length-prefixed message
     * gets the message's summary after a space; else tcpdump says why not. Its data is
     * {@code data[off, off + captured)} of the {@code length} bytes sent.
     */
    static void afterTcp(StringBuilder sb, byte[] data, int off, int captured, long length) {
        if (length < 2) {
            sb.append(" [DNS over TCP: length ").append(length).append(" < 2] (invalid)");
            return;
        }
        if (captured < 2) {
            sb.append(" [|domain]");
            return;
        }
        int prefix = (data[off] & 0xff) << 8 | (data[off + 1] & 0xff);
        long message = length - 2;
        if (prefix != message) {
            sb.append(" [prefix length(").append(prefix).append(") != length(").append(message).append(")] (invalid)");
            return;
        }
        sb.append(' ');
        if (message < 12) {
            tooShort(sb, message);
            return;
        }
        try {
            append(sb, Dns.decode(data, off + 2, off + captured), message, false);
        } catch (org.epcap.pkt.DecodeException e) {
            // cut by the capture or malformed: tcpdump prints what it read before the mark
            sb.append("[|domain]");
        }
    }

    /** A message shorter than its 12-byte header: tcpdump prints this instead. */
    static void tooShort(StringBuilder sb, long length) {
        sb.append("domain [length ").append(length).append(" < 12] (invalid)");
    }

    private static void query(StringBuilder sb, Dns dns, int f, boolean mdns) {
        if ((f & 0x0100) != 0) sb.append('+');
        if ((f & 0x0010) != 0) sb.append('%');
        if ((f & 0x06cf) != 0) {
            // bits no query should set (AA, TC, Z, RA, RCODE): tcpdump shows the whole word
            sb.append(" [b2&3=0x").append(Integer.toHexString(f)).append(']');
        }
        int qd = dns.questions().size();
        int an = dns.answers().size();
        if (dns.opcode() == 1) { // an inverse query carries an answer, no question
            if (qd > 0) sb.append(" [").append(qd).append("q]");
            if (an != 1) sb.append(" [").append(an).append("a]");
        } else {
            if (an > 0) sb.append(" [").append(an).append("a]");
            if (qd != 1) sb.append(" [").append(qd).append("q]");
        }
        if (!dns.authorities().isEmpty()) sb.append(" [").append(dns.authorities().size()).append("n]");
        if (!dns.additionals().isEmpty()) sb.append(" [").append(dns.additionals().size()).append("au]");
        List<DnsQuestion> qs = dns.questions();
        for (int i = 0; i < qs.size(); i++) {
            DnsQuestion q = qs.get(i);
            sb.append(' ');
            type(sb, q.type());
            int c = mdns ? q.dnsClass() & ~QU : q.dnsClass();
            dnsClass(sb, c);
            if (mdns) {
                sb.append((q.dnsClass() & QU) != 0 ? " (QU)" : " (QM)");
            }
            sb.append("? ");
            name(sb, q.name());
        }
    }

    private static void response(StringBuilder sb, Dns dns, int f, boolean mdns) {
        rcode(sb, dns);
        if ((f & 0x0400) != 0) sb.append('*');
        if ((f & 0x0080) == 0) sb.append('-');
        if ((f & 0x0200) != 0) sb.append('|');
        if ((f & 0x0020) != 0) sb.append('$');
        int qd = dns.questions().size();
        if (qd != 1) {
            sb.append(" [").append(qd).append("q]");
        }
        // tcpdump skips the questions of a response, writing a comma before each but the first
        for (int i = 1; i < qd; i++) {
            sb.append(',');
        }
        sb.append(' ').append(dns.answers().size()).append('/').append(dns.authorities().size()).append('/')
                .append(dns.additionals().size());
        List<DnsRecord> an = dns.answers();
        for (int i = 0; i < an.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            record(sb, an.get(i), mdns);
        }
    }

    // The header's RCODE, extended by an OPT record's upper eight bits (RFC 6891).
    private static void rcode(StringBuilder sb, Dns dns) {
        int rcode = dns.rcode();
        for (DnsRecord rr : dns.additionals()) {
            if (rr.type() == DnsType.OPT) {
                rcode |= (int) (rr.ttl() >>> 24) << 4;
                break;
            }
        }
        if (rcode < RCODES.length) {
            sb.append(RCODES[rcode]);
        } else if (rcode == 16) {
            sb.append(" BadVers");
        } else if (rcode == 23) {
            sb.append(" BadCookie");
        } else {
            // tcpdump's own table leaves the space out before these two
            sb.append(rcode == 17 || rcode == 21 ? "Resp" : " Resp").append(rcode);
        }
    }

    private static void record(StringBuilder sb, DnsRecord rr, boolean mdns) {
        int type = rr.type();
        int c = mdns ? rr.dnsClass() & ~CACHE_FLUSH : rr.dnsClass();
        if (type != DnsType.OPT) {
            dnsClass(sb, c);
        }
        if (mdns && (rr.dnsClass() & CACHE_FLUSH) != 0) {
            sb.append(" (Cache flush)");
        }
        sb.append(' ');
        type(sb, type);
        DnsData data = rr.data();
        if (data instanceof DnsData.A a) {
            int v = a.address().value();
            sb.append(' ').append(v >>> 24).append('.').append(v >>> 16 & 0xff).append('.').append(v >>> 8 & 0xff)
                    .append('.').append(v & 0xff);
        } else if (data instanceof DnsData.Aaaa a) {
            sb.append(' ').append(a.address());
        } else if (data instanceof DnsData.Name n) {
            sb.append(' ');
            name(sb, n.name());
        } else if (data instanceof DnsData.Mx mx) {
            sb.append(' ');
            name(sb, mx.exchange());
            sb.append(' ').append(mx.preference());
        } else if (data instanceof DnsData.Srv srv) {
            sb.append(' ');
            name(sb, srv.target());
            sb.append(':').append(srv.port()).append(' ').append(srv.priority()).append(' ').append(srv.weight());
        } else if (data instanceof DnsData.Txt txt) {
            for (String s : txt.strings()) {
                sb.append(" \"");
                printable(sb, s, 0, s.length());
                sb.append('"');
            }
        } else if (type == URI && rr.rdata().length() >= 4) {
            // RFC 7553: priority, weight, then the target's bytes as text (no length byte)
            org.epcap.pkt.Bytes b = rr.rdata();
            sb.append(' ').append(b.get(0) << 8 | b.get(1)).append(' ').append(b.get(2) << 8 | b.get(3)).append(' ');
            for (int k = 4; k < b.length(); k++) {
                printable(sb, (char) b.get(k));
            }
        } else if (type == UNSPECA) {
            // tcpdump writes the data as text, straight after the type's name
            org.epcap.pkt.Bytes b = rr.rdata();
            for (int k = 0; k < b.length(); k++) {
                printable(sb, (char) b.get(k));
            }
        } else if (data instanceof DnsData.Opt) {
            sb.append(" UDPsize=").append(rr.udpPayloadSize());
            if (rr.dnssecOk()) {
                sb.append(" DO");
            }
        }
    }

    // A name as tcpdump writes it: with its final dot, label bytes as they are (tcpdump escapes
    // none of '.', '\' or space), bytes that are not printable ASCII as ^X or M-x. The codec's
    // presentation form writes such bytes \DDD: they are turned back here.
    private static void name(StringBuilder sb, String name) {
        if (name.equals(".")) {
            sb.append('.');
            return;
        }
        if (name.indexOf('\\') < 0) {
            sb.append(name).append('.');
            return;
        }
        for (int k = 0; k < name.length(); k++) {
            char ch = name.charAt(k);
            if (ch == '\\' && k + 3 < name.length()) {
                printable(sb, (char) ((name.charAt(k + 1) - '0') * 100 + (name.charAt(k + 2) - '0') * 10
                        + (name.charAt(k + 3) - '0')));
                k += 3;
            } else {
                sb.append(ch);
            }
        }
        sb.append('.');
    }

    private static void printable(StringBuilder sb, String s, int from, int to) {
        for (int k = from; k < to; k++) {
            printable(sb, s.charAt(k));
        }
    }

    // tcpdump's way with a byte that is not printable ASCII: M- for the high bit, ^ for control.
    private static void printable(StringBuilder sb, char c) {
        if (c > 0x7f) {
            sb.append("M-");
            c &= 0x7f;
        }
        if (c < 0x20 || c == 0x7f) {
            sb.append('^').append((char) (c ^ 0x40));
        } else {
            sb.append(c);
        }
    }

    private static void dnsClass(StringBuilder sb, int c) {
        switch (c) {
            case 1 -> { }
            case 3 -> sb.append(" CHAOS");
            case 4 -> sb.append(" HS");
            case 255 -> sb.append(" ANY");
            default -> sb.append(" (Class ").append(c).append(')');
        }
    }

    // tcpdump 4.99's type names: 1 to 48, 99 to 104, 249 to 256; others Type<n>.
    private static final String[] LOW = {null, "A", "NS", "MD", "MF", "CNAME", "SOA", "MB", "MG", "MR", "NULL", "WKS",
        "PTR", "HINFO", "MINFO", "MX", "TXT", "RP", "AFSDB", "X25", "ISDN", "RT", "NSAP", "NSAP_PTR", "SIG", "KEY",
        "PX", "GPOS", "AAAA", "LOC", "NXT", "EID", "NIMLOC", "SRV", "ATMA", "NAPTR", "KX", "CERT", "A6", "DNAME",
        "SINK", "OPT", "APL", "DS", "SSHFP", "IPSECKEY", "RRSIG", "NSEC", "DNSKEY"};
    private static final String[] MID = {"SPF", "UINFO", "UID", "GID", "UNSPEC", "UNSPECA"};
    private static final String[] HIGH = {"TKEY", "TSIG", "IXFR", "AXFR", "MAILB", "MAILA", "ANY", "URI"};

    static void type(StringBuilder sb, int t) {
        if (t >= 1 && t < LOW.length) {
            sb.append(LOW[t]);
        } else if (t >= 99 && t < 99 + MID.length) {
            sb.append(MID[t - 99]);
        } else if (t >= 249 && t < 249 + HIGH.length) {
            sb.append(HIGH[t - 249]);
        } else {
            sb.append("Type").append(t);
        }
    }
}
