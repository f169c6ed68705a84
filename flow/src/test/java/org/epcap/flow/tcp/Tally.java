package org.epcap.flow.tcp;

import java.util.EnumMap;
import java.util.Map;

/** A handler that only counts, for streams too large to record (millions of events). */
final class Tally implements StreamHandler {
    long dataBytes;
    long dataCalls;
    final Map<GapReason, Long> gapBytes = new EnumMap<>(GapReason.class);
    final Map<EndReason, Long> ends = new EnumMap<>(EndReason.class);
    long starts;

    @Override
    public void onStart(TcpConnection c) {
        starts++;
    }

    @Override
    public void onData(TcpConnection c, Side side, byte[] data, int offset, int length) {
        dataBytes += length;
        dataCalls++;
    }

    @Override
    public void onGap(TcpConnection c, Side side, long length, GapReason reason) {
        gapBytes.merge(reason, length, Long::sum);
    }

    @Override
    public void onEnd(TcpConnection c, Side side, EndReason reason) {
        ends.merge(reason, 1L, Long::sum);
    }

    long gaps() {
        return gapBytes.values().stream().mapToLong(Long::longValue).sum();
    }
}
