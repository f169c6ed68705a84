package org.epcap.sniff;

import java.util.Arrays;

/**
 * tcpdump's relative TCP sequence numbers (its default; {@code -S} turns them off), for the
 * one-line output: the first segment of a conversation that carries an ACK, or any segment with
 * SYN, records the two directions' initial numbers and is printed as it is; later segments print
 * their sequence and acknowledgement numbers, and their SACK blocks, as offsets from those.
 * Segments without ACK (a first SYN) are printed as they are and record nothing.
 *
 * <p>One entry serves both directions, in tcpdump's order: the lower port first, or, for equal
 * ports, the lower address. Unlike tcpdump's table, which keeps every conversation it has seen,
 * this one is bounded: when {@link #MAX_CONVERSATIONS} are held it forgets them all (counted in
 * {@link #forgotten()}), and a conversation seen again starts over as a new one.
 *
 * <pre>{@code
 * RelativeSequences r = new RelativeSequences();
 * r.ipv4(src, dst, 80, 40000, 0x012, 1000, 5001);   // SYN-ACK: recorded, seq() == 1000
 * r.ipv4(dst, src, 40000, 80, 0x010, 5001, 1001);   // ACK: seq() == 1, ack() == 1
 * }</pre>
 */
final class RelativeSequences {
    /** Conversations held before the table is cleared. */
    static final int MAX_CONVERSATIONS = 1 << 15;
    private static final int ACK = 0x010;
    private static final int SYN = 0x002;
    private static final long U32 = 0xffff_ffffL;

    // Open addressing; a slot is empty when its family is 0. Addresses as 64-bit halves, IPv4's
    // in the first half only; ports as the first port << 16 | the second.
    private long[] srcHigh;
    private long[] srcLow;
    private long[] dstHigh;
    private long[] dstLow;
    private int[] ports;
    private byte[] family;
    private long[] baseSeq;
    private long[] baseAck;
    private int size;
    private long forgotten;

    private long seq;
    private long ack;
    private long sackOffset;

    RelativeSequences() {
        allocate(64);
    }

    /** An IPv4 segment: sets {@link #seq()}, {@link #ack()} and {@link #sackOffset()}. */
    void ipv4(int src, int dst, int sport, int dport, int flags, long seq, long ack) {
        boolean rev = sport > dport || (sport == dport && Integer.compareUnsigned(src, dst) > 0);
        if (rev) {
            apply(4, dst & U32, 0, src & U32, 0, dport << 16 | sport, true, flags, seq, ack);
        } else {
            apply(4, src & U32, 0, dst & U32, 0, sport << 16 | dport, false, flags, seq, ack);
        }
    }

    /** An IPv6 segment, its addresses as their high and low 64 bits. */
    void ipv6(long srcHi, long srcLo, long dstHi, long dstLo, int sport, int dport, int flags, long seq, long ack) {
        boolean rev = sport > dport || (sport == dport && compare(srcHi, srcLo, dstHi, dstLo) > 0);
        if (rev) {
            apply(6, dstHi, dstLo, srcHi, srcLo, dport << 16 | sport, true, flags, seq, ack);
        } else {
            apply(6, srcHi, srcLo, dstHi, dstLo, sport << 16 | dport, false, flags, seq, ack);
        }
    }

    /** The sequence number to print. */
    long seq() {
        return seq;
    }

    /** The acknowledgement number to print. */
    long ack() {
        return ack;
    }

    /** What to subtract from the edges of SACK blocks (0 when nothing is recorded). */
    long sackOffset() {
        return sackOffset;
    }

    /** Conversations forgotten because the table was full. */
    long forgotten() {
        return forgotten;
    }

    private static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    private void apply(int fam, long aHi, long aLo, long bHi, long bLo, int portPair, boolean rev, int flags,
                       long segSeq, long segAck) {
        seq = segSeq;
        ack = segAck;
        sackOffset = 0;
        if ((flags & ACK) == 0) {
            return;
        }
        int slot = find(fam, aHi, aLo, bHi, bLo, portPair);
        if (family[slot] == 0 || (flags & SYN) != 0) {
            if (family[slot] == 0) {
                slot = insert(slot, fam, aHi, aLo, bHi, bLo, portPair);
            }
            // The first direction's initial number, and the other's as the ACK implies it.
            baseSeq[slot] = rev ? (segAck - 1) & U32 : segSeq;
            baseAck[slot] = rev ? segSeq : (segAck - 1) & U32;
        } else if (rev) {
            seq = (segSeq - baseAck[slot]) & U32;
            ack = (segAck - baseSeq[slot]) & U32;
        } else {
            seq = (segSeq - baseSeq[slot]) & U32;
            ack = (segAck - baseAck[slot]) & U32;
        }
        // SACK blocks acknowledge the other direction's numbers.
        sackOffset = rev ? baseSeq[slot] : baseAck[slot];
    }

    private int find(int fam, long aHi, long aLo, long bHi, long bLo, int portPair) {
        int mask = family.length - 1;
        int i = hash(aHi, aLo, bHi, bLo, portPair) & mask;
        while (family[i] != 0) {
            if (family[i] == fam && ports[i] == portPair && srcHigh[i] == aHi && srcLow[i] == aLo
                    && dstHigh[i] == bHi && dstLow[i] == bLo) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return i;
    }

    private int insert(int slot, int fam, long aHi, long aLo, long bHi, long bLo, int portPair) {
        if (size + 1 > family.length / 2) {
            if (family.length / 2 < MAX_CONVERSATIONS) {
                grow();
            } else {
                forgotten += size;
                clear();
            }
            slot = find(fam, aHi, aLo, bHi, bLo, portPair);
        }
        family[slot] = (byte) fam;
        srcHigh[slot] = aHi;
        srcLow[slot] = aLo;
        dstHigh[slot] = bHi;
        dstLow[slot] = bLo;
        ports[slot] = portPair;
        size++;
        return slot;
    }

    private static int hash(long aHi, long aLo, long bHi, long bLo, int portPair) {
        long h = aHi * 0x9E3779B97F4A7C15L ^ aLo * 0xC2B2AE3D27D4EB4FL ^ bHi * 0x165667B19E3779F9L
                ^ bLo * 0xD6E8FEB86659FD93L ^ portPair * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 29 ^ h >>> 47);
    }

    private void grow() {
        long[] sh = srcHigh;
        long[] sl = srcLow;
        long[] dh = dstHigh;
        long[] dl = dstLow;
        int[] p = ports;
        byte[] f = family;
        long[] bs = baseSeq;
        long[] ba = baseAck;
        allocate(f.length * 2);
        for (int i = 0; i < f.length; i++) {
            if (f[i] != 0) {
                int slot = find(f[i], sh[i], sl[i], dh[i], dl[i], p[i]);
                family[slot] = f[i];
                srcHigh[slot] = sh[i];
                srcLow[slot] = sl[i];
                dstHigh[slot] = dh[i];
                dstLow[slot] = dl[i];
                ports[slot] = p[i];
                baseSeq[slot] = bs[i];
                baseAck[slot] = ba[i];
            }
        }
    }

    private void clear() {
        Arrays.fill(family, (byte) 0);
        size = 0;
    }

    private void allocate(int slots) {
        srcHigh = new long[slots];
        srcLow = new long[slots];
        dstHigh = new long[slots];
        dstLow = new long[slots];
        ports = new int[slots];
        family = new byte[slots];
        baseSeq = new long[slots];
        baseAck = new long[slots];
    }
}
