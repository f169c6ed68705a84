package org.epcap.flow.tcp;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The reassembler's connections by key: the open ones, least recently seen first (for the idle
 * timeout and for eviction when full), and those whose both directions ended, oldest end first
 * (they absorb late segments for a while). Each part holds at most {@code max} connections.
 * It decides nothing about streams: it says which connection to end; the reassembler ends it.
 *
 * <p>Looked up once per segment, so a lookup allocates nothing: the key's fields are compared in
 * place in an open-addressing index of the connections themselves (linear probing, at most half
 * full, a per-table random hash seed so that chosen addresses cannot make chains long), and the
 * two orders are lists linked through the connections. A {@code LinkedHashMap} keyed by a
 * {@link ConnectionKey} made per segment cost an object, a record hash and a node move per packet.
 * The index grows with the connections (up to what {@code 2 max} of them need), not preallocated
 * for the bound. A key is never open and closed at once (a closed key is forgotten before it
 * opens again), so one index serves both parts.
 */
final class ConnectionTable {
    private static final int OPEN = 0;
    private static final int CLOSED = 1;

    private final int max;
    private final long seed = new SecureRandom().nextLong();
    private TcpConnection[] index = new TcpConnection[64];
    private int mask = index.length - 1;
    private int entries;
    private final TcpConnection[] head = new TcpConnection[2];
    private final TcpConnection[] tail = new TcpConnection[2];
    private final int[] count = new int[2];
    /** The time the oldest closed connection (head of the closed list) closed; meaningless when none is. */
    private long oldestClosedAt;

    ConnectionTable(int max) {
        this.max = max;
    }

    /** The hash of a connection's key fields (endpoint A first, as {@link ConnectionKey} orders them). */
    int hash(boolean v6, long aHigh, long aLow, int aPort, long bHigh, long bLow, int bPort) {
        long x = mix(seed ^ aLow);
        x = mix(x ^ bLow ^ ((long) aPort << 48) ^ ((long) bPort << 32) ^ (v6 ? 1L << 63 : 0));
        if (v6) {
            x = mix(x ^ aHigh);
            x = mix(x ^ bHigh);
        }
        return (int) (x ^ (x >>> 32));
    }

    /** A 64-bit finaliser (SplitMix64's): every input bit moves every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * The connection of the key with {@code hash} ({@link #hash}), open or lingering closed
     * ({@link TcpConnection#closed}), or null. An open one becomes the most recently seen.
     */
    TcpConnection find(int hash, boolean v6, long aHigh, long aLow, int aPort, long bHigh, long bLow, int bPort) {
        TcpConnection[] idx = index;
        for (int pos = hash & mask; ; pos = (pos + 1) & mask) {
            TcpConnection c = idx[pos];
            if (c == null) {
                return null;
            }
            if (c.hash == hash && c.matches(v6, aHigh, aLow, aPort, bHigh, bLow, bPort)) {
                if (!c.closed) {
                    touch(c);
                }
                return c;
            }
        }
    }

    /** The connection of {@code key}, open or closed, or null (tests and the keyed entry point). */
    TcpConnection find(ConnectionKey k) {
        return find(hash(k.ipv6(), k.aHigh(), k.aLow(), k.aPort(), k.bHigh(), k.bLow(), k.bPort()),
                k.ipv6(), k.aHigh(), k.aLow(), k.aPort(), k.bHigh(), k.bLow(), k.bPort());
    }

    /** Forgets a closed connection (its key opens again). */
    void forgetClosed(TcpConnection conn) {
        unlink(conn, CLOSED);
        removeFromIndex(conn);
        oldestClosedAt = head[CLOSED] == null ? 0 : head[CLOSED].closedAt;
    }

    int openCount() {
        return count[OPEN];
    }

    boolean full() {
        return count[OPEN] >= max;
    }

    /** Takes out the open connection seen least recently (to evict it). */
    TcpConnection takeEldest() {
        TcpConnection eldest = head[OPEN];
        remove(eldest);
        return eldest;
    }

