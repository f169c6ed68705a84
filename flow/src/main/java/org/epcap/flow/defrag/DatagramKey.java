package org.epcap.flow.defrag;

/**
 * What makes fragments parts of one datagram: RFC 791's (source, destination, protocol,
 * identification) for IPv4, RFC 8200's (source, destination, identification) for IPv6 (the
 * protocol is -1 there). IPv4 addresses sit in the low 32 bits of {@code sourceLow} and
 * {@code destinationLow}.
 */
record DatagramKey(int version, long sourceHigh, long sourceLow, long destinationHigh, long destinationLow,
                   int protocol, long identification) {

    /** A mix of every field (the identification varies most, so it goes in last and whole). */
    @Override
    public int hashCode() {
        long h = sourceHigh * 0x9e3779b97f4a7c15L + sourceLow;
        h = h * 0x9e3779b97f4a7c15L + destinationHigh;
        h = h * 0x9e3779b97f4a7c15L + destinationLow;
        h = h * 0x9e3779b97f4a7c15L + ((long) version << 40 | (long) (protocol & 0xffff) << 32 | identification);
        h ^= h >>> 29;
        h *= 0xbf58476d1ce4e5b9L;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatagramKey k && identification == k.identification && sourceLow == k.sourceLow
                && destinationLow == k.destinationLow && sourceHigh == k.sourceHigh
                && destinationHigh == k.destinationHigh && protocol == k.protocol && version == k.version;
    }
}
