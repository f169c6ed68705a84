package org.epcap.flow.tcp;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The reassembler's connections by key: the open ones, least recently seen first (for the idle
 * timeout and for eviction when full), and those whose both directions ended, oldest end first
 * (they absorb late segments for a while). Each part holds at most {@code max} connections.
 * It decides nothing about streams: it says which connection to end; the reassembler ends it.
 */
final class ConnectionTable {
    private final int max;
    private final LinkedHashMap<ConnectionKey, TcpConnection> open = new LinkedHashMap<>(64, 0.75f, true);
    private final LinkedHashMap<ConnectionKey, TcpConnection> closed = new LinkedHashMap<>();

    ConnectionTable(int max) {
        this.max = max;
    }

    /** The open connection of {@code key}, now the most recently seen; or null. */
    TcpConnection open(ConnectionKey key) {
        return open.get(key);
    }

    /** The ended connection of {@code key} still lingering, or null. */
    TcpConnection closed(ConnectionKey key) {
        return closed.get(key);
    }

    void forgetClosed(ConnectionKey key) {
        closed.remove(key);
    }

    int openCount() {
        return open.size();
    }

    boolean full() {
        return open.size() >= max;
    }

    /** Takes out the open connection seen least recently (to evict it). */
    TcpConnection takeEldest() {
        Iterator<TcpConnection> it = open.values().iterator();
        TcpConnection eldest = it.next();
        it.remove();
        return eldest;
    }

    /** Takes out the open connection seen least recently if it was idle {@code timeout} at {@code now}; else null. */
    TcpConnection takeIdle(long now, long timeout) {
        Iterator<TcpConnection> it = open.values().iterator();
        if (!it.hasNext()) {
            return null;
        }
        TcpConnection eldest = it.next();
        if (now - eldest.lastSeen < timeout) {
            return null;
        }
        it.remove();
        return eldest;
    }

    void add(TcpConnection conn) {
        open.put(conn.key(), conn);
    }

    /** Takes an open connection out (it was replaced). */
    void remove(TcpConnection conn) {
        open.remove(conn.key(), conn);
    }

    /** Moves a connection whose both directions ended from open to closed, at packet time {@code now}. */
    void close(TcpConnection conn, long now) {
        if (open.remove(conn.key(), conn)) {
            conn.closed = true;
            conn.closedAt = now;
            if (closed.size() >= max) {
                Iterator<TcpConnection> it = closed.values().iterator();
                it.next();
                it.remove();
            }
            closed.put(conn.key(), conn);
        }
    }

    /** Forgets closed connections that ended {@code linger} or more before {@code now}. */
    void pruneClosed(long now, long linger) {
        for (Iterator<TcpConnection> it = closed.values().iterator(); it.hasNext(); ) {
            if (now - it.next().closedAt < linger) {
                break;
            }
            it.remove();
        }
    }

    /** Takes out every open connection, least recently seen first, and forgets the closed ones. */
    List<TcpConnection> takeAll() {
        List<TcpConnection> all = new ArrayList<>(open.values());
        open.clear();
        closed.clear();
        return all;
    }
}
