package org.epcap.pkt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An IGMP message (RFC 1112, 2236, 3376): type, max response code (reserved in a v3 report),
 * checksum, and a {@link Message} after them.
 *
 * <p>A membership query (0x11) of 12 bytes or more is IGMPv3 ({@link Query3}), else v1/v2
 * ({@link Group}); a v3 report (0x22) is {@link Report3}; every other type is read as v1/v2
 * (a group address). Bytes past the message are payload.
 *
 * <pre>{@code
 * Igmp join = new Igmp(Igmp.V2_MEMBERSHIP_REPORT, 0, 0,
 *         new Igmp.Group(Ip4Address.parse("239.1.2.3")));
 * Igmp.decode(join.encode(), 0, 8).equals(join);   // true
 * }</pre>
 *
 * @param type             0–255
 * @param maxResponseCode  0–255 (byte 1)
 * @param checksum         0–65535, as carried
 * @param message          the rest
 */
public record Igmp(int type, int maxResponseCode, int checksum, Message message)
        implements Header, HasChecksum {

    static final String LAYER = "igmp";
    public static final int MEMBERSHIP_QUERY = 0x11;
    public static final int V1_MEMBERSHIP_REPORT = 0x12;
    public static final int V2_MEMBERSHIP_REPORT = 0x16;
    public static final int LEAVE_GROUP = 0x17;
    public static final int V3_MEMBERSHIP_REPORT = 0x22;

    public Igmp {
        Wire.check("type", type, 0xff);
        Wire.check("maxResponseCode", maxResponseCode, 0xff);
        Wire.check("checksum", checksum, 0xffff);
        Wire.notNull("message", message);
    }

    /** The part after type, max response code and checksum. */
    public sealed interface Message {
        int encodedLength();

        int encodeTo(byte[] dst, int offset);
    }

    /** IGMPv1/v2 messages: the group address. */
    public record Group(Ip4Address groupAddress) implements Message {
        public Group {
            Wire.notNull("groupAddress", groupAddress);
        }
        public int encodedLength() { return 4; }
        public int encodeTo(byte[] dst, int o) { return groupAddress.writeTo(dst, o); }
    }

    /** IGMPv3 query; {@code flags} is the Resv/S/QRV byte. */
    public record Query3(Ip4Address groupAddress, int flags, int queryIntervalCode,
            List<Ip4Address> sources) implements Message {
        public Query3 {
            Wire.notNull("groupAddress", groupAddress);
            Wire.check("flags", flags, 0xff);
            Wire.check("queryIntervalCode", queryIntervalCode, 0xff);
            sources = List.copyOf(sources);
            Wire.check("sources.size", sources.size(), 0xffff);
        }
        public boolean suppressRouterProcessing() { return (flags & 0x08) != 0; }
        public int querierRobustnessVariable() { return flags & 0x07; }
        public int encodedLength() { return 8 + 4 * sources.size(); }
        public int encodeTo(byte[] dst, int o) {
            groupAddress.writeTo(dst, o);
            dst[o + 4] = (byte) flags;
            dst[o + 5] = (byte) queryIntervalCode;
            Wire.put16(dst, o + 6, sources.size());
            int p = o + 8;
            for (Ip4Address s : sources) {
                p = s.writeTo(dst, p);
            }
            return p;
        }
    }

    /** One group record of an IGMPv3 report. */
    public record GroupRecord(int recordType, Ip4Address multicastAddress,
            List<Ip4Address> sources, Bytes auxiliaryData) {
        public GroupRecord {
            Wire.check("recordType", recordType, 0xff);
            Wire.notNull("multicastAddress", multicastAddress);
            sources = List.copyOf(sources);
            Wire.check("sources.size", sources.size(), 0xffff);
            if (auxiliaryData.length() % 4 != 0 || auxiliaryData.length() > 255 * 4) {
                throw new IllegalArgumentException("auxiliaryData: a multiple of 4 up to 1020 bytes");
            }
        }
        int encodedLength() {
            return 8 + 4 * sources.size() + auxiliaryData.length();
        }
        int encodeTo(byte[] dst, int o) {
            dst[o] = (byte) recordType;
            dst[o + 1] = (byte) (auxiliaryData.length() / 4);
            Wire.put16(dst, o + 2, sources.size());
            int p = multicastAddress.writeTo(dst, o + 4);
            for (Ip4Address s : sources) {
                p = s.writeTo(dst, p);
            }
            return auxiliaryData.copyTo(dst, p);
        }
    }

    /** IGMPv3 report: the reserved word, then the group records. */
    public record Report3(int reserved, List<GroupRecord> records) implements Message {
        public Report3 {
            Wire.check("reserved", reserved, 0xffff);
            records = List.copyOf(records);
            Wire.check("records.size", records.size(), 0xffff);
        }
        public int encodedLength() {
            int n = 4;
            for (GroupRecord r : records) {
                n += r.encodedLength();
            }
            return n;
        }
        public int encodeTo(byte[] dst, int o) {
            Wire.put16(dst, o, reserved);
            Wire.put16(dst, o + 2, records.size());
            int p = o + 4;
            for (GroupRecord r : records) {
                p = r.encodeTo(dst, p);
            }
            return p;
        }
    }

    /** Decodes the IGMP message at {@code offset}; throws when its parts run past the bytes. */
    public static Igmp decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, 8, limit);
        int end = Math.min(limit, packet.length);
        int type = packet[offset] & 0xff;
        int o = offset + 4;
        Message message;
        if (type == MEMBERSHIP_QUERY && end - offset >= 12) {
            int n = Wire.u16(packet, o + 6);
            Wire.need(LAYER, packet, offset, 12 + 4 * n, limit);
            List<Ip4Address> sources = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                sources.add(Ip4Address.read(packet, o + 8 + 4 * i));
            }
            message = new Query3(Ip4Address.read(packet, o), packet[o + 4] & 0xff,
                    packet[o + 5] & 0xff, sources);
        } else if (type == V3_MEMBERSHIP_REPORT) {
            int count = Wire.u16(packet, o + 2);
            List<GroupRecord> records = new ArrayList<>(Math.min(count, 64));
            int p = o + 4;
            for (int i = 0; i < count; i++) {
                Wire.need(LAYER, packet, offset, p + 8 - offset, limit);
                int aux = (packet[p + 1] & 0xff) * 4;
                int n = Wire.u16(packet, p + 2);
                int length = 8 + 4 * n + aux;
                Wire.need(LAYER, packet, offset, p + length - offset, limit);
                List<Ip4Address> sources = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    sources.add(Ip4Address.read(packet, p + 8 + 4 * k));
                }
                records.add(new GroupRecord(packet[p] & 0xff, Ip4Address.read(packet, p + 4),
                        sources, Bytes.view(packet, p + 8 + 4 * n, aux)));
                p += length;
            }
            message = new Report3(Wire.u16(packet, o), records);
        } else {
            message = new Group(Ip4Address.read(packet, o));
        }
        return new Igmp(type, packet[offset + 1] & 0xff, Wire.u16(packet, offset + 2), message);
    }

    @Override
    public Igmp withChecksum(int checksum) {
        return new Igmp(type, maxResponseCode, checksum, message);
    }

    /** Bytes past the message are payload (see above). */
    @Override
    public Layer next() {
        return Layer.PAYLOAD;
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public int encodedLength() {
        return 4 + message.encodedLength();
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        dst[offset] = (byte) type;
        dst[offset + 1] = (byte) maxResponseCode;
        Wire.put16(dst, offset + 2, checksum);
        return message.encodeTo(dst, offset + 4);
    }

    /**
     * {@code type, max_resp_code, checksum}, then {@code group} (v1/v2 and v3 query),
     * {@code sources} (v3 query: their number) or {@code records} (v3 report: their number).
     */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("max_resp_code", maxResponseCode);
        m.put("checksum", checksum);
        if (message instanceof Group g) {
            m.put("group", g.groupAddress().toString());
        } else if (message instanceof Query3 q) {
            m.put("group", q.groupAddress().toString());
            m.put("qrv", q.querierRobustnessVariable());
            m.put("qqic", q.queryIntervalCode());
            m.put("sources", q.sources().size());
        } else if (message instanceof Report3 r) {
            m.put("records", r.records().size());
        }
        return m;
    }
}
