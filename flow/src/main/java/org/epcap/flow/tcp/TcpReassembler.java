package org.epcap.flow.tcp;

import java.util.Arrays;
import java.util.Objects;
import org.epcap.pkt.FastDecoder;

/**
 * TCP stream reassembly within fixed bounds: each direction of each connection is delivered to a
 * {@link StreamHandler} in sequence order, as views of the packets when segments arrive in order
 * (no copy) and from a buffer when they do not.
 *
 * <pre>{@code
 * TcpReassembler r = new TcpReassembler(ReassemblyConfig.defaults(), handler);
 * try (PcapReader in = PcapReader.open(path)) {
 *     for (PcapRecord p; (p = in.next()) != null; ) {
 *         r.acceptFrame(p.dataLinkType(), p.timeNanos(), p.data(), 0, p.data().length);
 *     }
 * }
 * r.flush();                       // ends what is still open: EndReason.FLUSHED
 * System.out.println(r.stats());
 * }</pre>
 *
 * <h2>Policies</h2>
 * <ul>
 * <li><b>Overlaps: first wins.</b> Bytes already delivered or held are never replaced by a later
 *     copy (retransmission, overlap), as in Wireshark's "Follow TCP Stream" and in most TCP stacks'
 *     treatment of data already queued. A later copy that differs from held data counts in
 *     {@link ReassemblyStats#conflictingSegments()} and {@code conflictingBytes()}; bytes
 *     already delivered are not kept, so a later copy of those counts as overlap only.</li>
 * <li><b>Pick-up.</b> A direction starts at the first segment seen from it: after its SYN when
 *     there is one, else at that segment's sequence number (mid-stream connections are delivered
 *     from their first data). Bytes that arrive later from before that point are dropped as overlap.</li>
 * <li><b>Gaps</b> are skipped only when something forces it, and always reported with their
 *     length ({@link GapReason}): a byte budget is full, the data after them waited longer than
 *     the gap timeout, the direction ended, or the snapshot length cut the segment. A gap the
 *     receiver acknowledged whole is reported as capture loss. An acknowledgement alone never
 *     skips a gap: in a capture an ACK may come before the segment it acknowledges (reordering
 *     across capture queues), and that segment must still fill the gap (gopacket issue #493).</li>
 * <li><b>Budgets.</b> Out-of-order data (each piece's buffer, its bytes rounded up to 64 from
 *     256 to 2,048, plus {@link ReassemblyConfig#SEGMENT_OVERHEAD}) never exceeds the
 *     per-connection or the total budget; the spare buffers of delivered pieces, kept for the
 *     next ones, count in the total too. For a piece that would not fit, spare buffers are given
 *     up first; if that is not enough, the gap in front of the data that waited longest (this
 *     connection's first, for its own budget) is skipped and what follows delivered. A segment
 *     larger than a budget by itself is delivered at once after skipping the gap before it.</li>
 * <li><b>Ends.</b> A FIN ends its direction once every byte before it is delivered (half-close:
 *     the other direction goes on); a RST ends both; the idle timeout, eviction from a full table,
 *     a SYN that reuses the ports, and {@link #flush()} end both. Held data is delivered (after a
 *     {@link GapReason#END} gap) before a direction ends, except data past a FIN.</li>
 * <li><b>Time</b> is packet time: the largest timestamp seen so far. A file gives the same
 *     result at any reading speed; for a live capture with no traffic, call {@link #advanceTime}.</li>
 * <li><b>Checksums</b> are not checked (as Wireshark by default): a captured segment is taken
 *     as sent.</li>
 * </ul>
 *
 * <h2>Memory</h2>
 * Its heap is about 0.5 KiB per open connection (at most {@link ReassemblyConfig#maxConnections()}),
 * plus what it holds out of order and its spare buffers (together at most
 * {@link ReassemblyConfig#totalBufferBytes()}, pieces counted with their overhead), plus the
 * handler's own state. In-order data is delivered as views of the caller's frames and costs
 * nothing. A program that does little but reassemble needs no large heap: {@code -XX:+UseSerialGC} (one thread feeds the reassembler, a parallel collector's
 * threads and regions only add resident memory) with {@code -Xmx} of 8 MiB plus those two
 * amounts keeps the JVM near its own floor of about 40 MiB resident, where the JVM's defaults
 * let the heap grow to a quarter of the machine's memory. The lookup of a segment's connection
 * allocates nothing. A held piece is copied once, into a spare buffer of its size when one is
 * kept, and its buffer is kept for reuse once it is delivered: a loop that reorders little
 * allocates next to nothing per segment, and the collector has little to do in a small heap.
 *
 * <p>Not thread-safe: one thread feeds it, and the handler runs on that thread. An exception from
 * the handler propagates to the caller of {@code accept…}.
 */
