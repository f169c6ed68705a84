package org.epcap.flow.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Code-built streams whose right outcome is known by construction: the bytes each side sent. Each
 * test checks what was delivered, the gaps and ends reported, the counters, and that held memory
 * stayed within its budget.
 */
class AdversarialStreamsTest {
    private final Recorder rec = new Recorder();

    private TcpReassembler reassembler(ReassemblyConfig c) {
        return new TcpReassembler(c, rec);
    }

    @Test
    void inOrderSegmentsAreDeliveredAsViewsOfThePacketsThemselves() {
        TcpReassembler r = reassembler(ReassemblyConfig.defaults());
        Segments s = new Segments(r);
        byte[] sent = Segments.pattern(50_000, 1);
        s.handshake();
        rec.expectArray = sent;
        for (int off = 0; off < sent.length; off += 1460) {
            s.client(Segments.ACK, off, sent, off, Math.min(1460, sent.length - off));
        }
        s.client(Segments.FIN | Segments.ACK, sent.length, sent, 0, 0);
        assertArrayEquals(sent, rec.bytes(0, Side.CLIENT));
        assertEquals(0, rec.viewsOfOtherArrays, "every delivery is a view of the caller's array");
        ReassemblyStats st = r.stats();
        assertEquals(sent.length, st.bytesDeliveredInPlace());
        assertEquals(0, st.heldBytesPeak());
        assertEquals(EndReason.FIN, rec.endReason(0, Side.CLIENT));
        assertEquals(null, rec.endReason(0, Side.SERVER), "half-close: the server's direction is still open");
    }

    @Test
    void reverseOrderIsDeliveredWholeWithinTheBudget() {
        TcpReassembler r = reassembler(ReassemblyConfig.defaults());
        Segments s = new Segments(r);
        byte[] sent = Segments.pattern(200_000, 2);
        s.handshake();
        int seg = 1000;
        for (int off = (sent.length - 1) / seg * seg; off >= 0; off -= seg) {
            s.client(Segments.ACK, off, sent, off, Math.min(seg, sent.length - off));
        }
        assertArrayEquals(sent, rec.bytes(0, Side.CLIENT));
        ReassemblyStats st = r.stats();
        assertEquals(0, st.gaps());
        assertEquals(0, st.heldBytes());
        // 199 pieces of 1,000 bytes held at once, each in a 1,024-byte buffer (rounded up to 64),
        // each with its overhead; once delivered, the buffers are kept as spares.
        assertEquals(199L * (1024 + ReassemblyConfig.SEGMENT_OVERHEAD), st.heldBytesPeak());
        assertEquals(199L * 1024, st.spareBytes());
        assertEquals(seg, st.bytesDeliveredInPlace(), "only the first segment arrived in order");
    }

    @Test
    void reverseOrderOverASmallBudgetSkipsGapsAndSaysSo() {
        long budget = 20_000;
        TcpReassembler r = reassembler(ReassemblyConfig.defaults().withBufferBytes(budget, 1 << 20));
        Segments s = new Segments(r);
        byte[] sent = Segments.pattern(200_000, 3);
        s.handshake();
        int seg = 1000;
        for (int off = sent.length - seg; off >= 0; off -= seg) {
            s.client(Segments.ACK, off, sent, off, seg);
            assertTrue(r.stats().heldBytes() + r.stats().spareBytes() <= budget, "held " + r.stats());
        }
        r.flush();
        ReassemblyStats st = r.stats();
        assertTrue(st.heldBytesPeak() <= budget, "peak " + st.heldBytesPeak());
        assertTrue(st.gapsBudget() > 0);
        byte[] got = rec.bytes(0, Side.CLIENT);
        // Delivered and skipped bytes cover the stream exactly once, in order.
        assertEquals(sent.length, got.length + rec.gapBytes(GapReason.BUDGET) + rec.gapBytes(GapReason.END));
        // What was delivered is the stream's tail, since each budget skip jumps to the latest-held data.
        long pos = 0;
        int g = 0;
        for (Recorder.Event e : rec.events) {
            if (e.connection() != rec.connections.get(0) || e.side() != Side.CLIENT) {
                continue;
            }
            if (e.kind().equals("gap")) {
                pos += e.length();
            } else if (e.kind().equals("data")) {
                assertArrayEquals(Arrays.copyOfRange(sent, (int) pos, (int) (pos + e.length())),
                        Arrays.copyOfRange(got, g, g + (int) e.length()), "bytes at " + pos);
                g += (int) e.length();
                pos += e.length();
            }
        }
        assertEquals(sent.length, pos);
        assertEquals(EndReason.FLUSHED, rec.endReason(0, Side.CLIENT));
    }

