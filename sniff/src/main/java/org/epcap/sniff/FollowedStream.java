package org.epcap.sniff;

/**
 * One TCP stream that {@code --follow} prints: its index and endpoints, and its block's text
 * formatted and held until the block is printed. Attached to its
 * {@link org.epcap.flow.tcp.TcpConnection}.
 */
final class FollowedStream {
    /** tcp.stream: the order in which streams were first seen, from 0. */
    final long index;
    /**
     * The client (node 0: the sender of the SYN, else of the first segment seen, as tshark's node
     * 0 is the source of the stream's first packet) and the server, as {@code address:port}.
     */
    final String client;
    final String server;
    /**
     * The block's text not yet printed: its header, then its chunks and gap lines. Replaced, not
     * emptied, once printed: an emptied buffer would keep its largest capacity.
     */
    TextBytes held = new TextBytes();
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


    boolean ended() {
        return endedSides == 2;
    }

    /** True when it holds more than its header. */
    boolean holdsData() {
        return held.length() > headerLength;
    }
}