public final class TcpReassembler {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int ACK = 0x10;
    /** Data starting further ahead than this is not a plausible window: dropped, counted. */
    static final long MAX_AHEAD = 1L << 30;
    /** Timeouts are looked for at most once per millisecond of packet time: they fire that late at most. */
    static final long SCAN_INTERVAL_NANOS = 1_000_000;

    private final ReassemblyConfig config;
    private final StreamHandler handler;
    private final ConnectionTable table;
    /**
     * Connections holding out-of-order data, in the order they started holding: a list linked
     * through the connections themselves (no hashing per piece).
     */
    private TcpConnection oldestHolder;
    private TcpConnection newestHolder;
    private final Counters counters = new Counters();
    private final PieceBuffers spare = new PieceBuffers();
    private final SegmentExtractor extractor = new SegmentExtractor();
    /** The parts of an arrival that no held piece covers: pairs of offsets, reused. */
    private long[] pieces = new long[16];
    private int pieceCount;
    private long now = Long.MIN_VALUE;
    /** Packet time of the next look for timed-out connections. */
    private long nextScan = Long.MIN_VALUE;

    public TcpReassembler(ReassemblyConfig config, StreamHandler handler) {
        this.config = Objects.requireNonNull(config, "config");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.table = new ConnectionTable(config.maxConnections());
    }

    /**
     * Takes one captured frame: finds its TCP segment (through any encapsulation the codec decodes)
     * and reassembles it. Frames without a usable TCP segment, IP fragments (defragment first) and
     * undecodable frames are counted and otherwise ignored; nothing here throws on bad input.
     *
     * @param dataLinkType the frame's DLT
     * @param timeNanos    its capture time, nanoseconds since the epoch
     */
    public void acceptFrame(int dataLinkType, long timeNanos, byte[] frame, int offset, int length) {
        counters.frames++;
        switch (extractor.extract(dataLinkType, frame, offset, length)) {
            case SegmentExtractor.SEGMENT -> extracted(timeNanos, frame);
            case SegmentExtractor.FRAGMENT -> counters.fragments++;
            default -> counters.framesNotTcp++;
        }
    }

    /**
     * Takes the TCP segment of a frame the caller has already decoded with {@code decoded}
     * ({@code layers}, what its {@code decode} returned, include {@link FastDecoder#TCP}): one
     * decode then serves the caller (DNS, a flow table) and the reassembler.
     */
    public void acceptDecoded(long timeNanos, FastDecoder decoded, int layers, byte[] frame) {
        extractor.fromFastDecoder(decoded, layers);
        extracted(timeNanos, frame);
    }

    /** Takes the segment the extractor found in {@code frame}. */
    private void extracted(long timeNanos, byte[] frame) {
        SegmentExtractor x = extractor;
        checkPayload(frame, x.payloadOffset(), x.capturedLength(), x.segmentLength());
        counters.segments++;
        segment(timeNanos, x.ipv6(), x.aHigh(), x.aLow(), x.aPort(), x.bHigh(), x.bLow(), x.bPort(), null,
                x.fromA(), x.flags(), x.seq(), x.ack(), frame, x.payloadOffset(), x.capturedLength(),
                x.segmentLength());
    }

    /**
     * Takes one TCP segment already decoded by the caller.
     *
     * @param key            the connection's addresses and ports
     * @param fromA          true when the segment's source is endpoint A of {@code key}
     * @param flags          the TCP flag bits (FIN 0x01, SYN 0x02, RST 0x04, ACK 0x10, …)
     * @param seq            its sequence number, 0–2^32−1
     * @param ack            its acknowledgement number, 0–2^32−1 (used when ACK is set)
     * @param data           the array holding its captured payload
     * @param offset         where the payload starts in {@code data}
     * @param capturedLength payload bytes present in {@code data}
     * @param segmentLength  payload bytes the segment carried on the wire (at least
     *                       {@code capturedLength}; more when the snapshot length cut it)
     */
    public void acceptSegment(long timeNanos, ConnectionKey key, boolean fromA, int flags, long seq, long ack,
            byte[] data, int offset, int capturedLength, int segmentLength) {
        checkPayload(data, offset, capturedLength, segmentLength);
        counters.segments++;
        segment(timeNanos, key.ipv6(), key.aHigh(), key.aLow(), key.aPort(), key.bHigh(), key.bLow(), key.bPort(),
                key, fromA, flags, seq, ack, data, offset, capturedLength, segmentLength);
    }

