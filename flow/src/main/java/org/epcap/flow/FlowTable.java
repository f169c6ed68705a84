package org.epcap.flow;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.epcap.pkt.FastDecoder;

/**
 * A bounded table of bidirectional flows: packets in (any link type {@link LinkLayer} reads),
 * {@link FlowRecord}s out to a {@link FlowHandler} when flows end, on {@link #flush()} and on
 * {@link #snapshot}. A flow is the 5-tuple (addresses, protocol, ports or their ICMP
 * equivalents) in Community ID order, plus up to two VLAN ids; both directions of a conversation
 * are one flow.
 *
 * <pre>{@code
 * FlowTable flows = new FlowTable(FlowConfig.defaults(), r -> System.out.println(r.toMap()));
 * try (PcapReader reader = PcapReader.open(Path.of("trace.pcap"))) {
 *     for (RecordView v; (v = reader.nextView()) != null; ) {
 *         flows.accept(v.dataLinkType(), v.timeNanos(), v.array(), v.offset(), v.caplen());
 *     }
 * }
 * flows.flush();                       // the flows still open, as FLUSHED
 * System.out.println(flows.stats());   // evictions, packets that were not IP, ...
 * }</pre>
 *
 * <p><b>Bounded.</b> All state lives in arrays that start at 1024 flows and double as flows come,
 * up to {@link FlowConfig#maxFlows()}: the memory follows the flows held, never beyond that bound. A new flow in a full table first ends the oldest flow that
 * is already closed (its record is complete), else evicts the least recently seen open one
 * ({@link EndReason#EVICTED}, counted in {@link #stats()}).
 *
 * <p><b>Packet time.</b> The table's clock is the latest packet time seen (or given to
 * {@link #advanceTo}); every timeout is measured on it, so a file gives the same flows at any
 * reading speed. Flows are kept in least-recently-seen order, so the timeouts cost nothing per
 * packet but a look at the oldest flow. Timestamps that go backwards do not move the clock back,
 * and a flow's idle time counts on the clock, not on its packets' stamps: a step back of the
 * capture's clock does not end every flow at once (records keep the packets' own times).
 *
 * <p><b>TCP end.</b> A RST, or a FIN from each side, closes a flow; it stays for
 * {@link FlowConfig#closeLinger()} so that the last ACKs and retransmissions count to it, then its
 * record goes out with reason RST or FIN. A SYN without ACK on a closed flow starts a new one.
 *
 * <p><b>Fast.</b> Nothing is allocated per packet: the decoder and the table are reused, keys
 * are compared in place in an open-addressing index with a per-table random hash seed (so that
 * chosen addresses cannot make chains long). Records (and their Community ID, one SHA-1) are
 * made once per flow, when delivered. Not thread-safe: feed a table from one thread.
 */
public final class FlowTable implements PacketSink {
    private static final int NONE = -1;
    /** Flows the arrays hold at first; they double from there as needed, up to maxFlows. */
    private static final int INITIAL_CAPACITY = 1024;
    private static final int OPEN = 0;
    private static final int CLOSING = 1;

    // kind[f]: the protocol and flags of the key and the flow's state, in one int.
    private static final int PROTO_MASK = 0xff;
    private static final int V6 = 1 << 8;
    private static final int PORTS = 1 << 9;
    private static final int KEY_MASK = PROTO_MASK | V6 | PORTS;
    private static final int INITIATOR_IS_A = 1 << 10;
    private static final int FIN_A = 1 << 11;
    private static final int FIN_B = 1 << 12;
    private static final int IN_CLOSING = 1 << 13;
    private static final int CLOSED_BY_RST = 1 << 14;
    /** Which list the flow is linked in: the closing one when set. */
    private static final int LISTED_CLOSING = 1 << 15;

    private static final int TCP_FIN = 0x01;
    private static final int TCP_SYN = 0x02;
    private static final int TCP_RST = 0x04;
    private static final int TCP_ACK = 0x10;

