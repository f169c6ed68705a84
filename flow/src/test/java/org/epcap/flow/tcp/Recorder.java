package org.epcap.flow.tcp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A handler that keeps everything it is told, per connection and side, in order. */
final class Recorder implements StreamHandler {
    /** One call, as the handler saw it. */
    record Event(TcpConnection connection, Side side, String kind, long length, Object reason) {
    }

    final List<TcpConnection> connections = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    final Map<TcpConnection, ByteArrayOutputStream[]> data = new LinkedHashMap<>();
    /** When set, every onData checks that it is handed this very array (an in-place view). */
    byte[] expectArray;
    long viewsOfOtherArrays;

    @Override
    public void onStart(TcpConnection c) {
        connections.add(c);
        data.put(c, new ByteArrayOutputStream[] {new ByteArrayOutputStream(), new ByteArrayOutputStream()});
    }

    @Override
    public void onData(TcpConnection c, Side side, byte[] bytes, int offset, int length) {
        if (expectArray != null && bytes != expectArray) {
            viewsOfOtherArrays++;
        }
        data.get(c)[side.ordinal()].write(bytes, offset, length);
        events.add(new Event(c, side, "data", length, null));
    }

    @Override
    public void onGap(TcpConnection c, Side side, long length, GapReason reason) {
        events.add(new Event(c, side, "gap", length, reason));
    }

    @Override
    public void onEnd(TcpConnection c, Side side, EndReason reason) {
        events.add(new Event(c, side, "end", 0, reason));
    }

    byte[] bytes(TcpConnection c, Side side) {
        return data.get(c)[side.ordinal()].toByteArray();
    }

    byte[] bytes(int connection, Side side) {
        return bytes(connections.get(connection), side);
    }

    List<Event> of(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    long gapBytes(GapReason reason) {
        return events.stream().filter(e -> e.kind().equals("gap") && e.reason() == reason)
                .mapToLong(Event::length).sum();
    }

    Object endReason(int connection, Side side) {
        TcpConnection c = connections.get(connection);
        return events.stream().filter(e -> e.connection() == c && e.side() == side && e.kind().equals("end"))
                .map(Event::reason).reduce((a, b) -> {
                    throw new AssertionError("two ends for " + c + " " + side + ": " + a + ", " + b);
                }).orElse(null);
    }
}
