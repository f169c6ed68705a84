package org.epcap.flow.quic;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.epcap.pkt.Bytes;
import org.epcap.pkt.DecodeException;
import org.epcap.pkt.Decoded;
import org.epcap.pkt.Header;
import org.epcap.pkt.Ipv4;
import org.epcap.pkt.Ipv6;
import org.epcap.pkt.Quic;
import org.epcap.pkt.TlsHello;
import org.epcap.pkt.Udp;

/**
 * The ClientHello of each QUIC connection, whether it fits in one Initial packet (the codec
 * reads it there, {@link Quic#clientHello()}) or its CRYPTO frames are spread over several, in
 * any order and with retransmissions. Each connection's hello is handed out once.
 *
 * <p>A connection is the client's address and port, the server's, and the client's source
 * connection id: the same in all its Initial packets, also after a Retry (which changes the
 * destination id the client sends to, and makes it send its hello again: not handed out twice).
 * Bounded: at most {@code maxConnections} connections and {@code maxBytesHeld} bytes
 * of unfinished hellos are held, the oldest connection leaving first ({@link #evicted()}); a
 * hello longer than {@code maxHelloBytes} is not read ({@link #tooLarge()}). Not thread-safe.
 *
 * <pre>{@code
 * QuicHelloAssembler hellos = new QuicHelloAssembler();
 * try (PcapReader in = PcapReader.open(Path.of("quic.pcap"))) {
 *     for (PcapRecord r; (r = in.next()) != null; ) {
 *         TlsHello h = hellos.accept(Pkt.decode(r.dataLinkType(), r.data()));
 *         if (h != null) System.out.println(h.serverName() + " " + h.ja4('q'));
 *     }
 * }
 * }</pre>
 */
public final class QuicHelloAssembler {
    /** The defaults: 1024 connections, hellos up to 64 KiB, 4 MiB held in all. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    public static final int DEFAULT_MAX_HELLO_BYTES = 64 * 1024;
    public static final long DEFAULT_MAX_BYTES_HELD = 4L << 20;

    private final int maxConnections;
    private final int maxHelloBytes;
    private final long maxBytesHeld;
    // In the order first seen: eviction takes the oldest.
    private final Map<ByteBuffer, PartialHello> connections = new LinkedHashMap<>();
    private long bytesHeld;
    private long hellos;
    private long assembled;
    private long evicted;
    private long tooLarge;
    private long malformed;

    /** An assembler with the default bounds. */
    public QuicHelloAssembler() {
        this(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_HELLO_BYTES, DEFAULT_MAX_BYTES_HELD);
    }

    /**
     * @param maxConnections connections held at once (finished ones too, so that a retransmitted
     *                       Initial does not give its hello twice)
     * @param maxHelloBytes  the longest hello read (its handshake message: type, length, body)
     * @param maxBytesHeld   bytes of unfinished hellos held in all
     */
    public QuicHelloAssembler(int maxConnections, int maxHelloBytes, long maxBytesHeld) {
        if (maxConnections < 1 || maxHelloBytes < 4 || maxBytesHeld < maxHelloBytes) {
            throw new IllegalArgumentException("bounds: maxConnections >= 1, maxHelloBytes >= 4, maxBytesHeld >= "
                    + "maxHelloBytes; got " + maxConnections + ", " + maxHelloBytes + ", " + maxBytesHeld);
        }
        this.maxConnections = maxConnections;
        this.maxHelloBytes = maxHelloBytes;
        this.maxBytesHeld = maxBytesHeld;
    }

    /**
     * Takes a decoded datagram; returns the ClientHello that its client Initial packets complete,
     * or null (no QUIC Initial from a client, the hello is not whole yet, or it was handed out
     * before).
     */
    public TlsHello accept(Decoded datagram) {
        Header udp = null;
        ByteBuffer endpoints = null;
        TlsHello found = null;
        for (Header h : datagram.headers()) {
            if (h instanceof Udp) {
                udp = h;
                endpoints = null;
            } else if (h instanceof Quic q && udp != null && q.packetType() == Quic.INITIAL
                    && (q.clientHello() != null || !q.cryptoFrames().isEmpty())) {
                if (endpoints == null) {
                    endpoints = endpoints(datagram, udp);
                    if (endpoints == null) {
                        continue;
                    }
                }
                TlsHello hello = take(key(endpoints, q.sourceConnectionId()), q);
                if (found == null) {
                    found = hello;
                }
            }
        }
        return found;
    }

    /** ClientHellos handed out. */
    public long hellos() {
        return hellos;
    }

    /** Of those, the ones put together from more than one Initial packet. */
    public long assembled() {
        return assembled;
    }

    /** Connections dropped unfinished to stay within the bounds. */
    public long evicted() {
        return evicted;
    }

    /** Hellos longer than {@code maxHelloBytes}, not read. */
    public long tooLarge() {
        return tooLarge;
    }

    /** Assembled CRYPTO data that was not a readable ClientHello. */
    public long malformed() {
        return malformed;
    }

    /** Bytes of unfinished hellos held now. */
    public long bytesHeld() {
        return bytesHeld;
    }

    private TlsHello take(ByteBuffer key, Quic q) {
        PartialHello p = connections.get(key);
        if (p == null) {
            makeRoom();
            p = new PartialHello();
            connections.put(key, p);
        }
        if (p.done) {
            return null;
        }
        if (q.clientHello() != null && p.packets == 0) {
            p.done = true;
            hellos++;
            return q.clientHello();
        }
        p.packets++;
        for (Quic.CryptoFrame f : q.cryptoFrames()) {
            add(p, f);
            if (p.done) {
                return null;
            }
        }
        return finish(p);
    }