    private static void checkPayload(byte[] data, int offset, int capturedLength, int segmentLength) {
        if (capturedLength < 0 || segmentLength < capturedLength
                || offset < 0 || offset > data.length - capturedLength) {
            throw new IllegalArgumentException("payload [" + offset + ", +" + capturedLength + ") of "
                    + data.length + " bytes, segment length " + segmentLength);
        }
    }

    /**
     * One segment of the connection whose key has these fields (endpoint A first); {@code key} is
     * that key when the caller has one, else null (one is made only if the connection is new).
     */
    private void segment(long timeNanos, boolean v6, long aHigh, long aLow, int aPort, long bHigh, long bLow,
            int bPort, ConnectionKey key, boolean fromA, int flags, long seq, long ack, byte[] data, int offset,
            int capturedLength, int segmentLength) {
        advanceTime(timeNanos);
        boolean syn = (flags & SYN) != 0;
        boolean synOnly = syn && (flags & ACK) == 0;
        int hash = table.hash(v6, aHigh, aLow, aPort, bHigh, bLow, bPort);
        TcpConnection conn = table.find(hash, v6, aHigh, aLow, aPort, bHigh, bLow, bPort);
        if (conn != null && conn.closed) {
            if (!synOnly) {
                counters.segmentsAfterClose++;
                return;
            }
            table.forgetClosed(conn);
            conn = null;
        } else if (conn != null && synOnly) {
            HalfStream client = conn.sentBy(fromA);
            if (client.started && client.side == Side.CLIENT && ((seq + 1) & 0xffff_ffffL) != client.base) {
                counters.connectionsReplaced++;
                endBoth(conn, EndReason.REPLACED);
                table.remove(conn);
                conn = null;
            }
        }
        if (conn == null) {
            if (key == null) {
                key = new ConnectionKey(v6, aHigh, aLow, aPort, bHigh, bLow, bPort);
            }
            conn = open(key, hash, (syn && !synOnly) != fromA);
        }
        conn.lastSeen = now;
        HalfStream sender = conn.sentBy(fromA);
        HalfStream receiver = conn.of(sender.side.other());

        if ((flags & ACK) != 0 && receiver.started) {
            long acked = receiver.offsetOf(ack);
            if (acked > receiver.ackedTo && acked - receiver.next <= MAX_AHEAD) {
                receiver.ackedTo = acked;
            }
        }
        long start;
        if (!sender.started) {
            sender.started = true;
            sender.base = (seq + (syn ? 1 : 0)) & 0xffff_ffffL;
            start = 0;
        } else {
            start = sender.offsetOf(seq) + (syn ? 1 : 0);
        }
        if (segmentLength > 0) {
            if (sender.ended != null) {
                counters.bytesAfterFin += segmentLength;
            } else {
                place(conn, sender, start, data, offset, capturedLength);
                if (segmentLength > capturedLength) {
                    place(conn, sender, start + capturedLength, null, 0, segmentLength - capturedLength);
                }
            }
        }
        long finAt = start + segmentLength;
        if ((flags & FIN) != 0 && sender.ended == null && sender.fin < 0
                && finAt >= sender.next && finAt - sender.next <= MAX_AHEAD) {
            // A FIN before what was already delivered, or beyond any window, is not believed:
            // it would end the stream early or hold it open for nothing.
            sender.fin = finAt;
            trimPastFin(conn, sender);
            endIfFinReached(conn, sender);
        }
        if ((flags & RST) != 0) {
            endBoth(conn, EndReason.RST);
        } else {
            gapTimeout(conn, sender);
            gapTimeout(conn, receiver);
        }
        if (conn.bothEnded()) {
            close(conn);
        }
    }

    /**
     * Moves packet time forward to {@code timeNanos} (never back) and ends what timed out: for a
     * live capture with quiet periods, call it from time to time with the wall-clock time.
     */
    public void advanceTime(long timeNanos) {
        if (timeNanos > now) {
            now = timeNanos;
        }
        if (now < nextScan) {
            return;
        }
        nextScan = now + SCAN_INTERVAL_NANOS;
        for (TcpConnection idle; (idle = table.takeIdle(now, config.idleTimeoutNanos())) != null; ) {
            counters.connectionsTimedOut++;
            endBoth(idle, EndReason.IDLE_TIMEOUT);
        }
        table.pruneClosed(now, config.closedLingerNanos());
        counters.connections = table.openCount();
    }