    private final FlowConfig config;
    private final FlowHandler handler;
    private final int maxFlows;
    private final long idleNanos;
    private final long activeNanos;
    private final long lingerNanos;
    private final long hashSeed = new SecureRandom().nextLong();
    private final FastDecoder decoder = new FastDecoder();

    private long[] aHigh;
    private long[] aLow;
    private long[] bHigh;
    private long[] bLow;
    private int[] ports;
    private int[] kind;
    private int[] vlan;
    private int[] hash;
    private long[] first;
    private long[] last;
    /** The table's clock at the flow's last packet: what timeouts measure (last is packet time). */
    private long[] seen;
    private long[] packetsA;
    private long[] packetsB;
    private long[] bytesA;
    private long[] bytesB;
    private int[] tcpFlags;
    /** Each flow's Community ID once asked for: exporters key every packet by it. */
    private String[] communityIds;
    private int[] prev;
    private int[] next;
    private final int[] head = {NONE, NONE};
    private final int[] tail = {NONE, NONE};
    private int[] index;
    private int mask;
    /** Flows the arrays have room for now: they grow by doubling up to {@link #maxFlows}. */
    private int capacity;
    private int[] free;
    private int freeTop;

    private int live;
    private int peak;
    private long now = Long.MIN_VALUE;
    private int lastFlow = NONE;
    private long packets;
    private long notIp;
    private long created;
    private final long[] ended = new long[EndReason.values().length];

    /** A table with {@code config}'s bounds delivering records to {@code handler}. */
    public FlowTable(FlowConfig config, FlowHandler handler) {
        this.config = config;
        this.handler = handler;
        this.maxFlows = config.maxFlows();
        this.idleNanos = config.idleTimeout().toNanos();
        this.activeNanos = config.activeTimeout().toNanos();
        this.lingerNanos = config.closeLinger().toNanos();
        allocate(Math.min(maxFlows, INITIAL_CAPACITY));
    }

    /**
     * Sizes every per-flow array for {@code n} flows (keeping the flows held) and rebuilds the
     * index: the arrays start small and double as flows come, up to {@code maxFlows}, so that a
     * large bound costs memory only when that many flows are really held.
     */
    private void allocate(int n) {
        int old = capacity;
        aHigh = grow(aHigh, n);
        aLow = grow(aLow, n);
        bHigh = grow(bHigh, n);
        bLow = grow(bLow, n);
        ports = grow(ports, n);
        kind = grow(kind, n);
        vlan = grow(vlan, n);
        hash = grow(hash, n);
        first = grow(first, n);
        last = grow(last, n);
        seen = grow(seen, n);
        packetsA = grow(packetsA, n);
        packetsB = grow(packetsB, n);
        bytesA = grow(bytesA, n);
        bytesB = grow(bytesB, n);
        tcpFlags = grow(tcpFlags, n);
        communityIds = communityIds == null ? new String[n] : Arrays.copyOf(communityIds, n);
        prev = grow(prev, n);
        next = grow(next, n);
        free = grow(free, n);
        // The new slots go on the free stack, the lowest on top.
        for (int i = n - 1; i >= old; i--) {
            free[freeTop++] = i;
        }
        capacity = n;
        // At most half full, so that linear probing stays short.
        int size = Integer.highestOneBit(Math.max(2, n) * 2 - 1) << 1;
        index = new int[size];
        mask = size - 1;
        for (int list : new int[] {OPEN, CLOSING}) {
            for (int f = head[list]; f != NONE; f = next[f]) {
                int pos = hash[f] & mask;
                while (index[pos] != 0) {
                    pos = (pos + 1) & mask;
                }
                index[pos] = f + 1;
            }
        }
    }

    private static long[] grow(long[] a, int n) {
        return a == null ? new long[n] : Arrays.copyOf(a, n);
    }

    private static int[] grow(int[] a, int n) {
        return a == null ? new int[n] : Arrays.copyOf(a, n);
    }

    public FlowConfig config() {
        return config;
    }