    /** Takes out the open connection seen least recently if it was idle {@code timeout} at {@code now}; else null. */
    TcpConnection takeIdle(long now, long timeout) {
        TcpConnection eldest = head[OPEN];
        if (eldest == null || now - eldest.lastSeen < timeout) {
            return null;
        }
        remove(eldest);
        return eldest;
    }

    /** Adds a new open connection (its key is in no part), as the most recently seen. */
    void add(TcpConnection conn) {
        if (2 * (entries + 1) > index.length) {
            grow();
        }
        insert(conn);
        entries++;
        append(conn, OPEN);
    }

    /** Takes an open connection out (it was replaced, evicted or timed out). */
    void remove(TcpConnection conn) {
        unlink(conn, OPEN);
        removeFromIndex(conn);
    }

    /** Moves a connection whose both directions ended from open to closed, at packet time {@code now}. */
    void close(TcpConnection conn, long now) {
        if (conn.closed || !conn.indexed) {
            return;
        }
        unlink(conn, OPEN);
        conn.closed = true;
        conn.closedAt = now;
        if (count[CLOSED] >= max) {
            forgetClosed(head[CLOSED]);
        }
        append(conn, CLOSED);
        oldestClosedAt = head[CLOSED].closedAt;
    }

    /** Forgets closed connections that ended {@code linger} or more before {@code now}. */
    void pruneClosed(long now, long linger) {
        // The oldest closed one's end is kept here: reading it from the connection would load a
        // cold object at every scan, only to find it is not due.
        if (head[CLOSED] == null || now - oldestClosedAt < linger) {
            return;
        }
        for (TcpConnection c; (c = head[CLOSED]) != null && now - c.closedAt >= linger; ) {
            forgetClosed(c);
        }
    }

    /** Takes out every open connection, least recently seen first, and forgets the closed ones. */
    List<TcpConnection> takeAll() {
        List<TcpConnection> all = new ArrayList<>(count[OPEN]);
        for (TcpConnection c = head[OPEN]; c != null; c = c.newerSeen) {
            all.add(c);
        }
        for (TcpConnection c : all) {
            remove(c);
        }
        while (head[CLOSED] != null) {
            forgetClosed(head[CLOSED]);
        }
        return all;
    }

    private void touch(TcpConnection c) {
        if (tail[OPEN] != c) {
            // A connection's segments often come in runs: then it is already last.
            unlink(c, OPEN);
            append(c, OPEN);
        }
    }

    private void append(TcpConnection c, int list) {
        TcpConnection t = tail[list];
        c.olderSeen = t;
        c.newerSeen = null;
        if (t == null) {
            head[list] = c;
        } else {
            t.newerSeen = c;
        }
        tail[list] = c;
        count[list]++;
    }

    private void unlink(TcpConnection c, int list) {
        TcpConnection older = c.olderSeen;
        TcpConnection newer = c.newerSeen;
        if (older == null) {
            head[list] = newer;
        } else {
            older.newerSeen = newer;
        }
        if (newer == null) {
            tail[list] = older;
        } else {
            newer.olderSeen = older;
        }
        c.olderSeen = null;
        c.newerSeen = null;
        count[list]--;
    }

    private void insert(TcpConnection conn) {
        int pos = conn.hash & mask;
        while (index[pos] != null) {
            pos = (pos + 1) & mask;
        }
        index[pos] = conn;
        conn.indexed = true;
    }

    private void grow() {
        TcpConnection[] old = index;
        index = new TcpConnection[old.length * 2];
        mask = index.length - 1;
        for (TcpConnection c : old) {
            if (c != null) {
                insert(c);
            }
        }
    }

    /** Backward-shift deletion: the entries after the hole move up, so no tombstones pile up. */
    private void removeFromIndex(TcpConnection conn) {
        int i = conn.hash & mask;
        while (index[i] != conn) {
            i = (i + 1) & mask;
        }
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            TcpConnection e = index[j];
            if (e == null) {
                break;
            }
            int home = e.hash & mask;
            // Move e into the hole unless its home lies cyclically in (i, j].
            boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!stays) {
                index[i] = e;
                i = j;
            }
        }
        index[i] = null;
        conn.indexed = false;
        entries--;
    }
}
