package org.epcap.flow.tcp;

/**
 * A TCP connection as the reassembler sees it: its endpoints, which of them is the client, its
 * times and per-direction totals. Handlers may {@link #attach} their own state to it (a digest, a
 * parser) instead of keeping a map of their own.
 *
 * <pre>{@code
 * public void onStart(TcpConnection c) {
 *     c.attach(new MyParser(c.client(), c.server()));
 * }
 * public void onData(TcpConnection c, Side side, byte[] data, int offset, int length) {
 *     ((MyParser) c.attachment()).feed(side, data, offset, length);
 * }
 * }</pre>
 */
public final class TcpConnection {
    private final ConnectionKey key;
    private final boolean clientIsA;
    final HalfStream fromClient = new HalfStream(Side.CLIENT);
    final HalfStream fromServer = new HalfStream(Side.SERVER);
    final long firstSeen;
    long lastSeen;
    long closedAt;
    /** True once both directions ended and it lingers in the table's closed part. */
    boolean closed;
    /**
     * {@link #key}'s fields again, here: a lookup compares them without loading the key (one
     * cache miss less per segment). The ports are A's above B's.
     */
    private final long keyAHigh;
    private final long keyALow;
    private final long keyBHigh;
    private final long keyBLow;
    private final long keyPorts;
    private final boolean keyV6;
    /** The table's hash of {@link #key} and whether the table's index holds it. */
    final int hash;
    boolean indexed;
    /** Links in the table's list (open: least recently seen first; closed: oldest end first). */
    TcpConnection olderSeen;
    TcpConnection newerSeen;
    long heldCost;
    /** Links in the reassembler's list of connections holding data, oldest holder first. */
    TcpConnection olderHolder;
    TcpConnection newerHolder;
    private Object attachment;

    TcpConnection(ConnectionKey key, int hash, boolean clientIsA, long now) {
        this.key = key;
        this.hash = hash;
        this.keyAHigh = key.aHigh();
        this.keyALow = key.aLow();
        this.keyBHigh = key.bHigh();
        this.keyBLow = key.bLow();
        this.keyPorts = ((long) key.aPort() << 32) | (key.bPort() & 0xffff_ffffL);
        this.keyV6 = key.ipv6();
        this.clientIsA = clientIsA;
        this.firstSeen = now;
        this.lastSeen = now;
    }

    /** True when this is the connection of these key fields (endpoint A first). */
    boolean matches(boolean v6, long aHigh, long aLow, int aPort, long bHigh, long bLow, int bPort) {
        return keyALow == aLow && keyBLow == bLow && keyPorts == (((long) aPort << 32) | (bPort & 0xffff_ffffL))
                && keyAHigh == aHigh && keyBHigh == bHigh && keyV6 == v6;
    }

    /** The direction whose bytes a segment from endpoint A ({@code fromA}) or B carries. */
    HalfStream sentBy(boolean fromA) {
        return fromA == clientIsA ? fromClient : fromServer;
    }

    HalfStream of(Side side) {
        return side == Side.CLIENT ? fromClient : fromServer;
    }

    boolean bothEnded() {
        return fromClient.ended != null && fromServer.ended != null;
    }

    /** Its addresses and ports, the same for both directions. */
    public ConnectionKey key() {
        return key;
    }

    /** The client as {@code address:port}. */
    public String client() {
        return clientIsA ? key.a() : key.b();
    }

    /** The server as {@code address:port}. */
    public String server() {
        return clientIsA ? key.b() : key.a();
    }

    /** True when the client is endpoint A of {@link #key()}. */
    public boolean clientIsA() {
        return clientIsA;
    }

    /** Packet time of its first segment, nanoseconds since the epoch. */
    public long firstSeenNanos() {
        return firstSeen;
    }

    /** Packet time of its last segment. */
    public long lastSeenNanos() {
        return lastSeen;
    }

    /** Bytes of {@code side} delivered so far. */
    public long bytesDelivered(Side side) {
        return of(side).delivered;
    }

    /** Bytes of {@code side} skipped as gaps so far. */
    public long bytesSkipped(Side side) {
        return of(side).skipped;
    }

    /** Why {@code side}'s direction ended, or null while it is open. */
    public EndReason endReason(Side side) {
        return of(side).ended;
    }

    /** The handler's own state for this connection, or null. */
    public Object attachment() {
        return attachment;
    }

    /** Keeps {@code state} with this connection for the handler. */
    public void attach(Object state) {
        this.attachment = state;
    }

    @Override
    public String toString() {
        return client() + " -> " + server();
    }
}