    @Override
    public void accept(int dataLinkType, long timeNanos, byte[] data, int offset, int length) {
        packets++;
        advanceTo(timeNanos);
        FastDecoder d = decoder;
        int layers = LinkLayer.decode(d, dataLinkType, data, offset, length);
        if ((layers & (FastDecoder.IPV4 | FastDecoder.IPV6)) == 0) {
            notIp++;
            lastFlow = NONE;
            return;
        }
        boolean v6 = (layers & FastDecoder.IPV6) != 0;
        long sHigh;
        long sLow;
        long dHigh;
        long dLow;
        int ipBytes;
        if (v6) {
            sHigh = d.ipv6SourceHigh();
            sLow = d.ipv6SourceLow();
            dHigh = d.ipv6DestinationHigh();
            dLow = d.ipv6DestinationLow();
            ipBytes = d.ipLength() != 0 ? 40 + d.ipLength() : offset + length - d.ipOffset();
        } else {
            sHigh = 0;
            sLow = d.ipv4Source() & 0xffff_ffffL;
            dHigh = 0;
            dLow = d.ipv4Destination() & 0xffff_ffffL;
            ipBytes = d.ipLength() >= 20 ? d.ipLength() : offset + length - d.ipOffset();
        }
        int protocol = d.ipProtocol() & PROTO_MASK;
        boolean hasPorts = true;
        boolean oneWay = false;
        int sp = 0;
        int dp = 0;
        int flags = 0;
        if ((layers & (FastDecoder.TCP | FastDecoder.UDP)) != 0) {
            sp = d.sourcePort();
            dp = d.destinationPort();
            if ((layers & FastDecoder.TCP) != 0) {
                flags = d.tcpFlags();
            }
        } else if ((layers & (FastDecoder.ICMP | FastDecoder.ICMP6)) != 0
                && (protocol == CommunityId.ICMP) == !v6) {
            sp = d.icmpType();
            int counter = CommunityId.icmpCounterType(protocol, sp);
            oneWay = counter < 0;
            dp = oneWay ? d.icmpCode() : counter;
        } else if (protocol == 132 && (layers & FastDecoder.FRAGMENT) == 0 && d.transportOffset() >= 0
                && offset + length - d.transportOffset() >= 12) {
            // SCTP: the fast decoder stops at its common header; the ports are its first 4 bytes.
            int t = d.transportOffset();
            sp = ((data[t] & 0xff) << 8) | (data[t + 1] & 0xff);
            dp = ((data[t + 2] & 0xff) << 8) | (data[t + 3] & 0xff);
        } else {
            hasPorts = false;
        }
        boolean fromA;
        if (oneWay) {
            fromA = true;
        } else {
            int c = sHigh != dHigh ? Long.compareUnsigned(sHigh, dHigh) : Long.compareUnsigned(sLow, dLow);
            fromA = c < 0 || (c == 0 && (!hasPorts || sp < dp));
        }
        long kaHigh = fromA ? sHigh : dHigh;
        long kaLow = fromA ? sLow : dLow;
        long kbHigh = fromA ? dHigh : sHigh;
        long kbLow = fromA ? dLow : sLow;
        int kPorts = hasPorts ? (fromA ? (sp << 16) | dp : (dp << 16) | sp) : 0;
        int kKind = protocol | (v6 ? V6 : 0) | (hasPorts ? PORTS : 0);
        int kVlan = 0;
        if (config.vlanInKey() && d.vlanCount() > 0) {
            kVlan = d.vlanCount() == 1 ? (1 << 24) | d.vlanId(0) : (2 << 24) | (d.vlanId(0) << 12) | d.vlanId(1);
        }
        int h = hash(kaHigh, kaLow, kbHigh, kbLow, kPorts, kKind, kVlan);

        int f = find(h, kaHigh, kaLow, kbHigh, kbLow, kPorts, kKind, kVlan);
        if (f != NONE) {
            boolean restart = (kind[f] & IN_CLOSING) != 0 && (flags & (TCP_SYN | TCP_ACK)) == TCP_SYN;
            if (restart) {
                end(f, closedReason(f));
                f = NONE;
            } else if (activeNanos > 0 && timeNanos - first[f] >= activeNanos) {
                end(f, EndReason.ACTIVE_TIMEOUT);
                f = NONE;
            }
        }
        if (f == NONE) {
            f = create(h, kaHigh, kaLow, kbHigh, kbLow, kPorts, kKind, kVlan, timeNanos);
            // The initiator sent the first packet, unless that packet answers a SYN we missed.
            boolean synAck = (flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK);
            if (fromA != synAck) {
                kind[f] |= INITIATOR_IS_A;
            }
        }
        if (fromA) {
            packetsA[f]++;
            bytesA[f] += ipBytes;
            tcpFlags[f] |= flags;
        } else {
            packetsB[f]++;
            bytesB[f] += ipBytes;
            tcpFlags[f] |= flags << 16;
        }
        if (timeNanos > last[f]) {
            last[f] = timeNanos;
        }
        seen[f] = now;
        int k = kind[f];
        if (protocol == 6 && (k & IN_CLOSING) == 0) {
            if ((flags & TCP_RST) != 0) {
                k |= CLOSED_BY_RST | IN_CLOSING;
            } else if ((flags & TCP_FIN) != 0) {
                k |= fromA ? FIN_A : FIN_B;
                if ((k & (FIN_A | FIN_B)) == (FIN_A | FIN_B)) {
                    k |= IN_CLOSING;
                }
            }
            kind[f] = k;
        }
        int list = (k & IN_CLOSING) != 0 ? CLOSING : OPEN;
        if (tail[list] != f) {
            // Most recently seen goes last; a flow's packets often come in runs, already last.
            unlink(f);
            append(f, list);
        }
        lastFlow = f;
    }

