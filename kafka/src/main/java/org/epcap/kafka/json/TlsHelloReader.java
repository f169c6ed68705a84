package org.epcap.kafka.json;

import org.epcap.pkt.DecodeException;
import org.epcap.pkt.Tls;
import org.epcap.pkt.TlsHello;
import org.epcap.pkt.TlsRecord;

/**
 * Collects the start of one direction of a TCP stream until its first handshake message is whole,
 * however many segments and records it spans, then reads it with the codec's {@link Tls} (which
 * alone sees one segment at a time) and reports the ClientHello or ServerHello. Then it stops and
 * frees its buffer: one hello per direction (a second ClientHello after a HelloRetryRequest is
 * not read).
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
    private boolean done;

    TlsHelloReader(Budget budget, int maxBytes, ExtractorCounters counters, Sink sink) {
        this.buf = new BoundedBuffer(budget, maxBytes);
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
                counters.tlsTooLarge++;
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
        byte[] b = buf.array();
        int n = buf.length();
        if (n < Tls.RECORD_HEADER) {
            return;
        }
        if (!Tls.startsRecord(b, 0, n)) {
            counters.tlsNotTls++;
            stop();
            return;
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
        if (handshakeBytes < 4 || n < Tls.RECORD_HEADER + 4) {
            if (runEnded) {
                counters.tlsNoHello++;
                stop();
            }
            return;
        }
        int type = b[Tls.RECORD_HEADER] & 0xff;
        if (type != 1 && type != 2) {
            counters.tlsNoHello++;
            stop();
            return;
        }
        long need = 4L + (((b[6] & 0xff) << 16) | ((b[7] & 0xff) << 8) | (b[8] & 0xff));
        if (handshakeBytes < need) {
            if (runEnded) {
                counters.tlsNoHello++;
                stop();
            }
            return;
        }
        TlsHello hello;
        try {
            Tls tls = Tls.decode(b, 0, p);
            hello = type == 1 ? tls.clientHello() : tls.serverHello();
        } catch (DecodeException e) {
            counters.tlsMalformed++;
            stop();
            return;
        }
        if (hello == null) {
            counters.tlsMalformed++;
        } else {
            // the hello's views point into the buffer: the sink reads them before stop() frees it
            sink.hello(hello);
            counters.tlsHellos++;
        }
        stop();
    }

    /** Gives up (or is done): frees the buffer. */
    void stop() {
        done = true;
        buf.free();
    }
}