    /** Ends every open connection ({@link EndReason#FLUSHED}), delivering what they hold; forgets closed ones. */
    public void flush() {
        for (TcpConnection c : table.takeAll()) {
            endBoth(c, EndReason.FLUSHED);
        }
        counters.connections = 0;
    }

    /** The counters now. */
    public ReassemblyStats stats() {
        return counters.snapshot(spare.bytes());
    }

    /** The configuration it runs with. */
    public ReassemblyConfig config() {
        return config;
    }

    private TcpConnection open(ConnectionKey key, int hash, boolean clientIsA) {
        if (table.full()) {
            counters.connectionsEvicted++;
            endBoth(table.takeEldest(), EndReason.EVICTED);
        }
        TcpConnection conn = new TcpConnection(key, hash, clientIsA, now);
        table.add(conn);
        counters.connectionsOpened++;
        counters.connections = table.openCount();
        counters.connectionsPeak = Math.max(counters.connectionsPeak, counters.connections);
        handler.onStart(conn);
        return conn;
    }

    private void close(TcpConnection conn) {
        table.close(conn, now);
        counters.connections = table.openCount();
    }

    /**
     * Puts {@code [start, start+len)} of a direction's stream, its bytes at {@code data[off…]}
     * (null: truncated bytes), where it belongs: delivered in place when it is next, held when it
     * is ahead, dropped where it was already delivered or held (first wins).
     */
    private void place(TcpConnection conn, HalfStream h, long start, byte[] data, int off, int len) {
        boolean compared = false;
        while (len > 0 && h.ended == null) {
            long end = start + len;
            if (end <= h.next) {
                if (!compared && data != null) {
                    counters.overlapBytes += len;
                }
                return;
            }
            if (start < h.next) {
                int cut = (int) (h.next - start);
                if (!compared && data != null) {
                    counters.overlapBytes += cut;
                }
                start += cut;
                off += cut;
                len -= cut;
            }
            if (h.fin >= 0) {
                if (start >= h.fin) {
                    counters.bytesAfterFin += len;
                    return;
                }
                if (end > h.fin) {
                    counters.bytesAfterFin += end - h.fin;
                    len = (int) (h.fin - start);
                    end = h.fin;
                }
            }
            if (start - h.next > MAX_AHEAD) {
                counters.outOfWindowSegments++;
                return;
            }
            if (start == h.next) {
                long stop = h.held.isEmpty() ? end : Math.min(end, h.held.firstStart());
                int n = (int) (stop - start);
                deliverInPlace(conn, h, data, off, n);
                start += n;
                off += n;
                len -= n;
                if (len > 0 && !compared) {
                    compare(h, start, data, off, len);
                    compared = true;
                }
                drain(conn, h);
                continue;
            }
            if (!compared) {
                compare(h, start, data, off, len);
                compared = true;
            }
            int refused = hold(conn, h, start, data, off, len);
            if (refused == 0) {
                return;
            }
            if (!giveUpOneGap(conn, h, refused)) {
                skipTo(conn, h, start, GapReason.BUDGET);
            }
        }
    }

    /** Counts the bytes of a new arrival that held pieces already cover, and those that differ. */
    private void compare(HalfStream h, long start, byte[] data, int off, int len) {
        long end = start + len;
        long differing = 0;
        HeldQueue q = h.held;
        for (int i = q.firstEndingAfter(start), n = q.size(); i < n; i++) {
            long sStart = q.start(i);
            if (sStart >= end) {
                break;
            }
            long a = Math.max(start, sStart);
            long b = Math.min(end, q.end(i));
            if (data != null) {
                counters.overlapBytes += b - a;
            }
            HeldSegment s;
            if (data != null && (s = q.get(i)).data() != null) {
                int from = off + (int) (a - start);
                int to = off + (int) (b - start);
                int sFrom = (int) (a - s.start());
                if (!Arrays.equals(data, from, to, s.data(), sFrom, sFrom + (to - from))) {
                    for (int p = from, r = sFrom; p < to; p++, r++) {
                        if (data[p] != s.data()[r]) {
                            differing++;
                        }
                    }
                }
            }
        }
        if (differing > 0) {
            counters.conflictingSegments++;
            counters.conflictingBytes += differing;
        }
    }