    @Test
    void conflictingOverlapsAreCountedAndTheFirstCopyWins() {
        TcpReassembler r = reassembler(ReassemblyConfig.defaults());
        Segments s = new Segments(r);
        s.handshake();
        byte[] a = "0123456789AAAAAAAAAA".getBytes();
        byte[] b = "BBBBBBBBBBBBBBB".getBytes();     // offsets 15..30: overlaps AAAAA at 15..20
        s.client(Segments.ACK, 10, a, 10, 10);      // held
        s.client(Segments.ACK, 15, b, 0, 15);       // overlaps held data with other bytes
        s.client(Segments.ACK, 12, "XX".getBytes(), 0, 2);   // overlaps held data, differs too
        s.client(Segments.ACK, 0, a, 0, 10);        // fills the gap
        s.client(Segments.ACK, 25, "BBBBB".getBytes(), 0, 5); // already delivered, same bytes
        assertEquals("0123456789AAAAAAAAAABBBBBBBBBB", new String(rec.bytes(0, Side.CLIENT)));
        ReassemblyStats st = r.stats();
        assertEquals(2, st.conflictingSegments());
        assertEquals(5 + 2, st.conflictingBytes());
        assertEquals(5 + 2 + 5, st.overlapBytes());
    }

    @Test
    void sequenceNumbersWrapAround() {
        TcpReassembler r = reassembler(ReassemblyConfig.defaults());
        Segments s = new Segments(r, 40000, 0xffff_ffffL - 3000, 0xffff_fff0L);
        byte[] sent = Segments.pattern(10_000, 4);
        byte[] back = Segments.pattern(7_000, 5);
        s.handshake();
        int[] order = {2, 0, 1, 4, 3, 6, 5, 9, 8, 7};
        for (int i : order) {
            s.client(Segments.ACK, i * 1000L, sent, i * 1000, 1000);
            if (i < 7) {
                s.server(Segments.ACK, i * 1000L, back, i * 1000, 1000);
            }
        }
        s.client(Segments.FIN | Segments.ACK, sent.length, sent, 0, 0);
        s.server(Segments.FIN | Segments.ACK, back.length, back, 0, 0);
        assertArrayEquals(sent, rec.bytes(0, Side.CLIENT));
        assertArrayEquals(back, rec.bytes(0, Side.SERVER));
        assertEquals(0, r.stats().gaps());
        assertEquals(EndReason.FIN, rec.endReason(0, Side.CLIENT));
        assertEquals(EndReason.FIN, rec.endReason(0, Side.SERVER));
        assertEquals(0, r.stats().connections(), "both FINs close the connection");
    }

    @Test
    void aConnectionPickedUpMidStreamIsDeliveredFromTheFirstDataSeen() {
        TcpReassembler r = reassembler(ReassemblyConfig.defaults());
        Segments s = new Segments(r);
        byte[] sent = Segments.pattern(5000, 6);
        s.client(Segments.ACK | 0x08, 2000, sent, 2000, 1000);   // no SYN seen
        s.client(Segments.ACK, 3000, sent, 3000, 2000);
        s.client(Segments.ACK, 1000, sent, 1000, 1000);          // from before the pick-up point
        assertArrayEquals(Arrays.copyOfRange(sent, 2000, 5000), rec.bytes(0, Side.CLIENT));
        assertEquals(1000, r.stats().overlapBytes());
        assertEquals("10.0.0.1:40000", rec.connections.get(0).client());
    }

    @Test
    void dataTheReceiverAcknowledgedButTheCaptureMissedIsAGapOfCaptureLoss() {
        TcpReassembler r = reassembler(ReassemblyConfig.defaults().withGapTimeout(Duration.ofSeconds(1)));
        Segments s = new Segments(r);
        byte[] sent = Segments.pattern(3000, 7);
        s.handshake();
        s.client(Segments.ACK, 0, sent, 0, 1000);
        s.client(Segments.ACK, 2000, sent, 2000, 1000);   // 1000..2000 never captured
        s.serverAck(3000);
        assertEquals(0, r.stats().gaps(), "an acknowledgement alone skips nothing");
        s.time += Duration.ofSeconds(2).toNanos();
        s.serverAck(3000);                                 // the gap timeout forces the skip
        assertArrayEquals(concat(Arrays.copyOfRange(sent, 0, 1000), Arrays.copyOfRange(sent, 2000, 3000)),
                rec.bytes(0, Side.CLIENT));
        assertEquals(1000, rec.gapBytes(GapReason.CAPTURE_LOSS), "acknowledged, so lost by the capture");
        assertEquals(1, r.stats().gapsCaptureLoss());
        assertEquals(0, r.stats().gapsTimeout());
    }

