package org.epcap.pkt;

/**
 * One entry of a DNS question section. In mDNS (RFC 6762 §5.4) the top bit of the class asks for
 * a unicast response; {@code dnsClass} keeps all 16 bits as carried.
 *
 * @param name     presentation form without the final dot, {@code "."} for the root
 * @param type     0–65535, see {@link DnsType}
 * @param dnsClass 0–65535 (1: IN)
 */
public record DnsQuestion(String name, int type, int dnsClass) {
    public DnsQuestion {
        Wire.notNull("name", name);
        Wire.check("type", type, 0xffff);
        Wire.check("dnsClass", dnsClass, 0xffff);
    }

    /** {@code "example.com A"}, with the class when it is not IN. */
    public String text() {
        return name + " " + DnsType.name(type) + (dnsClass == 1 ? "" : " CLASS" + dnsClass);
    }
}
