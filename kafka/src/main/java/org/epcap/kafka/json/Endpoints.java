package org.epcap.kafka.json;

/**
 * Who talked to whom in an event: the source is the sender of the message (the DNS query or
 * answer, the hello, the request), the destination its receiver, with the Community ID v1 of
 * their flow (the same ID the flow table gives the flow's record, with the same seed).
 *
 * <pre>{@code
 * Endpoints e = event.endpoints();
 * System.out.println(e.sourceIp() + ":" + e.sourcePort() + " -> " + e.destinationIp() + " " + e.communityId());
 * }</pre>
 *
 * @param ipVersion       4 or 6
 * @param protocol        the IP protocol: 6 (TCP) or 17 (UDP)
 * @param sourceIp        the sender's address, canonical text
 * @param sourcePort      the sender's port
 * @param destinationIp   the receiver's address
 * @param destinationPort the receiver's port
 * @param communityId     the flow's Community ID v1
 */
public record Endpoints(int ipVersion, int protocol, String sourceIp, int sourcePort, String destinationIp,
        int destinationPort, String communityId) {
}
