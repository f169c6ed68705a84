package org.epcap.flow.defrag;

/**
 * What makes fragments parts of one datagram: RFC 791's (source, destination, protocol,
 * identification) for IPv4, RFC 8200's (source, destination, identification) for IPv6 (the
 * protocol is -1 there). IPv4 addresses sit in the low 32 bits of {@code sourceLow} and
 * {@code destinationLow}.
 */
record DatagramKey(int version, long sourceHigh, long sourceLow, long destinationHigh, long destinationLow,
                   int protocol, long identification) {
}
