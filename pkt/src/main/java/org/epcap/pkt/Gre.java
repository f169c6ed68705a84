package org.epcap.pkt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GRE header (RFC 2784, 2890, the routing of RFC 1701, and PPTP's enhanced GRE of RFC 2637).
 *
 * <p>{@code flagsAndVersion} is the first 16-bit word whole: C (0x8000), R (0x4000), K (0x2000),
 * S (0x1000), the other flag and reserved bits (PPTP's A is 0x0080) and the version (low 3 bits).
 * The optional fields are present as those bits say; a field that is absent must be 0. The
 * checksum and offset are present when C or R is set; the acknowledgement number when the
 * version is 1 and A is set; the routing entries (SREs, up to and including the empty one that
 * ends them) when R is set, kept raw. {@link #protocolType()} is the ether type of what follows.
 *
 * <pre>{@code
 * Gre g = Gre.of(0x0800, 42L, null);             // key 42, no sequence number
 * g.encodedLength();                            // 8
 * Gre.decode(g.encode(), 0, 8).key();           // 42
 * }</pre>
 *
 * @param flagsAndVersion       0–65535
 * @param protocolType          0–65535, an ether type
 * @param checksum              0–65535, when C or R
 * @param offset                0–65535, the routing offset, when C or R
 * @param key                   0–2³²−1, when K
 * @param sequenceNumber        0–2³²−1, when S
 * @param acknowledgementNumber 0–2³²−1, when version 1 and A
 * @param routing               the SREs, when R
 */
public record Gre(int flagsAndVersion, int protocolType, int checksum, int offset, long key,
        long sequenceNumber, long acknowledgementNumber, Bytes routing) implements Header, HasChecksum {

    static final String LAYER = "gre";
    public static final int CHECKSUM_PRESENT = 0x8000;
    public static final int ROUTING_PRESENT = 0x4000;
    public static final int KEY_PRESENT = 0x2000;
    public static final int SEQUENCE_PRESENT = 0x1000;
    public static final int ACKNOWLEDGEMENT_PRESENT = 0x0080;

    public Gre {
        Wire.check("flagsAndVersion", flagsAndVersion, 0xffff);
        Wire.check("protocolType", protocolType, 0xffff);
        Wire.check("checksum", checksum, 0xffff);
        Wire.check("offset", offset, 0xffff);
        Wire.check("key", key, 0xffff_ffffL);
        Wire.check("sequenceNumber", sequenceNumber, 0xffff_ffffL);
        Wire.check("acknowledgementNumber", acknowledgementNumber, 0xffff_ffffL);
        Wire.notNull("routing", routing);
        boolean cr = (flagsAndVersion & (CHECKSUM_PRESENT | ROUTING_PRESENT)) != 0;
        absent("checksum", checksum, cr);
        absent("offset", offset, cr);
        absent("key", key, (flagsAndVersion & KEY_PRESENT) != 0);
        absent("sequenceNumber", sequenceNumber, (flagsAndVersion & SEQUENCE_PRESENT) != 0);
        absent("acknowledgementNumber", acknowledgementNumber, ackPresent(flagsAndVersion));
        absent("routing", routing.length(), (flagsAndVersion & ROUTING_PRESENT) != 0);
    }

    private static void absent(String field, long value, boolean present) {
        if (!present && value != 0) {
            throw new IllegalArgumentException(field + " must be 0 when its flag is not set");
        }
    }

    private static boolean ackPresent(int flagsAndVersion) {
        return (flagsAndVersion & 7) == 1 && (flagsAndVersion & ACKNOWLEDGEMENT_PRESENT) != 0;
    }

    /** A version-0 header with an optional key and sequence number (null: absent). */
    public static Gre of(int protocolType, Long key, Long sequenceNumber) {
        int flags = (key != null ? KEY_PRESENT : 0) | (sequenceNumber != null ? SEQUENCE_PRESENT : 0);
        return new Gre(flags, protocolType, 0, 0, key != null ? key : 0,
                sequenceNumber != null ? sequenceNumber : 0, 0, Bytes.EMPTY);
    }

    /** Decodes the GRE header at {@code offset}, optional fields and routing included. */
    public static Gre decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, 4, limit);
        int flags = Wire.u16(packet, offset);
        boolean cr = (flags & (CHECKSUM_PRESENT | ROUTING_PRESENT)) != 0;
        boolean k = (flags & KEY_PRESENT) != 0;
        boolean s = (flags & SEQUENCE_PRESENT) != 0;
        boolean a = ackPresent(flags);
        int fixed = 4 + (cr ? 4 : 0) + (k ? 4 : 0) + (s ? 4 : 0) + (a ? 4 : 0);
        Wire.need(LAYER, packet, offset, fixed, limit);
        int o = offset + 4;
        int checksum = 0;
        int routingOffset = 0;
        if (cr) {
            checksum = Wire.u16(packet, o);
            routingOffset = Wire.u16(packet, o + 2);
            o += 4;
        }
        long key = 0;
        if (k) {
            key = Wire.u32(packet, o) & 0xffff_ffffL;
            o += 4;
        }
        long seq = 0;
        if (s) {
            seq = Wire.u32(packet, o) & 0xffff_ffffL;
            o += 4;
        }
        long ack = 0;
        if (a) {
            ack = Wire.u32(packet, o) & 0xffff_ffffL;
            o += 4;
        }
        Bytes routing = Bytes.EMPTY;
        if ((flags & ROUTING_PRESENT) != 0) {
            int p = o;
            while (true) {
                Wire.need(LAYER, packet, offset, p + 4 - offset, limit);
                int family = Wire.u16(packet, p);
                int length = packet[p + 3] & 0xff;
                p += 4 + length;
                if (family == 0 && length == 0) {
                    break;
                }
            }
            Wire.need(LAYER, packet, offset, p - offset, limit);
            routing = Bytes.view(packet, o, p - o);
        }
        return new Gre(flags, Wire.u16(packet, offset + 2), checksum, routingOffset, key, seq, ack,
                routing);
    }

    public int version() {
        return flagsAndVersion & 7;
    }

    @Override
    public boolean checksumPresent() {
        return (flagsAndVersion & CHECKSUM_PRESENT) != 0;
    }

    public boolean keyPresent() {
        return (flagsAndVersion & KEY_PRESENT) != 0;
    }

    public boolean sequencePresent() {
        return (flagsAndVersion & SEQUENCE_PRESENT) != 0;
    }

    /** This header with another checksum; only meaningful when C is set. */
    @Override
    public Gre withChecksum(int checksum) {
        return new Gre(flagsAndVersion, protocolType, checksum, offset, key, sequenceNumber,
                acknowledgementNumber, routing);
    }

    /** What the protocol type (an ether type) announces; 0x6558 is a whole Ethernet frame. */
    @Override
    public Layer next() {
        return Layer.ofEtherType(protocolType);
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public int encodedLength() {
        int n = 4;
        if ((flagsAndVersion & (CHECKSUM_PRESENT | ROUTING_PRESENT)) != 0) {
            n += 4;
        }
        if (keyPresent()) {
            n += 4;
        }
        if (sequencePresent()) {
            n += 4;
        }
        if (ackPresent(flagsAndVersion)) {
            n += 4;
        }
        return n + routing.length();
    }

    @Override
    public int encodeTo(byte[] dst, int at) {
        Wire.put16(dst, at, flagsAndVersion);
        Wire.put16(dst, at + 2, protocolType);
        int o = at + 4;
        if ((flagsAndVersion & (CHECKSUM_PRESENT | ROUTING_PRESENT)) != 0) {
            Wire.put16(dst, o, checksum);
            Wire.put16(dst, o + 2, offset);
            o += 4;
        }
        if (keyPresent()) {
            Wire.put32(dst, o, (int) key);
            o += 4;
        }
        if (sequencePresent()) {
            Wire.put32(dst, o, (int) sequenceNumber);
            o += 4;
        }
        if (ackPresent(flagsAndVersion)) {
            Wire.put32(dst, o, (int) acknowledgementNumber);
            o += 4;
        }
        return routing.copyTo(dst, o);
    }

    /**
     * {@code c, r, k, s} (booleans), {@code version}, {@code type} (the protocol type number),
     * then those of {@code checksum, key, sequence, ack} that are present.
     */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("c", checksumPresent());
        m.put("r", (flagsAndVersion & ROUTING_PRESENT) != 0);
        m.put("k", keyPresent());
        m.put("s", sequencePresent());
        m.put("version", version());
        m.put("type", protocolType);
        if (checksumPresent()) {
            m.put("checksum", checksum);
        }
        if (keyPresent()) {
            m.put("key", key);
        }
        if (sequencePresent()) {
            m.put("sequence", sequenceNumber);
        }
        if (ackPresent(flagsAndVersion)) {
            m.put("ack", acknowledgementNumber);
        }
        return m;
    }
}
