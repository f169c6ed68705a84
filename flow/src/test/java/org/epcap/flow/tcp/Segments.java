package org.epcap.flow.tcp;

/** Feeds code-built segments of one connection (10.0.0.1:40000 client, 10.0.0.2:80 server) to a reassembler. */
final class Segments {
    static final int FIN = TcpReassembler.FIN;
    static final int SYN = TcpReassembler.SYN;
    static final int RST = TcpReassembler.RST;
    static final int ACK = TcpReassembler.ACK;

    final TcpReassembler r;
    final ConnectionKey key;
    final boolean clientIsA;
    final long clientIsn;
    final long serverIsn;
    long time = 1_000_000_000L;

    Segments(TcpReassembler r, int clientPort, long clientIsn, long serverIsn) {
        this.r = r;
        this.key = ConnectionKey.ipv4(0x0a000001, clientPort, 0x0a000002, 80);
        this.clientIsA = key.isA(false, 0, 0x0a000001, clientPort);
        this.clientIsn = clientIsn;
        this.serverIsn = serverIsn;
    }

    Segments(TcpReassembler r) {
        this(r, 40000, 1000, 5000);
    }

    void handshake() {
        client(SYN, -1, new byte[0], 0, 0);
        server(SYN | ACK, -1, new byte[0], 0, 0);
        client(ACK, 0, new byte[0], 0, 0);
    }

    /** A client segment whose payload is {@code data[from, from+len)} at stream offset {@code from}; -1: the SYN's sequence number. */
    void client(int flags, long offset, byte[] data, int from, int len) {
        send(true, flags, offset, data, from, len, len);
    }

    void server(int flags, long offset, byte[] data, int from, int len) {
        send(false, flags, offset, data, from, len, len);
    }

    void send(boolean fromClient, int flags, long offset, byte[] data, int from, int len, int onWire) {
        long isn = fromClient ? clientIsn : serverIsn;
        long peerIsn = fromClient ? serverIsn : clientIsn;
        long seq = (isn + 1 + offset) & 0xffff_ffffL;
        r.acceptSegment(time, key, fromClient == clientIsA, flags, seq, (peerIsn + 1) & 0xffff_ffffL,
                data, from, len, onWire);
        time += 1_000;
    }

    /** A client segment acknowledging the server's stream up to {@code serverOffset}. */
    void clientAck(long serverOffset) {
        r.acceptSegment(time, key, clientIsA, ACK, (clientIsn + 1) & 0xffff_ffffL,
                (serverIsn + 1 + serverOffset) & 0xffff_ffffL, new byte[0], 0, 0, 0);
        time += 1_000;
    }

    void serverAck(long clientOffset) {
        r.acceptSegment(time, key, !clientIsA, ACK, (serverIsn + 1) & 0xffff_ffffL,
                (clientIsn + 1 + clientOffset) & 0xffff_ffffL, new byte[0], 0, 0, 0);
        time += 1_000;
    }

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        java.util.Random rnd = new java.util.Random(seed);
        rnd.nextBytes(b);
        return b;
    }
}
