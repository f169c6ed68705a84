package org.epcap.flow.tcp;

/**
 * Which end of a connection sent the bytes of a direction. The client is the end that sent the
 * SYN when the handshake was seen, else the source of the first segment seen (as Wireshark's
 * "Follow TCP Stream" decides it); the server is the other end.
 */
public enum Side {
    /** Bytes from the client to the server. */
    CLIENT,
    /** Bytes from the server to the client. */
    SERVER;

    /** The other side. */
    public Side other() {
        return this == CLIENT ? SERVER : CLIENT;
    }
}
