package org.epcap.kafka.json;

import org.epcap.pkt.DecodeException;
import org.epcap.pkt.Tls;
import org.epcap.pkt.TlsHello;
import org.epcap.pkt.TlsRecord;

/**
 * Collects the start of one direction of a TCP stream until its first handshake message is whole,
 * however many segments and records it spans, then reads it with the codec's {@link Tls} (which
 * alone sees one segment at a time) and reports the ClientHello or ServerHello. After the first
 * hello it reads one more when the next handshake record (behind TLS 1.3's compatibility
 * ChangeCipherSpec) is a hello: the second ClientHello after a HelloRetryRequest, and the real
 * ServerHello after the HelloRetryRequest (which is a ServerHello itself). Then it stops and frees
 * its buffer: anything later is the encrypted handshake.
 *
 * <p>Bounded by {@code maxBytes} for the records before the message is whole ({@code tlsTooLarge}
 * when hit) and by the shared budget.
 */
final class TlsHelloReader {
    /** Where the hello goes. */
    interface Sink {
        void hello(TlsHello hello);
    }

    private final BoundedBuffer buf;
    private final ExtractorCounters counters;
    private final Sink sink;
    private final int maxBytes;
    private boolean done;
    /** The first hello was read: now looking for a second (after a HelloRetryRequest). */
    private boolean second;
    /** ChangeCipherSpec records skipped while looking for the second hello. */
    private int skipped;

    TlsHelloReader(Budget budget, int maxBytes, ExtractorCounters counters, Sink sink) {
        this.buf = new BoundedBuffer(budget, maxBytes);
        this.maxBytes = maxBytes;
        this.counters = counters;
        this.sink = sink;
    }

    /** True when the first byte of a stream may start a TLS handshake record. */
    static boolean mayStart(byte first) {
        return first == TlsRecord.HANDSHAKE;
    }

    /** False once the hello was read or the reader gave up: feed no more. */
    boolean alive() {
        return !done;
    }

    void feed(byte[] d, int off, int len) {
        if (done) {
            return;
        }
        switch (buf.append(d, off, len)) {
            case BoundedBuffer.OVER_CAP -> {
                if (!second) {
                    counters.tlsTooLarge++;
                }
                stop();
                return;
            }
            case BoundedBuffer.OVER_BUDGET -> {
                counters.streamsOverBudget++;
                stop();
                return;
            }
            default -> {
            }
        }
        while (!done && step()) {
            // the first hello was read and its bytes dropped: look for a second one
        }
    }

    /** Reads what the buffer holds; true when it should be looked at again. */
    private boolean step() {
        byte[] b = buf.array();
        int n = buf.length();
        if (n < Tls.RECORD_HEADER) {
            return false;
        }
        if (!Tls.startsRecord(b, 0, n)) {
            giveUp(() -> counters.tlsNotTls++);
            return false;
        }
        if (second && b[0] == TlsRecord.CHANGE_CIPHER_SPEC) {
            // TLS 1.3's compatibility ChangeCipherSpec between a HelloRetryRequest and the second hello
            int length = ((b[3] & 0xff) << 8) | (b[4] & 0xff);
            if (n < Tls.RECORD_HEADER + length) {
                return false;
            }
            buf.consume(Tls.RECORD_HEADER + length);
            if (++skipped > 2) {
                stop();
                return false;
            }
            return true;
        }
        // The handshake bytes in complete records from the start, while the records are handshakes.
        int p = 0;
        long handshakeBytes = 0;
        boolean runEnded = false;
        while (p + Tls.RECORD_HEADER <= n) {
            if (!Tls.startsRecord(b, p, n) || b[p] != TlsRecord.HANDSHAKE) {
                runEnded = true;
                break;
            }
            int length = ((b[p + 3] & 0xff) << 8) | (b[p + 4] & 0xff);
            if (p + Tls.RECORD_HEADER + length > n) {
                break;
            }
            handshakeBytes += length;
            p += Tls.RECORD_HEADER + length;
        }
        if (p == 0 && runEnded) {
            giveUp(() -> counters.tlsNoHello++); // not a handshake record
            return false;
        }
        if (handshakeBytes < 4 || n < Tls.RECORD_HEADER + 4) {
            if (runEnded) {
                giveUp(() -> counters.tlsNoHello++);
            }
            return false;
        }
        int type = b[Tls.RECORD_HEADER] & 0xff;
        if (type != 1 && type != 2) {
            giveUp(() -> counters.tlsNoHello++); // after a hello: the handshake goes on (or is encrypted)
            return false;
        }
        long need = 4L + (((b[6] & 0xff) << 16) | ((b[7] & 0xff) << 8) | (b[8] & 0xff));
        if (need > maxBytes) {
            giveUp(() -> counters.tlsTooLarge++);
            return false;
        }
        if (handshakeBytes < need) {
            if (runEnded) {
                giveUp(() -> counters.tlsNoHello++);
            }
            return false;
        }
        TlsHello hello;
        try {
            Tls tls = Tls.decode(b, 0, p);
            hello = type == 1 ? tls.clientHello() : tls.serverHello();
        } catch (DecodeException e) {
            hello = null;
        }
        if (hello == null) {
            // after a hello, a TLS 1.2 Finished is encrypted in a handshake record: not an error
            giveUp(() -> counters.tlsMalformed++);
            return false;
        }
        // the hello's views point into the buffer: the sink reads them before the buffer changes
        sink.hello(hello);
        counters.tlsHellos++;
        if (second) {
            stop();
            return false;
        }
        second = true;
        buf.consume(p);
        return true;
    }

    /** Stops; counts why only for the first hello (what follows it may be encrypted). */
    private void giveUp(Runnable count) {
        if (!second) {
            count.run();
        }
        stop();
    }

    /** Gives up (or is done): frees the buffer. */
    void stop() {
        done = true;
        buf.free();
    }
}