    private void add(PartialHello p, Quic.CryptoFrame f) {
        Bytes data = f.data();
        if (f.offset() >= maxHelloBytes || data.length() == 0) {
            return;
        }
        int from = (int) f.offset();
        int to = (int) Math.min(maxHelloBytes, f.offset() + data.length());
        if (p.buffer.length < to) {
            int grown = Math.min(maxHelloBytes, Math.max(to, p.buffer.length * 2));
            bytesHeld += grown - p.buffer.length;
            p.buffer = Arrays.copyOf(p.buffer, grown);
        }
        data.slice(0, to - from).copyTo(p.buffer, from);
        if (!p.cover(from, to)) {
            drop(p, () -> malformed++);
            return;
        }
        while (bytesHeld > maxBytesHeld && connections.size() > 1) {
            evictOldest(p);
        }
    }

    private TlsHello finish(PartialHello p) {
        int have = p.prefix();
        if (have < 4) {
            return null;
        }
        if (p.buffer[0] != 1) {
            return drop(p, () -> malformed++);
        }
        int message = 4 + ((p.buffer[1] & 0xff) << 16 | (p.buffer[2] & 0xff) << 8 | (p.buffer[3] & 0xff));
        if (message > maxHelloBytes) {
            return drop(p, () -> tooLarge++);
        }
        if (have < message) {
            return null;
        }
        try {
            TlsHello hello = TlsHello.clientHelloMessage(p.buffer, 0, message);
            hellos++;
            if (p.packets > 1) {
                assembled++;
            }
            drop(p, () -> { });
            return hello;
        } catch (DecodeException e) {
            return drop(p, () -> malformed++);
        }
    }

    // Finished: keep the connection (so that it gives no second hello), not its bytes.
    private TlsHello drop(PartialHello p, Runnable count) {
        count.run();
        p.done = true;
        bytesHeld -= p.buffer.length;
        p.buffer = PartialHello.NONE;
        return null;
    }

    private void makeRoom() {
        if (connections.size() >= maxConnections) {
            evictOldest(null);
        }
    }

    private void evictOldest(PartialHello keep) {
        Iterator<PartialHello> it = connections.values().iterator();
        while (it.hasNext()) {
            PartialHello oldest = it.next();
            if (oldest == keep) {
                continue;
            }
            if (!oldest.done) {
                evicted++;
            }
            bytesHeld -= oldest.buffer.length;
            it.remove();
            return;
        }
    }

    private static ByteBuffer endpoints(Decoded d, Header udp) {
        Header ip = null;
        for (Header h : d.headers()) {
            if (h == udp) {
                break;
            }
            if (h instanceof Ipv4 || h instanceof Ipv6) {
                ip = h;
            }
        }
        Udp u = (Udp) udp;
        ByteBuffer b = ByteBuffer.allocate(36);
        if (ip instanceof Ipv4 v4) {
            b.putInt(v4.sourceAddress().value()).putInt(v4.destinationAddress().value());
        } else if (ip instanceof Ipv6 v6) {
            b.putLong(v6.sourceAddress().high()).putLong(v6.sourceAddress().low())
                    .putLong(v6.destinationAddress().high()).putLong(v6.destinationAddress().low());
        } else {
            return null;
        }
        b.putShort((short) u.sourcePort()).putShort((short) u.destinationPort());
        return b.flip();
    }

    private static ByteBuffer key(ByteBuffer endpoints, Bytes scid) {
        ByteBuffer k = ByteBuffer.allocate(endpoints.remaining() + scid.length());
        k.put(endpoints.duplicate());
        k.put(scid.toArray());
        return k.flip();
    }

    /** One connection's CRYPTO data so far, and which ranges of it arrived. */
    private static final class PartialHello {
        static final byte[] NONE = new byte[0];
        /** Holes a hello may have at once: a sender that scatters more is not followed. */
        static final int MAX_RANGES = 256;
        byte[] buffer = NONE;
        // Arrived ranges, sorted and merged: [start0, end0, start1, end1, ...].
        int[] ranges = new int[4];
        int rangeCount;
        int packets;
        boolean done;

        /** Adds [from, to) to the arrived ranges; false when that makes more than {@link #MAX_RANGES}. */
        boolean cover(int from, int to) {
            int n = rangeCount + 1;
            int[] r = Arrays.copyOf(ranges, Math.max(ranges.length, 2 * n));
            // insert by start (few ranges: a hello comes in a handful of frames)
            int i = rangeCount - 1;
            while (i >= 0 && r[2 * i] > from) {
                r[2 * i + 2] = r[2 * i];
                r[2 * i + 3] = r[2 * i + 1];
                i--;
            }
            r[2 * i + 2] = from;
            r[2 * i + 3] = to;
            int m = 0;
            for (int k = 0; k < n; k++) {
                int s = r[2 * k];
                int e = r[2 * k + 1];
                if (m > 0 && r[2 * m - 1] >= s) {
                    r[2 * m - 1] = Math.max(r[2 * m - 1], e);
                } else {
                    r[2 * m] = s;
                    r[2 * m + 1] = e;
                    m++;
                }
            }
            ranges = r;
            rangeCount = m;
            return m <= MAX_RANGES;
        }

        /** How many bytes from offset 0 have arrived without a hole. */
        int prefix() {
            return rangeCount > 0 && ranges[0] == 0 ? ranges[1] : 0;
        }
    }
}
