package org.epcap.pkt;

/**
 * DNS resource record types (IANA "Resource Record (RR) TYPEs") and their mnemonics, as dig and
 * tcpdump print them. A type without a mnemonic here renders {@code TYPE<n>} (RFC 3597).
 *
 * <pre>{@code
 * DnsType.name(28);    // "AAAA"
 * DnsType.name(4711);  // "TYPE4711"
 * }</pre>
 */
public final class DnsType {
    private DnsType() {
    }

    public static final int A = 1;
    public static final int NS = 2;
    public static final int CNAME = 5;
    public static final int SOA = 6;
    public static final int PTR = 12;
    public static final int HINFO = 13;
    public static final int MX = 15;
    public static final int TXT = 16;
    public static final int AAAA = 28;
    public static final int SRV = 33;
    public static final int NAPTR = 35;
    public static final int DNAME = 39;
    public static final int OPT = 41;
    public static final int DS = 43;
    public static final int RRSIG = 46;
    public static final int NSEC = 47;
    public static final int DNSKEY = 48;
    public static final int NSEC3 = 50;
    public static final int SVCB = 64;
    public static final int HTTPS = 65;
    public static final int ANY = 255;
    public static final int CAA = 257;

    /** The mnemonic of {@code type}, or {@code TYPE<n>}. */
    public static String name(int type) {
        return switch (type) {
            case A -> "A";
            case NS -> "NS";
            case CNAME -> "CNAME";
            case SOA -> "SOA";
            case PTR -> "PTR";
            case HINFO -> "HINFO";
            case MX -> "MX";
            case TXT -> "TXT";
            case AAAA -> "AAAA";
            case SRV -> "SRV";
            case NAPTR -> "NAPTR";
            case DNAME -> "DNAME";
            case OPT -> "OPT";
            case DS -> "DS";
            case RRSIG -> "RRSIG";
            case NSEC -> "NSEC";
            case DNSKEY -> "DNSKEY";
            case NSEC3 -> "NSEC3";
            case SVCB -> "SVCB";
            case HTTPS -> "HTTPS";
            case ANY -> "ANY";
            case CAA -> "CAA";
            case 252 -> "AXFR";
            case 251 -> "IXFR";
            default -> "TYPE" + type;
        };
    }
}