    /**
     * Holds the parts of {@code [start, start+len)} that no held piece covers. Returns 0 when done,
     * 1 when the connection's budget refused them, 2 when the total budget did (nothing held then).
     */
    private int hold(TcpConnection conn, HalfStream h, long start, byte[] data, int off, int len) {
        pieceCount = 0;
        long end = start + len;
        long cursor = start;
        HeldQueue q = h.held;
        for (int i = q.firstEndingAfter(start), n = q.size(); i < n; i++) {
            long sStart = q.start(i);
            if (sStart >= end) {
                break;
            }
            if (sStart > cursor) {
                addPiece(cursor, sStart);
            }
            cursor = Math.max(cursor, q.end(i));
        }
        if (cursor < end) {
            addPiece(cursor, end);
        }
        long cost = 0;
        for (int i = 0; i < pieceCount; i++) {
            cost += (data == null ? 0 : PieceBuffers.sizeFor((int) (pieces[2 * i + 1] - pieces[2 * i])))
                    + ReassemblyConfig.SEGMENT_OVERHEAD;
        }
        if (cost == 0) {
            return 0;
        }
        if (conn.heldCost + cost > config.connectionBufferBytes()) {
            return 1;
        }
        long over = counters.heldBytes + spare.bytes() + cost - config.totalBufferBytes();
        if (over > 0) {
            spare.trim(over);
            if (counters.heldBytes + spare.bytes() + cost > config.totalBufferBytes()) {
                return 2;
            }
        }
        for (int i = 0; i < pieceCount; i++) {
            long from = pieces[2 * i];
            int n = (int) (pieces[2 * i + 1] - from);
            byte[] copy = null;
            if (data != null) {
                copy = spare.take(n);
                System.arraycopy(data, off + (int) (from - start), copy, 0, n);
            }
            HeldSegment s = new HeldSegment(from, copy, n, now);
            h.held.add(s);
            long c = s.cost();
            h.heldCost += c;
            if (conn.heldCost == 0) {
                addHolder(conn);
            }
            conn.heldCost += c;
            counters.heldBytes += c;
            counters.heldSegments++;
        }
        counters.heldBytesPeak = Math.max(counters.heldBytesPeak, counters.heldBytes);
        return 0;
    }

    private void addPiece(long from, long to) {
        if (2 * pieceCount + 2 > pieces.length) {
            pieces = Arrays.copyOf(pieces, pieces.length * 2);
        }
        pieces[2 * pieceCount] = from;
        pieces[2 * pieceCount + 1] = to;
        pieceCount++;
    }

    /**
     * Frees held memory by skipping one gap ({@link GapReason#BUDGET}): in this connection when its
     * own budget refused, else in the connection that has held data longest. False when the
     * budget that refused has nothing held to give up.
     */
    private boolean giveUpOneGap(TcpConnection conn, HalfStream h, int refused) {
        TcpConnection victim = refused == 1 ? conn : oldestHolder;
        if (victim == null || victim.heldCost == 0) {
            return false;
        }
        HalfStream v = victim == conn && !h.held.isEmpty() ? h
                : !victim.fromClient.held.isEmpty() ? victim.fromClient : victim.fromServer;
        skipTo(victim, v, v.held.firstStart(), GapReason.BUDGET);
        drain(victim, v);
        if (victim != conn && victim.bothEnded()) {
            close(victim);
        }
        return true;
    }

    private void addHolder(TcpConnection c) {
        c.olderHolder = newestHolder;
        c.newerHolder = null;
        if (newestHolder == null) {
            oldestHolder = c;
        } else {
            newestHolder.newerHolder = c;
        }
        newestHolder = c;
    }

    private void removeHolder(TcpConnection c) {
        if (c.olderHolder == null) {
            oldestHolder = c.newerHolder;
        } else {
            c.olderHolder.newerHolder = c.newerHolder;
        }
        if (c.newerHolder == null) {
            newestHolder = c.olderHolder;
        } else {
            c.newerHolder.olderHolder = c.olderHolder;
        }
        c.olderHolder = null;
        c.newerHolder = null;
    }

    private void deliverInPlace(TcpConnection conn, HalfStream h, byte[] data, int off, int n) {
        if (n <= 0) {
            return;
        }
        h.next += n;
        if (data == null) {
            gap(conn, h, n, GapReason.TRUNCATED);
            return;
        }
        h.delivered += n;
        counters.bytesDelivered += n;
        counters.bytesDeliveredInPlace += n;
        handler.onData(conn, h.side, data, off, n);
    }

