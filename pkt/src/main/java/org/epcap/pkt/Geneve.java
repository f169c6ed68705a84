package org.epcap.pkt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Geneve header (RFC 8926), over UDP port 6081, with its options; what follows is named by the
 * protocol type, an ether type (0x6558: an Ethernet frame).
 *
 * <p>{@link #options()} holds the option bytes raw, so that encoding is exact;
 * {@link #decodedOptions()} reads them into {@link Option}s (class, type, data).
 *
 * <pre>{@code
 * Geneve g = Geneve.decode(packet, 42, packet.length);
 * g.vni();                   // the virtual network
 * g.next();                  // Layer.ETHER for 0x6558, Layer.IPV4 for 0x0800
 * for (Geneve.Option o : g.decodedOptions()) System.out.println(o.optionClass() + " " + o.type());
 * }</pre>
 *
 * @param version      0–3 (0 today)
 * @param control      O: a control packet
 * @param critical     C: a critical option is present
 * @param reserved1    the six reserved bits after C
 * @param protocolType the ether type of the payload
 * @param vni          0–2²⁴−1
 * @param reserved2    the last reserved byte
 * @param options      the option bytes, a multiple of 4, at most 252
 */
public record Geneve(int version, boolean control, boolean critical, int reserved1, int protocolType, int vni,
        int reserved2, Bytes options) implements Header {
    static final String LAYER = "geneve";
    public static final int MIN_LENGTH = 8;

    /** One option: class, type (its top bit says critical), the three reserved bits, and the data. */
    public record Option(int optionClass, int type, int reserved, Bytes data) {
    }

    public Geneve {
        Wire.check("version", version, 3);
        Wire.check("reserved1", reserved1, 0x3f);
        Wire.check("protocolType", protocolType, 0xffff);
        Wire.check("vni", vni, 0xff_ffff);
        Wire.check("reserved2", reserved2, 0xff);
        Wire.notNull("options", options);
        if (options.length() > 252 || (options.length() & 3) != 0) {
            throw new IllegalArgumentException("options: a multiple of 4 up to 252 bytes, got " + options.length());
        }
    }

    /**
     * Decodes the header and its options.
     *
     * @throws DecodeException when the options announced are not all present
     */
    public static Geneve decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, MIN_LENGTH, limit);
        int b0 = Wire.u8(packet, offset);
        int b1 = Wire.u8(packet, offset + 1);
        int optionsLength = (b0 & 0x3f) * 4;
        Wire.need(LAYER, packet, offset, MIN_LENGTH + optionsLength, limit);
        return new Geneve(b0 >>> 6, (b1 & 0x80) != 0, (b1 & 0x40) != 0, b1 & 0x3f, Wire.u16(packet, offset + 2),
                Wire.u24(packet, offset + 4), Wire.u8(packet, offset + 7),
                Bytes.view(packet, offset + MIN_LENGTH, optionsLength));
    }

    /**
     * The options one by one.
     *
     * @throws DecodeException when an option's length runs past the options
     */
    public List<Option> decodedOptions() {
        List<Option> out = new ArrayList<>();
        byte[] b = options.array();
        int p = options.offset();
        int end = p + options.length();
        while (p < end) {
            Wire.need(LAYER, b, p, 4, end);
            int dataLength = (b[p + 3] & 0x1f) * 4;
            Wire.need(LAYER, b, p, 4 + dataLength, end);
            out.add(new Option(Wire.u16(b, p), Wire.u8(b, p + 2), (b[p + 3] & 0xe0) >>> 5,
                    Bytes.view(b, p + 4, dataLength)));
            p += 4 + dataLength;
        }
        return out;
    }

    /** What the protocol type announces. */
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
        return MIN_LENGTH + options.length();
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        Wire.put8(dst, offset, (version << 6) | (options.length() / 4));
        Wire.put8(dst, offset + 1, (control ? 0x80 : 0) | (critical ? 0x40 : 0) | reserved1);
        Wire.put16(dst, offset + 2, protocolType);
        Wire.put24(dst, offset + 4, vni);
        Wire.put8(dst, offset + 7, reserved2);
        return options.copyTo(dst, offset + MIN_LENGTH);
    }

    /** {@code version, options_length, control, critical, protocol_type, vni, options} (class/type pairs). */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("options_length", options.length());
        m.put("control", control);
        m.put("critical", critical);
        m.put("protocol_type", EtherType.name(protocolType));
        m.put("vni", vni);
        List<String> opts = new ArrayList<>();
        try {
            for (Option o : decodedOptions()) {
                opts.add(Wire.hex(o.optionClass(), 4) + "/" + Wire.hex(o.type(), 2) + " " + o.data().toHex());
            }
        } catch (DecodeException e) {
            opts.add("malformed: " + e.getMessage());
        }
        m.put("options", opts);
        return m;
    }
}