    @Test
    void anAckCapturedBeforeTheSegmentItAcknowledgesLosesNothing() {
        // gopacket issue #493: its reassembler skipped the data when the ACK came first.
        TcpReassembler r = reassembler(ReassemblyConfig.defaults());
        Segments s = new Segments(r);
        byte[] sent = Segments.pattern(3000, 13);
        s.handshake();
        s.client(Segments.ACK, 0, sent, 0, 1000);
        s.client(Segments.ACK, 2000, sent, 2000, 1000);
        s.serverAck(3000);
        s.client(Segments.ACK, 1000, sent, 1000, 1000);   // captured after its ACK
        assertArrayEquals(sent, rec.bytes(0, Side.CLIENT));
        assertEquals(0, r.stats().gaps());
    }

    @Test
    void bytesCutBySnaplenAreAGapNotData() {
        TcpReassembler r = reassembler(ReassemblyConfig.defaults());
        Segments s = new Segments(r);
        byte[] sent = Segments.pattern(3000, 8);
        s.handshake();
        s.send(true, Segments.ACK, 0, sent, 0, 100, 1000);   // 100 of 1000 bytes captured
        s.client(Segments.ACK, 1000, sent, 1000, 1000);
        s.send(true, Segments.ACK, 2000, sent, 2000, 10, 1000);
        assertArrayEquals(concat(Arrays.copyOfRange(sent, 0, 100), Arrays.copyOfRange(sent, 1000, 2010)),
                rec.bytes(0, Side.CLIENT));
        assertEquals(900 + 990, rec.gapBytes(GapReason.TRUNCATED));
        assertEquals(900 + 990, r.stats().truncatedBytes());
    }

    @Test
    void rstEndsBothDirectionsAndDeliversWhatWasHeldAfterAGap() {
        TcpReassembler r = reassembler(ReassemblyConfig.defaults());
        Segments s = new Segments(r);
        byte[] sent = Segments.pattern(3000, 9);
        s.handshake();
        s.client(Segments.ACK, 0, sent, 0, 1000);
        s.client(Segments.ACK, 2000, sent, 2000, 1000);
        s.server(Segments.RST, 0, sent, 0, 0);
        assertArrayEquals(concat(Arrays.copyOfRange(sent, 0, 1000), Arrays.copyOfRange(sent, 2000, 3000)),
                rec.bytes(0, Side.CLIENT));
        assertEquals(1000, rec.gapBytes(GapReason.END));
        assertEquals(EndReason.RST, rec.endReason(0, Side.CLIENT));
        assertEquals(EndReason.RST, rec.endReason(0, Side.SERVER));
        s.client(Segments.ACK, 3000, sent, 0, 10);
        assertEquals(1, r.stats().segmentsAfterClose(), "a late segment after the RST is absorbed");
    }

    @Test
    void finArrivingBeforeTheDataItEndsWaitsForThatData() {
        TcpReassembler r = reassembler(ReassemblyConfig.defaults());
        Segments s = new Segments(r);
        byte[] sent = Segments.pattern(2000, 10);
        s.handshake();
        s.client(Segments.FIN | Segments.ACK, 1000, sent, 1000, 1000);
        assertEquals(null, rec.endReason(0, Side.CLIENT));
        s.client(Segments.ACK, 2100, sent, 0, 50);              // past the FIN: dropped
        s.client(Segments.ACK, 0, sent, 0, 1000);
        assertArrayEquals(sent, rec.bytes(0, Side.CLIENT));
        assertEquals(EndReason.FIN, rec.endReason(0, Side.CLIENT));
        assertEquals(50, r.stats().bytesAfterFin());
    }

    @Test
    void aFinBeforeWhatWasDeliveredDoesNotEndTheStream() {
        TcpReassembler r = reassembler(ReassemblyConfig.defaults());
        Segments s = new Segments(r);
        byte[] sent = Segments.pattern(3000, 14);
        s.handshake();
        s.client(Segments.ACK, 0, sent, 0, 2000);
        s.client(Segments.FIN | Segments.ACK, 500, sent, 0, 0);   // forged or stale: before offset 2000
        assertEquals(null, rec.endReason(0, Side.CLIENT));
        s.client(Segments.FIN | Segments.ACK, 2000, sent, 2000, 1000);
        assertArrayEquals(sent, rec.bytes(0, Side.CLIENT));
        assertEquals(EndReason.FIN, rec.endReason(0, Side.CLIENT));
    }