    /**
     * Moves the table's clock to {@code timeNanos} (if later) and ends the flows that timed out by
     * then. Call it during quiet periods of a live capture, with the wall clock in the capture's
     * time base, so that idle flows are reported without waiting for the next packet.
     */
    public void advanceTo(long timeNanos) {
        if (timeNanos > now) {
            now = timeNanos;
        }
        int f;
        while ((f = head[OPEN]) != NONE && now - seen[f] >= idleNanos) {
            end(f, EndReason.IDLE_TIMEOUT);
        }
        while ((f = head[CLOSING]) != NONE && now - seen[f] >= lingerNanos) {
            end(f, closedReason(f));
        }
    }

    /** Ends every flow: closed ones with their reason, the others {@link EndReason#FLUSHED}. */
    public void flush() {
        int f;
        while ((f = head[CLOSING]) != NONE) {
            end(f, closedReason(f));
        }
        while ((f = head[OPEN]) != NONE) {
            end(f, EndReason.FLUSHED);
        }
        lastFlow = NONE;
    }

    /** Gives {@code to} a record of every live flow ({@link EndReason#ONGOING}); ends none. */
    public void snapshot(FlowHandler to) {
        for (int list : new int[] {OPEN, CLOSING}) {
            for (int f = head[list]; f != NONE; f = next[f]) {
                ended[EndReason.ONGOING.ordinal()]++;
                to.onFlow(record(f, EndReason.ONGOING));
            }
        }
    }

    /**
     * The Community ID of the flow of the packet last given to {@link #accept}, or null when that
     * packet was not IP. Computed once per flow (one SHA-1) and kept while the flow lives, so that
     * asking for it on every packet (to key each packet by its flow) costs a lookup.
     */
    public String lastCommunityId() {
        return lastFlow == NONE ? null : communityId(lastFlow);
    }

    /** A record of the flow of the last packet, as it is now ({@link EndReason#ONGOING}), or null. */
    public FlowRecord lastFlow() {
        return lastFlow == NONE ? null : record(lastFlow, EndReason.ONGOING);
    }

