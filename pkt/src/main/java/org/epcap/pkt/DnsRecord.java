package org.epcap.pkt;

/**
 * One DNS resource record of an answer, authority or additional section: owner name, type, class,
 * TTL, the RDATA bytes and their typed reading.
 *
 * <p>For OPT (EDNS0, RFC 6891) the class is the requestor's UDP payload size and the TTL holds
 * the extended RCODE, version and flags: {@link #udpPayloadSize()}, {@link #ednsVersion()},
 * {@link #dnssecOk()} read them.
 *
 * <pre>{@code
 * DnsRecord rr = dns.answers().get(0);
 * rr.name();          // "www.example.com"
 * rr.type();          // DnsType.A
 * rr.data();          // DnsData.A[address=192.0.2.1]
 * }</pre>
 *
 * @param name     owner name, presentation form ({@code "."} for the root)
 * @param type     0–65535, see {@link DnsType}
 * @param dnsClass 0–65535 (the top bit is mDNS's cache-flush bit)
 * @param ttl      0–2³²−1 as carried
 * @param rdata    the RDATA bytes (a view of the packet)
 * @param data     their typed reading
 */
public record DnsRecord(String name, int type, int dnsClass, long ttl, Bytes rdata, DnsData data) {
    public DnsRecord {
        Wire.notNull("name", name);
        Wire.check("type", type, 0xffff);
        Wire.check("dnsClass", dnsClass, 0xffff);
        Wire.check("ttl", ttl, 0xffff_ffffL);
        Wire.notNull("rdata", rdata);
        Wire.notNull("data", data);
    }

    /** OPT: the largest UDP payload the sender can reassemble (the class field). */
    public int udpPayloadSize() {
        return dnsClass;
    }

    /** OPT: the EDNS version (the TTL's second byte). */
    public int ednsVersion() {
        return (int) (ttl >>> 16) & 0xff;
    }

    /** OPT: the DO bit (DNSSEC answers wanted). */
    public boolean dnssecOk() {
        return (ttl & 0x8000) != 0;
    }

    /** {@code "example.com 300 A 192.0.2.1"}, as a zone file line without the class when it is IN. */
    public String text() {
        if (type == DnsType.OPT) {
            return "OPT udp=" + udpPayloadSize() + " version=" + ednsVersion() + (dnssecOk() ? " do" : "")
                    + (rdata.isEmpty() ? "" : " " + data.text());
        }
        return name + " " + ttl + (dnsClass == 1 ? "" : " CLASS" + dnsClass) + " " + DnsType.name(type) + " "
                + data.text();
    }
}
