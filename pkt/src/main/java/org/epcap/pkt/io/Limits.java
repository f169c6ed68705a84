package org.epcap.pkt.io;

/** Bounds that keep a corrupt length field from turning into a huge allocation. */
final class Limits {
    /** libpcap's largest snaplen (MAXIMUM_SNAPLEN), which is also Wireshark's usual packet limit. */
    static final int MAX_SNAPLEN = 262_144;

    /** The largest captured length accepted: the largest snaplen plus a margin for odd writers. */
    static final int MAX_CAPTURED = MAX_SNAPLEN + 64 * 1024;

    /** The largest pcapng block read into memory: a packet at the limit plus room for options. */
    static final int MAX_BLOCK = MAX_CAPTURED + 64 * 1024;

    private Limits() {
    }
}
