package org.epcap.flow;

import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.epcap.pkt.TcpFlag;

/**
 * One flow as the table delivers it. The initiator is the source of the flow's first packet
 * (the destination when that packet was a SYN-ACK). For ICMP and ICMPv6 the "ports" are what
 * Community ID uses: the type, and the counter-type of a request/reply pair or else the code;
 * for protocols without ports both are -1.
 *
 * <pre>{@code
 * FlowHandler h = r -> System.out.println(r.toMap());   // {community_id=1:..., proto=6, ...}
 * }</pre>
 *
 * @param communityId     Community ID v1 with the table's seed
 * @param ipVersion       4 or 6
 * @param protocol        the IP protocol (after IPv6 extension headers)
 * @param initiator       initiator's address
 * @param initiatorPort   its port (or ICMP type), -1 without ports
 * @param responder       responder's address
 * @param responderPort   its port (or ICMP counter-type or code), -1 without ports
 * @param outerVlan       the outer VLAN id, -1 without a tag (or when VLANs are not in the key)
 * @param innerVlan       the inner VLAN id, -1 without a second tag
 * @param firstNanos      capture time of the first packet, ns since the epoch
 * @param lastNanos       capture time of the last packet
 * @param initiatorPackets packets from the initiator
 * @param initiatorBytes  IP bytes (IP header and payload, as the IP length says) from the initiator
 * @param responderPackets packets from the responder
 * @param responderBytes  IP bytes from the responder
 * @param initiatorTcpFlags the TCP flags seen from the initiator, ORed (bits of {@link TcpFlag})
 * @param responderTcpFlags the TCP flags seen from the responder
 * @param endReason       why the record was delivered
 */
public record FlowRecord(String communityId, int ipVersion, int protocol, InetAddress initiator, int initiatorPort,
                         InetAddress responder, int responderPort, int outerVlan, int innerVlan, long firstNanos,
                         long lastNanos, long initiatorPackets, long initiatorBytes, long responderPackets,
                         long responderBytes, int initiatorTcpFlags, int responderTcpFlags, EndReason endReason) {

    public Instant first() {
        return Instant.ofEpochSecond(Math.floorDiv(firstNanos, 1_000_000_000L), Math.floorMod(firstNanos, 1_000_000_000L));
    }

    public Instant last() {
        return Instant.ofEpochSecond(Math.floorDiv(lastNanos, 1_000_000_000L), Math.floorMod(lastNanos, 1_000_000_000L));
    }

    /** The fields in snake_case, in the order a report prints them (the codec's convention). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("community_id", communityId);
        m.put("ip_version", ipVersion);
        m.put("protocol", protocol);
        m.put("initiator_address", initiator.getHostAddress());
        m.put("initiator_port", initiatorPort);
        m.put("responder_address", responder.getHostAddress());
        m.put("responder_port", responderPort);
        if (outerVlan >= 0) {
            m.put("vlan", innerVlan >= 0 ? java.util.List.of(outerVlan, innerVlan) : java.util.List.of(outerVlan));
        }
        m.put("first", first().toString());
        m.put("last", last().toString());
        m.put("initiator_packets", initiatorPackets);
        m.put("initiator_bytes", initiatorBytes);
        m.put("responder_packets", responderPackets);
        m.put("responder_bytes", responderBytes);
        if (protocol == 6) {
            m.put("initiator_tcp_flags", TcpFlag.labels(initiatorTcpFlags));
            m.put("responder_tcp_flags", TcpFlag.labels(responderTcpFlags));
        }
        m.put("end_reason", endReason.name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }
}
