package org.epcap.pkt;

import java.util.Map;

/**
 * One decoded protocol header: an immutable value that encodes back to the exact bytes it was
 * decoded from.
 *
 * <p>Every protocol of the codec is a record implementing this interface, and only those: the
 * interface is sealed, so the kinds of header are the codec's to name. {@link #layer()} is the
 * name of the Erlang {@code pkt} record ({@code "ether"}, {@code "802.1q"}, {@code "ipv4"}, …),
 * which the sniff tool prints as a section name; {@link #fields()} gives the header's main fields
 * under the snake_case names of that record, for reports. {@link #next()} names what follows the
 * header; {@link Pkt#decode} walks a packet by it.
 *
 * <pre>{@code
 * Decoded d = Pkt.decode(DataLinkType.EN10MB, frame);
 * for (Header h : d.headers()) System.out.println(h.layer() + " " + h.fields());
 * byte[] again = d.headers().get(0).encode();   // the Ethernet header's 14 bytes
 * d.headers().get(0).next();                      // Layer.IPV4 for an IPv4 frame
 * }</pre>
 */
public sealed interface Header permits Arp, Dhcp, Dns, Dtls, Eapol, Ether, Geneve, Gre, GtpU, Http, Icmp, Icmp6, Igmp,
        Ipv4,
        Ipv6, Ipv6Ah, Ipv6DestinationOptions, Ipv6Esp, Ipv6Fragment, Ipv6HopByHop, Ipv6Routing, LinuxCooked, LinuxCooked2,
        Llc, Lldp, Mpls, Ntp, Null, Quic, Sctp, Tcp, Tls, Udp, Vlan, Vrrp, Vxlan {

    /** The name of this header's layer as the Erlang pkt record names it, e.g. {@code "ipv4"}. */
    String layer();

    /**
     * What follows this header, read from its own fields alone (an ether type, a protocol number,
     * a fragment offset): the next decoder, or {@link Layer#PAYLOAD} / {@link Layer#NONE} when
     * no header follows.
     */
    Layer next();

    /** The number of bytes {@link #encodeTo} writes. */
    int encodedLength();

    /**
     * Writes this header at {@code offset} of {@code dst}.
     *
     * @return the offset just past the bytes written
     */
    int encodeTo(byte[] dst, int offset);

    /** This header's bytes, exactly as they would appear on the wire. */
    default byte[] encode() {
        byte[] out = new byte[encodedLength()];
        encodeTo(out, 0);
        return out;
    }

    /**
     * The main fields in report order under their pkt snake_case names. Values are {@link Number},
     * {@link String}, {@link Boolean} or {@link java.util.List} of those; addresses are their usual
     * text. Not for hot loops: it allocates.
     */
    Map<String, Object> fields();

    /**
     * Hands {@link #fields()} to {@code visitor} one by one, in the same order with the same
     * values, where the header can without building the map (the JSON report's hot loop).
     *
     * <pre>{@code
     * header.forEachField((name, value) -> System.out.println(name + ": " + value));
     * }</pre>
     */
    default void forEachField(FieldVisitor visitor) {
        for (Map.Entry<String, Object> e : fields().entrySet()) {
            visitor.field(e.getKey(), e.getValue());
        }
    }
}