    /** The counters now. */
    public FlowStats stats() {
        Map<EndReason, Long> byReason = new EnumMap<>(EndReason.class);
        for (EndReason r : EndReason.values()) {
            byReason.put(r, ended[r.ordinal()]);
        }
        return new FlowStats(packets, notIp, created, byReason, live, peak, maxFlows, memoryBytes());
    }

    /**
     * The bytes the table's arrays take now: they grow with the flows held, by doubling, up to
     * what {@link FlowConfig#maxFlows()} flows take.
     */
    public long memoryBytes() {
        // The Community ID strings are not counted: at most one per flow, made only when asked for.
        return (long) capacity * (11 * Long.BYTES + 9 * Integer.BYTES + Integer.BYTES)
                + (long) index.length * Integer.BYTES;
    }

    private int hash(long kaHigh, long kaLow, long kbHigh, long kbLow, int kPorts, int kKind, int kVlan) {
        long x = mix(hashSeed ^ kaHigh);
        x = mix(x ^ kaLow);
        x = mix(x ^ kbHigh);
        x = mix(x ^ kbLow);
        x = mix(x ^ (((long) kPorts << 32) | ((long) kKind << 24) ^ kVlan));
        return (int) (x ^ (x >>> 32));
    }

    /** A 64-bit finaliser (the one of SplitMix64): every input bit moves every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private int find(int h, long kaHigh, long kaLow, long kbHigh, long kbLow, int kPorts, int kKind, int kVlan) {
        int[] idx = index;
        for (int pos = h & mask; ; pos = (pos + 1) & mask) {
            int e = idx[pos];
            if (e == 0) {
                return NONE;
            }
            int f = e - 1;
            if (hash[f] == h && aLow[f] == kaLow && bLow[f] == kbLow && ports[f] == kPorts
                    && (kind[f] & KEY_MASK) == kKind && aHigh[f] == kaHigh && bHigh[f] == kbHigh
                    && vlan[f] == kVlan) {
                return f;
            }
        }
    }

    private int create(int h, long kaHigh, long kaLow, long kbHigh, long kbLow, int kPorts, int kKind, int kVlan,
                       long timeNanos) {
        if (freeTop == 0 && capacity < maxFlows) {
            allocate((int) Math.min(maxFlows, 2L * capacity));
        }
        if (freeTop == 0) {
            // Full: a closed flow's record is complete, so it goes first; else the stalest open one.
            if (head[CLOSING] != NONE) {
                end(head[CLOSING], closedReason(head[CLOSING]));
            } else {
                end(head[OPEN], EndReason.EVICTED);
            }
        }
        int f = free[--freeTop];
        aHigh[f] = kaHigh;
        aLow[f] = kaLow;
        bHigh[f] = kbHigh;
        bLow[f] = kbLow;
        ports[f] = kPorts;
        kind[f] = kKind;
        vlan[f] = kVlan;
        hash[f] = h;
        first[f] = timeNanos;
        last[f] = timeNanos;
        seen[f] = now;
        packetsA[f] = 0;
        packetsB[f] = 0;
        bytesA[f] = 0;
        bytesB[f] = 0;
        tcpFlags[f] = 0;
        communityIds[f] = null;
        prev[f] = NONE;
        next[f] = NONE;
        int pos = h & mask;
        while (index[pos] != 0) {
            pos = (pos + 1) & mask;
        }
        index[pos] = f + 1;
        created++;
        live++;
        if (live > peak) {
            peak = live;
        }
        append(f, OPEN);
        return f;
    }

    private void end(int f, EndReason reason) {
        FlowRecord r = record(f, reason);
        unlink(f);
        removeFromIndex(f);
        free[freeTop++] = f;
        live--;
        ended[reason.ordinal()]++;
        if (lastFlow == f) {
            lastFlow = NONE;
        }
        handler.onFlow(r);
    }

    /** Backward-shift deletion: the entries after the hole move up, so no tombstones pile up. */
    private void removeFromIndex(int f) {
        int i = hash[f] & mask;
        while (index[i] != f + 1) {
            i = (i + 1) & mask;
        }
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            int e = index[j];
            if (e == 0) {
                break;
            }
            int home = hash[e - 1] & mask;
            // Move e into the hole unless its home lies cyclically in (i, j].
            boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!stays) {
                index[i] = e;
                i = j;
            }
        }
        index[i] = 0;
    }

    private void unlink(int f) {
        int list = (kind[f] & LISTED_CLOSING) != 0 ? CLOSING : OPEN;
        int p = prev[f];
        int n = next[f];
        if (p != NONE) {
            next[p] = n;
        } else if (head[list] == f) {
            head[list] = n;
        }
        if (n != NONE) {
            prev[n] = p;
        } else if (tail[list] == f) {
            tail[list] = p;
        }
        prev[f] = NONE;
        next[f] = NONE;
    }

    private void append(int f, int list) {
        kind[f] = list == CLOSING ? kind[f] | LISTED_CLOSING : kind[f] & ~LISTED_CLOSING;
        int t = tail[list];
        prev[f] = t;
        next[f] = NONE;
        if (t != NONE) {
            next[t] = f;
        } else {
            head[list] = f;
        }
        tail[list] = f;
    }

    private EndReason closedReason(int f) {
        return (kind[f] & CLOSED_BY_RST) != 0 ? EndReason.RST : EndReason.FIN;
    }

    private String communityId(int f) {
        String id = communityIds[f];
        if (id == null) {
            id = computeCommunityId(f);
            communityIds[f] = id;
        }
        return id;
    }

    private String computeCommunityId(int f) {
        boolean v6 = (kind[f] & V6) != 0;
        return CommunityId.digest(config.communityIdSeed(), kind[f] & PROTO_MASK, address(v6, aHigh[f], aLow[f]),
                ports[f] >>> 16, address(v6, bHigh[f], bLow[f]), ports[f] & 0xffff, (kind[f] & PORTS) != 0);
    }

    private FlowRecord record(int f, EndReason reason) {
        int k = kind[f];
        boolean v6 = (k & V6) != 0;
        boolean hasPorts = (k & PORTS) != 0;
        boolean initiatorIsA = (k & INITIATOR_IS_A) != 0;
        InetAddress a = inet(address(v6, aHigh[f], aLow[f]));
        InetAddress b = inet(address(v6, bHigh[f], bLow[f]));
        int aPort = hasPorts ? ports[f] >>> 16 : -1;
        int bPort = hasPorts ? ports[f] & 0xffff : -1;
        int v = vlan[f];
        int count = v >>> 24;
        int outer = count == 0 ? -1 : count == 1 ? v & 0xfff : (v >>> 12) & 0xfff;
        int inner = count == 2 ? v & 0xfff : -1;
        int flagsA = tcpFlags[f] & 0xffff;
        int flagsB = tcpFlags[f] >>> 16;
        return initiatorIsA
                ? new FlowRecord(communityId(f), v6 ? 6 : 4, k & PROTO_MASK, a, aPort, b, bPort, outer, inner,
                        first[f], last[f], packetsA[f], bytesA[f], packetsB[f], bytesB[f], flagsA, flagsB, reason)
                : new FlowRecord(communityId(f), v6 ? 6 : 4, k & PROTO_MASK, b, bPort, a, aPort, outer, inner,
                        first[f], last[f], packetsB[f], bytesB[f], packetsA[f], bytesA[f], flagsB, flagsA, reason);
    }

    private static byte[] address(boolean v6, long high, long low) {
        byte[] out = new byte[v6 ? 16 : 4];
        if (v6) {
            for (int i = 0; i < 8; i++) {
                out[i] = (byte) (high >>> (56 - 8 * i));
                out[8 + i] = (byte) (low >>> (56 - 8 * i));
            }
        } else {
            for (int i = 0; i < 4; i++) {
                out[i] = (byte) (low >>> (24 - 8 * i));
            }
        }
        return out;
    }

    private static InetAddress inet(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }
}
