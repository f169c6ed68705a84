package org.epcap.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.epcap.pkt.DataLinkType;
import org.junit.jupiter.api.Test;

/**
 * The table's behaviour on hand-built packets whose expected flows follow from the scenario:
 * directions and counts, the initiator, TCP close with linger, timeouts in packet time, the bound
 * on flows with eviction, flush and snapshot.
 */
class FlowTableTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_700_000_000L * S;

    private final List<FlowRecord> out = new ArrayList<>();

    private FlowTable table(FlowConfig c) {
        return new FlowTable(c, out::add);
    }

    private static void feed(FlowTable t, long time, byte[] frame) {
        t.accept(DataLinkType.EN10MB, time, frame, 0, frame.length);
    }

    @Test
    void bothDirectionsAreOneFlowCountedApart() {
        FlowTable t = table(FlowConfig.defaults());
        feed(t, T0, Frames.tcp4("10.0.0.2", 40000, "10.0.0.1", 80, Frames.SYN, 0));
        feed(t, T0 + 1000, Frames.tcp4("10.0.0.1", 80, "10.0.0.2", 40000, Frames.SYN | Frames.ACK, 0));
        feed(t, T0 + 2000, Frames.tcp4("10.0.0.2", 40000, "10.0.0.1", 80, Frames.ACK | Frames.PSH, 100));
        t.flush();
        assertEquals(1, out.size());
        FlowRecord r = out.get(0);
        assertEquals("/10.0.0.2", r.initiator().toString());
        assertEquals(40000, r.initiatorPort());
        assertEquals(80, r.responderPort());
        assertEquals(2, r.initiatorPackets());
        assertEquals(40 + 140, r.initiatorBytes());
        assertEquals(1, r.responderPackets());
        assertEquals(40, r.responderBytes());
        assertEquals(Frames.SYN | Frames.ACK | Frames.PSH, r.initiatorTcpFlags());
        assertEquals(Frames.SYN | Frames.ACK, r.responderTcpFlags());
        assertEquals(T0, r.firstNanos());
        assertEquals(T0 + 2000, r.lastNanos());
        assertEquals(EndReason.FLUSHED, r.endReason());
        assertEquals(6, r.protocol());
    }

    @Test
    void aSynAckFirstMakesItsDestinationTheInitiator() {
        FlowTable t = table(FlowConfig.defaults());
        feed(t, T0, Frames.tcp4("10.0.0.1", 80, "10.0.0.2", 40000, Frames.SYN | Frames.ACK, 0));
        t.flush();
        assertEquals("/10.0.0.2", out.get(0).initiator().toString());
        assertEquals(0, out.get(0).initiatorPackets());
        assertEquals(1, out.get(0).responderPackets());
    }

    @Test
    void finFromBothSidesEndsTheFlowAfterTheLingerWithItsLastAck() {
        FlowTable t = table(FlowConfig.defaults().withCloseLinger(Duration.ofSeconds(2)));
        feed(t, T0, Frames.tcp4("10.0.0.2", 40000, "10.0.0.1", 80, Frames.SYN, 0));
        feed(t, T0 + S, Frames.tcp4("10.0.0.2", 40000, "10.0.0.1", 80, Frames.FIN | Frames.ACK, 0));
        feed(t, T0 + 2 * S, Frames.tcp4("10.0.0.1", 80, "10.0.0.2", 40000, Frames.FIN | Frames.ACK, 0));
        feed(t, T0 + 3 * S, Frames.tcp4("10.0.0.2", 40000, "10.0.0.1", 80, Frames.ACK, 0));
        assertTrue(out.isEmpty(), "still lingering");
        t.advanceTo(T0 + 5 * S - 1);
        assertTrue(out.isEmpty(), "the linger counts from the last packet");
        t.advanceTo(T0 + 5 * S);
        assertEquals(1, out.size());
        assertEquals(EndReason.FIN, out.get(0).endReason());
        assertEquals(3, out.get(0).initiatorPackets(), "the last ACK belongs to the closed flow");
    }

    @Test
    void aRstEndsTheFlowAndANewSynStartsAnotherAtOnce() {
        FlowTable t = table(FlowConfig.defaults());
        feed(t, T0, Frames.tcp4("10.0.0.2", 40000, "10.0.0.1", 80, Frames.SYN, 0));
        feed(t, T0 + 1, Frames.tcp4("10.0.0.1", 80, "10.0.0.2", 40000, Frames.RST | Frames.ACK, 0));
        feed(t, T0 + 2, Frames.tcp4("10.0.0.2", 40000, "10.0.0.1", 80, Frames.SYN, 0));
        assertEquals(1, out.size(), "the SYN ended the reset flow");
        assertEquals(EndReason.RST, out.get(0).endReason());
        assertEquals(1, out.get(0).responderPackets());
        t.flush();
        assertEquals(EndReason.FLUSHED, out.get(1).endReason());
        assertEquals(1, out.get(1).initiatorPackets());
        assertEquals(out.get(0).communityId(), out.get(1).communityId());
    }

    @Test
    void idleTimeoutIsPacketTimeNotWallTime() {
        FlowTable t = table(FlowConfig.defaults().withIdleTimeout(Duration.ofSeconds(30)));
        feed(t, T0, Frames.udp4("10.0.0.1", 53, "10.0.0.2", 5353, 10));
        feed(t, T0 + 10 * S, Frames.udp4("10.0.0.3", 53, "10.0.0.4", 5353, 10));
        feed(t, T0 + 30 * S - 1, Frames.udp4("10.0.0.3", 53, "10.0.0.4", 5353, 10));
        assertTrue(out.isEmpty());
        // Years of wall time mean nothing; 30 s of packet time after the first flow's packet do.
        feed(t, T0 + 30 * S, Frames.udp4("10.0.0.3", 53, "10.0.0.4", 5353, 10));
        assertEquals(1, out.size());
        assertEquals(EndReason.IDLE_TIMEOUT, out.get(0).endReason());
        assertEquals("/10.0.0.1", out.get(0).initiator().toString());
        assertEquals(1, t.stats().liveFlows());
    }

    @Test
    void aStepBackInTimeEndsNothingEarly() {
        FlowTable t = table(FlowConfig.defaults().withIdleTimeout(Duration.ofSeconds(30)));
        feed(t, T0 + 100 * S, Frames.udp4("10.0.0.1", 1, "10.0.0.2", 2, 0));
        // The capture's clock steps back 100 s: the new flow is stamped with its own time, but
        // neither it nor the first counts as idle for it.
        feed(t, T0, Frames.udp4("10.0.0.3", 1, "10.0.0.4", 2, 0));
        feed(t, T0 + S, Frames.udp4("10.0.0.3", 1, "10.0.0.4", 2, 0));
        assertTrue(out.isEmpty());
        t.advanceTo(T0 + 130 * S);
        assertEquals(2, out.size());
        FlowRecord back = out.stream().filter(r -> r.initiator().toString().equals("/10.0.0.3")).findFirst().get();
        assertEquals(T0, back.firstNanos());
        assertEquals(T0 + S, back.lastNanos());
        assertEquals(EndReason.IDLE_TIMEOUT, back.endReason());
    }

    @Test
    void activeTimeoutSplitsALongFlowAtItsNextPacket() {
        FlowTable t = table(FlowConfig.defaults().withActiveTimeout(Duration.ofSeconds(60)));
        for (int i = 0; i <= 10; i++) {
            feed(t, T0 + i * 10 * S, Frames.udp4("10.0.0.1", 1000, "10.0.0.2", 2000, 1));
        }
        // Packets at 0..50 s make the first record; the one at 60 s starts the second.
        assertEquals(1, out.size());
        assertEquals(EndReason.ACTIVE_TIMEOUT, out.get(0).endReason());
        assertEquals(6, out.get(0).initiatorPackets());
        t.flush();
        assertEquals(5, out.get(1).initiatorPackets());
    }

    @Test
    void aFullTableEvictsTheLeastRecentlySeenAndCountsIt() {
        FlowTable t = table(FlowConfig.defaults().withMaxFlows(100));
        for (int i = 0; i < 1000; i++) {
            feed(t, T0 + i, Frames.udp4("10.1." + (i >> 8) + "." + (i & 255), 1000, "10.0.0.1", 53, 1));
            if (i % 10 == 0) {
                // Flow 0 stays fresh: it must never be the one evicted.
                feed(t, T0 + i, Frames.udp4("10.1.0.0", 1000, "10.0.0.1", 53, 1));
            }
        }
        FlowStats s = t.stats();
        assertEquals(100, s.liveFlows());
        assertEquals(100, s.peakFlows());
        assertEquals(900, s.ended(EndReason.EVICTED));
        assertEquals(900, out.size());
        assertTrue(out.stream().noneMatch(r -> r.initiator().toString().equals("/10.1.0.0")));
        // The evicted are the oldest: 10.1.0.1 first, and in order.
        assertEquals("/10.1.0.1", out.get(0).initiator().toString());
        t.flush();
        assertEquals(100, s.maxFlows());
        assertEquals(1000, out.size());
    }

    @Test
    void closedFlowsMakeRoomBeforeOpenOnesAreEvicted() {
        FlowTable t = table(FlowConfig.defaults().withMaxFlows(2));
        feed(t, T0, Frames.tcp4("10.0.0.1", 1, "10.0.0.9", 80, Frames.SYN, 0));
        feed(t, T0 + 1, Frames.tcp4("10.0.0.2", 1, "10.0.0.9", 80, Frames.SYN, 0));
        feed(t, T0 + 2, Frames.tcp4("10.0.0.2", 1, "10.0.0.9", 80, Frames.RST, 0));
        feed(t, T0 + 3, Frames.tcp4("10.0.0.3", 1, "10.0.0.9", 80, Frames.SYN, 0));
        assertEquals(1, out.size());
        assertEquals(EndReason.RST, out.get(0).endReason());
        assertEquals(0, t.stats().ended(EndReason.EVICTED));
    }

    @Test
    void vlanIdsArePartOfTheKeyUnlessTurnedOff() {
        FlowTable t = table(FlowConfig.defaults());
        feed(t, T0, Frames.udp4("10.0.0.1", 1, "10.0.0.2", 2, 0, 10));
        feed(t, T0, Frames.udp4("10.0.0.1", 1, "10.0.0.2", 2, 0, 20));
        feed(t, T0, Frames.udp4("10.0.0.1", 1, "10.0.0.2", 2, 0, 10, 30));
        feed(t, T0, Frames.udp4("10.0.0.2", 2, "10.0.0.1", 1, 0, 10, 30));
        assertEquals(3, t.stats().liveFlows());
        t.flush();
        assertTrue(out.stream().anyMatch(r -> r.outerVlan() == 10 && r.innerVlan() == 30 && r.responderPackets() == 1));
        FlowTable flat = new FlowTable(FlowConfig.defaults().withVlanInKey(false), r -> { });
        feed(flat, T0, Frames.udp4("10.0.0.1", 1, "10.0.0.2", 2, 0, 10));
        feed(flat, T0, Frames.udp4("10.0.0.1", 1, "10.0.0.2", 2, 0, 20));
        assertEquals(1, flat.stats().liveFlows());
    }

    @Test
    void icmpRequestAndReplyAreOneFlowOneWayTypesAreNot() {
        FlowTable t = table(FlowConfig.defaults());
        feed(t, T0, Frames.icmp4("10.0.0.1", "10.0.0.2", 8, 0));
        feed(t, T0, Frames.icmp4("10.0.0.2", "10.0.0.1", 0, 0));
        feed(t, T0, Frames.icmp4("10.0.0.2", "10.0.0.1", 3, 1));
        feed(t, T0, Frames.icmp4("10.0.0.1", "10.0.0.2", 3, 1));
        assertEquals(3, t.stats().liveFlows());
    }

    @Test
    void snapshotReportsWithoutEndingAndNonIpIsCounted() {
        FlowTable t = table(FlowConfig.defaults());
        feed(t, T0, Frames.udp4("10.0.0.1", 1, "10.0.0.2", 2, 0));
        byte[] arp = new byte[42];
        arp[12] = 0x08;
        arp[13] = 0x06;
        feed(t, T0, arp);
        assertNull(t.lastCommunityId());
        List<FlowRecord> snap = new ArrayList<>();
        t.snapshot(snap::add);
        assertEquals(1, snap.size());
        assertEquals(EndReason.ONGOING, snap.get(0).endReason());
        assertTrue(out.isEmpty());
        assertEquals(1, t.stats().liveFlows());
        assertEquals(2, t.stats().packets());
        assertEquals(1, t.stats().notIp());
    }

    @Test
    void theIndexStaysCorrectThroughChurn() {
        // Many flows come and go through a small table: every flow must still be found again
        // (a broken deletion would lose or duplicate flows and the counts would not add up).
        FlowTable t = table(FlowConfig.defaults().withMaxFlows(64).withIdleTimeout(Duration.ofSeconds(5)));
        java.util.Random rnd = new java.util.Random(1);
        long time = T0;
        long sent = 0;
        for (int i = 0; i < 200_000; i++) {
            int host = rnd.nextInt(200);
            time += rnd.nextInt(50_000_000);
            feed(t, time, Frames.udp4("10.2." + (host >> 8) + "." + (host & 255), 7, "10.0.0.1", 7, 0));
            sent++;
            if (i % 1000 == 0) {
                assertTrue(t.stats().liveFlows() <= 64);
            }
        }
        t.flush();
        long counted = out.stream().mapToLong(r -> r.initiatorPackets() + r.responderPackets()).sum();
        assertEquals(sent, counted);
        FlowStats s = t.stats();
        assertEquals(s.flowsCreated(), out.size());
        assertEquals(0, s.liveFlows());
    }

    @Test
    void flowsHeldWhileTheArraysGrowAreFoundAgain() {
        // The arrays start at 1024 flows and double: 5000 flows live at once cross three growths,
        // and each must still be found by its reply (one flow, one packet each way, none evicted).
        FlowTable t = table(FlowConfig.defaults().withMaxFlows(10_000));
        int flows = 5000;
        for (int i = 0; i < flows; i++) {
            feed(t, T0 + i, Frames.udp4("10.3." + (i >> 8) + "." + (i & 255), 1000 + i, "10.0.0.1", 53, 0));
        }
        for (int i = 0; i < flows; i++) {
            feed(t, T0 + flows + i, Frames.udp4("10.0.0.1", 53, "10.3." + (i >> 8) + "." + (i & 255), 1000 + i, 0));
        }
        assertEquals(flows, t.stats().liveFlows());
        t.flush();
        assertEquals(flows, out.size());
        assertTrue(out.stream().allMatch(r -> r.initiatorPackets() == 1 && r.responderPackets() == 1));
        assertEquals(0, t.stats().ended(EndReason.EVICTED));
    }
}
