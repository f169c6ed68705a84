package org.epcap.pkt;

import java.util.List;

/**
 * The typed reading of a DNS resource record's RDATA, by the record's type: one record type per
 * layout. Types without a layout here, and every type whose layout the codec does not model, are
 * {@link Raw}. The RDATA bytes themselves stay in {@link DnsRecord#rdata()}, so a reading never
 * loses anything.
 *
 * <pre>{@code
 * for (DnsRecord rr : dns.answers()) {
 *     if (rr.data() instanceof DnsData.A a) System.out.println(rr.name() + " " + a.address());
 *     if (rr.data() instanceof DnsData.Mx mx) System.out.println(mx.preference() + " " + mx.exchange());
 * }
 * }</pre>
 */
public sealed interface DnsData {

    /** Presentation text (as in a zone file) for reports. */
    String text();

    /** Type 1. */
    record A(Ip4Address address) implements DnsData {
        public String text() {
            return address.toString();
        }
    }

    /** Type 28. */
    record Aaaa(Ip6Address address) implements DnsData {
        public String text() {
            return address.toString();
        }
    }

    /** A single domain name: NS (2), CNAME (5), PTR (12), DNAME (39). */
    record Name(String name) implements DnsData {
        public String text() {
            return name;
        }
    }

    /** Type 15. */
    record Mx(int preference, String exchange) implements DnsData {
        public String text() {
            return preference + " " + exchange;
        }
    }

    /** Type 16: one or more character strings, as Latin-1 text. */
    record Txt(List<String> strings) implements DnsData {
        /** Each string in quotes, bytes that are not printable ASCII as {@code \DDD}. */
        public String text() {
            StringBuilder sb = new StringBuilder();
            for (String s : strings) {
                sb.append(sb.isEmpty() ? "\"" : " \"").append(Wire.printable(s).replace("\"", "\\\"")).append('"');
            }
            return sb.toString();
        }
    }

    /** Type 6. */
    record Soa(String mname, String rname, long serial, long refresh, long retry, long expire, long minimum)
            implements DnsData {
        public String text() {
            return mname + " " + rname + " " + serial + " " + refresh + " " + retry + " " + expire + " " + minimum;
        }
    }

    /** Type 33 (RFC 2782). */
    record Srv(int priority, int weight, int port, String target) implements DnsData {
        public String text() {
            return priority + " " + weight + " " + port + " " + target;
        }
    }

    /**
     * Type 41, EDNS0 (RFC 6891): the options. The requestor's UDP payload size, the extended RCODE,
     * version and DO bit live in the record's class and TTL: see {@link DnsRecord}.
     */
    record Opt(List<Option> options) implements DnsData {
        public String text() {
            StringBuilder sb = new StringBuilder();
            for (Option o : options) {
                sb.append(sb.isEmpty() ? "" : " ").append(o.code()).append(':').append(o.data().toHex());
            }
            return sb.toString();
        }
    }

    /** One EDNS0 option or SVCB parameter: its code (key) and raw value. */
    record Option(int code, Bytes data) {
    }

    /** SVCB (64) and HTTPS (65) (RFC 9460): priority, target and the parameters as key and raw value. */
    record Svcb(int priority, String target, List<Option> parameters) implements DnsData {
        public String text() {
            StringBuilder sb = new StringBuilder().append(priority).append(' ').append(target);
            for (Option p : parameters) {
                sb.append(" key").append(p.code()).append('=').append(p.data().toHex());
            }
            return sb.toString();
        }
    }

    /** Type 257 (RFC 8659). */
    record Caa(int flags, String tag, Bytes value) implements DnsData {
        public String text() {
            return flags + " " + Wire.printable(tag) + " \""
                    + Wire.printable(new String(value.toArray(), java.nio.charset.StandardCharsets.ISO_8859_1)) + "\"";
        }
    }

    /** Any other type: the RDATA bytes, unread. */
    record Raw(Bytes data) implements DnsData {
        public String text() {
            return data.toHex();
        }
    }

    /**
     * Reads RDATA of {@code type} from the cursor, which must end exactly at {@code end}: a typed
     * reading that does not is a malformed record.
     */
    static DnsData read(DnsReader r, int type, int end) {
        int length = end - r.pos;
        DnsData d = switch (type) {
            case DnsType.A -> {
                exact(r, length, 4, type);
                yield new A(Ip4Address.read(r.b, r.pos));
            }
            case DnsType.AAAA -> {
                exact(r, length, 16, type);
                yield new Aaaa(Ip6Address.read(r.b, r.pos));
            }
            case DnsType.NS, DnsType.CNAME, DnsType.PTR, DnsType.DNAME -> new Name(r.name(end));
            case DnsType.MX -> new Mx(r.u16(), r.name(end));
            case DnsType.TXT -> {
                Object[] strings = new Object[1];
                int n = 0;
                while (r.pos < end) {
                    if (n == strings.length) {
                        strings = java.util.Arrays.copyOf(strings, n * 2);
                    }
                    strings[n++] = r.characterString();
                }
                yield new Txt(ArrayViewList.own(strings, n));
            }
            case DnsType.SOA -> new Soa(r.name(end), r.name(end), r.u32(), r.u32(), r.u32(), r.u32(), r.u32());
            case DnsType.SRV -> new Srv(r.u16(), r.u16(), r.u16(), r.name(end));
            case DnsType.OPT -> new Opt(options(r, end));
            case DnsType.SVCB, DnsType.HTTPS -> new Svcb(r.u16(), r.name(end), options(r, end));
            case DnsType.CAA -> {
                int flags = r.u8();
                int tagLength = r.u8();
                r.need(tagLength);
                String tag = new String(r.b, r.pos, tagLength, java.nio.charset.StandardCharsets.ISO_8859_1);
                r.pos += tagLength;
                if (r.pos > end) {
                    throw r.malformed("CAA tag past the RDATA");
                }
                yield new Caa(flags, tag, r.bytes(end - r.pos));
            }
            default -> new Raw(r.bytes(length));
        };
        if (type == DnsType.A || type == DnsType.AAAA) {
            r.pos = end;
        }
        if (r.pos != end) {
            throw r.malformed(DnsType.name(type) + " RDATA of " + length + " bytes read as "
                    + (r.pos - (end - length)));
        }
        return d;
    }

    private static void exact(DnsReader r, int length, int want, int type) {
        if (length != want) {
            throw r.malformed(DnsType.name(type) + " RDATA of " + length + " bytes, not " + want);
        }
    }

    /** (code, length, value) triples up to {@code end}, as EDNS0 options and SVCB parameters are laid out. */
    private static List<Option> options(DnsReader r, int end) {
        if (r.pos >= end) {
            return ArrayViewList.empty();
        }
        Object[] out = new Object[2];
        int count = 0;
        while (r.pos < end) {
            int code = r.u16();
            int n = r.u16();
            if (n > end - r.pos) {
                throw r.malformed("option " + code + " of " + n + " bytes past the RDATA");
            }
            if (count == out.length) {
                out = java.util.Arrays.copyOf(out, count * 2);
            }
            out[count++] = new Option(code, r.bytes(n));
        }
        return ArrayViewList.own(out, count);
    }
}