    @Test
    void idleAndGapTimeoutsRunOnPacketTime() {
        TcpReassembler r = reassembler(ReassemblyConfig.defaults()
                .withIdleTimeout(Duration.ofSeconds(60)).withGapTimeout(Duration.ofSeconds(5)));
        Segments s = new Segments(r);
        byte[] sent = Segments.pattern(3000, 11);
        s.handshake();
        s.client(Segments.ACK, 1000, sent, 1000, 1000);           // held after a gap
        s.time += Duration.ofSeconds(6).toNanos();
        s.server(Segments.ACK, 0, sent, 0, 0);                     // any segment: the gap waited too long
        assertEquals(1000, rec.gapBytes(GapReason.TIMEOUT));
        assertArrayEquals(Arrays.copyOfRange(sent, 1000, 2000), rec.bytes(0, Side.CLIENT));
        Segments other = new Segments(r, 40001, 77, 99);
        other.time = s.time + Duration.ofSeconds(61).toNanos();
        other.handshake();                                         // a minute later, in packet time
        assertEquals(EndReason.IDLE_TIMEOUT, rec.endReason(0, Side.CLIENT));
        assertEquals(EndReason.IDLE_TIMEOUT, rec.endReason(0, Side.SERVER));
        assertEquals(1, r.stats().connectionsTimedOut());
    }

    @Test
    void aNewSynOnTheSamePortsReplacesTheOldConnection() {
        TcpReassembler r = reassembler(ReassemblyConfig.defaults());
        Segments s = new Segments(r);
        s.handshake();
        s.client(Segments.ACK, 0, "hello".getBytes(), 0, 5);
        Segments again = new Segments(r, 40000, 900_000, 800_000);
        again.handshake();
        again.client(Segments.ACK, 0, "world".getBytes(), 0, 5);
        assertEquals(2, rec.connections.size());
        assertEquals(EndReason.REPLACED, rec.endReason(0, Side.CLIENT));
        assertEquals("world", new String(rec.bytes(1, Side.CLIENT)));
        assertEquals(1, r.stats().connectionsReplaced());
    }

    @Test
    void aMillionSegmentsNeverAckedStayWithinTheBudgets() {
        long perConnection = 256 * 1024;
        Tally t = new Tally();
        TcpReassembler r = new TcpReassembler(
                ReassemblyConfig.defaults().withBufferBytes(perConnection, 1 << 20), t);
        Segments s = new Segments(r);
        s.handshake();
        byte[] one = {42};
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            s.client(Segments.ACK | 0x08, 2L * i + 1, one, 0, 1);   // every segment after a 1-byte hole
        }
        ReassemblyStats held = r.stats();
        assertTrue(held.heldBytesPeak() <= perConnection, "peak " + held.heldBytesPeak());
        r.flush();
        ReassemblyStats st = r.stats();
        assertEquals(n, t.dataBytes, "every byte sent is delivered");
        assertEquals(n, t.gaps(), "every hole is reported");
        assertEquals(n, st.gapBytes());
        assertTrue(st.gapsBudget() > 0);
        assertEquals(0, st.heldBytes());
        assertEquals(0, st.heldSegments());
    }

    @Test
    void manyConnectionsHoldingDataStayWithinTheTotalBudget() {
        long total = 1 << 20;
        TcpReassembler r = reassembler(ReassemblyConfig.defaults().withBufferBytes(64 * 1024, total));
        byte[] sent = Segments.pattern(2000, 12);
        for (int c = 0; c < 5000; c++) {
            Segments s = new Segments(r, 10000 + c, c * 7919L, c * 104729L);
            s.handshake();
            s.client(Segments.ACK, 1000, sent, 1000, 1000);       // held behind a gap, never filled
            assertTrue(r.stats().heldBytes() + r.stats().spareBytes() <= total, r.stats().toString());
        }
        ReassemblyStats st = r.stats();
        assertTrue(st.heldBytesPeak() <= total, "peak " + st.heldBytesPeak());
        assertTrue(st.gapsBudget() > 0, "the total budget forced gaps in other connections");
        r.flush();
        assertEquals(5000L * 1000, r.stats().bytesDelivered());
        assertEquals(5000L * 1000, r.stats().gapBytes());
    }

    @Test
    void aMillionSynsWithoutHandshakeStayWithinTheConnectionBound() {
        Tally t = new Tally();
        TcpReassembler r = new TcpReassembler(ReassemblyConfig.defaults().withMaxConnections(1000), t);
        byte[] none = new byte[0];
        for (int i = 0; i < 1_000_000; i++) {
            int src = 0x0a010000 | (i >>> 16);
            ConnectionKey k = ConnectionKey.ipv4(src, i & 0xffff, 0x0a0000ff, 80);
            r.acceptSegment(i * 1000L, k, k.isA(false, 0, src, i & 0xffff), Segments.SYN, i, 0, none, 0, 0, 0);
        }
        ReassemblyStats st = r.stats();
        assertEquals(1000, st.connectionsPeak());
        assertEquals(1000, st.connections());
        assertEquals(1_000_000 - 1000, st.connectionsEvicted());
        assertEquals(1_000_000, st.connectionsOpened());
        assertEquals(2L * (1_000_000 - 1000), t.ends.get(EndReason.EVICTED));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
