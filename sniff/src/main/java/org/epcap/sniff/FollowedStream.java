package org.epcap.sniff;

import org.epcap.flow.tcp.Side;

/**
 * One TCP stream that {@code --follow} prints: its index and endpoints, and its block's text
 * formatted and held until the block is printed. Attached to its
 * {@link org.epcap.flow.tcp.TcpConnection}.
 */
final class FollowedStream {
    /** tcp.stream: the order in which streams were first seen, from 0. */
    final long index;
    /** The client and the server, as {@code address:port}. */
    final String client;
    final String server;
    /**
     * Node 0, whose lines are not indented: as in tshark, the side whose bytes came first (the
     * client when none came); null until then.
     */
    Side node0;
    /** The block's text not yet printed: its header, then its chunks and gap lines. */
    final StringBuilder held = new StringBuilder();
    /** How much of {@link #held} is the header (a block with nothing more is not worth splitting). */
    int headerLength;
    /** Where the next chunk of the client's and of the server's direction starts in its stream. */
    long clientPosition;
    long serverPosition;
    /** Directions ended so far: the stream is complete at 2. */
    int endedSides;
    /** Blocks of it printed before it ended, because the buffer was full. */
    int partsPrinted;

    FollowedStream(long index, String client, String server) {
        this.index = index;
        this.client = client;
        this.server = server;
    }

    /** True when {@code side}'s lines are node 1's, indented. */
    boolean indented(Side side) {
        return side != node0;
    }

    String node(int n) {
        return (n == 0) == (node0 == Side.CLIENT) ? client : server;
    }

    boolean ended() {
        return endedSides == 2;
    }

    /** True when it holds more than its header. */
    boolean holdsData() {
        return held.length() > headerLength;
    }
}