    /** Delivers the held pieces that {@code next} has reached, then ends the direction at its FIN. */
    private void drain(TcpConnection conn, HalfStream h) {
        while (!h.held.isEmpty() && h.held.firstStart() <= h.next) {
            HeldSegment s = h.held.pollFirst();
            release(conn, h, s);
            if (s.end() <= h.next) {
                spare.give(s.data());
                continue;
            }
            int skip = (int) (h.next - s.start());
            int n = s.length() - skip;
            h.next = s.end();
            if (s.data() == null) {
                gap(conn, h, n, GapReason.TRUNCATED);
            } else {
                h.delivered += n;
                counters.bytesDelivered += n;
                handler.onData(conn, h.side, s.data(), skip, n);
                spare.give(s.data()); // the handler's view of it ended with the call
            }
        }
        endIfFinReached(conn, h);
    }

    private void release(TcpConnection conn, HalfStream h, HeldSegment s) {
        long c = s.cost();
        h.heldCost -= c;
        conn.heldCost -= c;
        counters.heldBytes -= c;
        counters.heldSegments--;
        if (conn.heldCost == 0) {
            removeHolder(conn);
        }
    }

    /**
     * Skips to {@code target}. A gap that the receiver acknowledged whole is reported as
     * {@link GapReason#CAPTURE_LOSS} whatever forced the skip: that is why its bytes are missing.
     */
    private void skipTo(TcpConnection conn, HalfStream h, long target, GapReason reason) {
        long n = target - h.next;
        if (n > 0) {
            h.next = target;
            gap(conn, h, n, h.ackedTo >= target ? GapReason.CAPTURE_LOSS : reason);
        }
    }

    private void gap(TcpConnection conn, HalfStream h, long n, GapReason reason) {
        h.skipped += n;
        counters.gap(reason, n);
        handler.onGap(conn, h.side, n, reason);
    }

    private void gapTimeout(TcpConnection conn, HalfStream h) {
        while (h.ended == null && !h.held.isEmpty()
                && now - h.held.firstArrived() >= config.gapTimeoutNanos()) {
            skipTo(conn, h, h.held.firstStart(), GapReason.TIMEOUT);
            drain(conn, h);
        }
    }

    /** Drops held pieces at or past a FIN just learnt: the sender said nothing follows. */
    private void trimPastFin(TcpConnection conn, HalfStream h) {
        while (!h.held.isEmpty() && h.held.last().end() > h.fin) {
            HeldSegment s = h.held.last();
            if (s.start() >= h.fin) {
                h.held.pollLast();
                release(conn, h, s);
                if (s.data() != null) {
                    counters.bytesAfterFin += s.length();
                    spare.give(s.data());
                }
            } else {
                // A piece across the FIN: keep the part before it.
                h.held.pollLast();
                release(conn, h, s);
                int keep = (int) (h.fin - s.start());
                if (s.data() != null) {
                    counters.bytesAfterFin += s.length() - keep;
                }
                HeldSegment cut = new HeldSegment(s.start(), s.data(), keep, s.arrived()); // same buffer, same cost
                h.held.add(cut);
                long c = cut.cost();
                h.heldCost += c;
                if (conn.heldCost == 0) {
                    addHolder(conn);
                }
                conn.heldCost += c;
                counters.heldBytes += c;
                counters.heldSegments++;
            }
        }
    }

    private void endIfFinReached(TcpConnection conn, HalfStream h) {
        if (h.ended == null && h.fin >= 0 && h.next >= h.fin) {
            end(conn, h, EndReason.FIN);
        }
    }

    private void endBoth(TcpConnection conn, EndReason reason) {
        end(conn, conn.fromClient, reason);
        end(conn, conn.fromServer, reason);
    }

    /** Ends a direction: what it holds is delivered after {@link GapReason#END} gaps, then {@code onEnd}. */
    private void end(TcpConnection conn, HalfStream h, EndReason reason) {
        if (h.ended != null) {
            return;
        }
        while (!h.held.isEmpty()) {
            skipTo(conn, h, h.held.firstStart(), GapReason.END);
            long fin = h.fin;
            h.fin = -1;
            drain(conn, h);
            h.fin = fin;
        }
        h.ended = reason;
        handler.onEnd(conn, h.side, reason);
    }
}
