package org.epcap.kafka.json;

import org.epcap.pkt.DecodeException;
import org.epcap.pkt.Dns;

/**
 * Reads DNS messages from one direction of a TCP connection (RFC 1035 §4.2.2, RFC 7766): each is
 * a two-byte length and that many bytes, several per connection. A message is read when it is
 * whole; a whole message the codec cannot decode is counted and skipped (the framing still
 * holds). At most one message (65 537 bytes) is held, within the shared budget.
 */
final class DnsTcpReader {
    /** Where the messages go. */
    interface Sink {
        void message(Dns dns);
    }

    private final BoundedBuffer buf;
    private final ExtractorCounters counters;
    private final Sink sink;
    private boolean dead;

    DnsTcpReader(Budget budget, ExtractorCounters counters, Sink sink) {
        this.buf = new BoundedBuffer(budget, 2 + 65_535);
        this.counters = counters;
        this.sink = sink;
    }

    boolean alive() {
        return !dead;
    }

    void feed(byte[] d, int off, int len) {
        int end = off + len;
        int p = off;
        while (p < end && !dead) {
            // Messages whole in the segment are read in place; only a partial one is buffered.
            if (buf.length() == 0) {
                if (end - p >= 2) {
                    int size = ((d[p] & 0xff) << 8) | (d[p + 1] & 0xff);
                    if (end - p - 2 >= size) {
                        read(d, p + 2, size);
                        p += 2 + size;
                        continue;
                    }
                }
            }
            int have = buf.length();
            int size = have >= 2 ? ((buf.array()[0] & 0xff) << 8) | (buf.array()[1] & 0xff) : -1;
            int want = size < 0 ? 2 - have : 2 + size - have;
            int n = Math.min(want, end - p);
            if (buf.append(d, p, n) != BoundedBuffer.OK) {
                counters.streamsOverBudget++;
                stop();
                return;
            }
            p += n;
            if (size >= 0 && buf.length() == 2 + size) {
                read(buf.array(), 2, size);
                buf.consume(buf.length());
            }
        }
    }

    private void read(byte[] d, int off, int size) {
        try {
            sink.message(Dns.decode(d, off, off + size));
        } catch (DecodeException e) {
            counters.dnsMalformed++;
        }
    }

    void stop() {
        dead = true;
        buf.free();
    }
}
