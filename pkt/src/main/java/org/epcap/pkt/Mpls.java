package org.epcap.pkt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An MPLS label stack: every 4-byte entry down to the one with the bottom-of-stack bit, as one
 * header (Erlang pkt's {@code #mpls{labels = [...]}}, tshark's one {@code mpls} layer). After
 * the stack, {@link Pkt} guesses IPv4 or IPv6 from the first nibble, as tcpdump does.
 *
 * <pre>{@code
 * Mpls m = Mpls.decode(frame, 14, frame.length);
 * m.labels().get(0).label();                 // the top label, 0..1048575
 * m.labels().size();                         // entries in the stack
 * m.encodedLength();                         // 4 bytes each
 * }</pre>
 *
 * @param labels the stack, top first; only the last has its bottom-of-stack bit set
 */
public record Mpls(List<Label> labels) implements Header {
    public static final String LAYER = "mpls";
    /** Bytes of one label stack entry. */
    public static final int ENTRY = 4;

    /**
     * One label stack entry.
     *
     * @param label         20-bit label
     * @param trafficClass  3-bit traffic class (formerly EXP)
     * @param bottomOfStack the S bit
     * @param ttl           time to live, 0–255
     */
    public record Label(int label, int trafficClass, boolean bottomOfStack, int ttl) {
        public Label {
            Wire.check("label", label, 0xfffff);
            Wire.check("trafficClass", trafficClass, 7);
            Wire.check("ttl", ttl, 0xff);
        }

        /** Erlang pkt's field names: {@code label}, {@code qos}, {@code pri} (the S bit), {@code ttl}. */
        public Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", label);
            m.put("qos", trafficClass);
            m.put("pri", bottomOfStack);
            m.put("ttl", ttl);
            return m;
        }
    }

    public Mpls {
        Wire.notNull("labels", labels);
        labels = List.copyOf(labels);
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("labels: a stack has at least one entry");
        }
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).bottomOfStack() != (i == labels.size() - 1)) {
                throw new IllegalArgumentException("labels: only the last entry may, and must, have the bottom-of-stack bit");
            }
        }
    }

    /** A stack of the given entries, top first. */
    public static Mpls of(Label... labels) {
        return new Mpls(List.of(labels));
    }

    /** Decodes entries until the one with the bottom-of-stack bit; the bytes running out first is truncation. */
    public static Mpls decode(byte[] packet, int offset, int limit) {
        List<Label> stack = new ArrayList<>(2);
        int p = offset;
        while (true) {
            Wire.need(LAYER, packet, p, ENTRY, limit);
            int v = Wire.u32(packet, p);
            boolean bottom = (v & 0x100) != 0;
            stack.add(new Label(v >>> 12, (v >>> 9) & 7, bottom, v & 0xff));
            p += ENTRY;
            if (bottom) {
                return new Mpls(stack);
            }
        }
    }

    /** MPLS does not say what it carries: the first nibble after the stack does. */
    @Override
    public Layer next() {
        return Layer.IP_BY_VERSION;
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public int encodedLength() {
        return ENTRY * labels.size();
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        int p = offset;
        for (Label l : labels) {
            Wire.put32(dst, p, (l.label() << 12) | (l.trafficClass() << 9) | (l.bottomOfStack() ? 0x100 : 0) | l.ttl());
            p += ENTRY;
        }
        return p;
    }

    /** {@code labels}: one map per entry, top first, with {@link Label#fields()}'s names. */
    @Override
    public Map<String, Object> fields() {
        List<Map<String, Object>> list = new ArrayList<>(labels.size());
        for (Label l : labels) {
            list.add(l.fields());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labels", list);
        return m;
    }
}
