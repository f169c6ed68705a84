package org.epcap.sniff;

/** How a report adds the whole captured packet (the seed's {@code format} option). */
public enum PacketFormat {
    /** Not at all: headers and payload only. */
    NONE,
    /** As hex: rows of 16 bytes in text, one hex string in JSON. */
    HEX,
    /** As the list of byte values, as the seed's Erlang binary: {@code <<69,0,0,84,...>>}. */
    BINARY
}
