package org.epcap.pkt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An IEEE 802.2 LLC header, with the SNAP extension when DSAP and SSAP are 0xAA: DSAP, SSAP, the
 * control field (one byte for unnumbered frames, two for information and supervisory frames),
 * and for SNAP the organization code and protocol id. With organization code 0 the protocol id
 * is an ether type and {@link Pkt} decodes on.
 *
 * <pre>{@code
 * Llc llc = Llc.decode(frame, 14, frame.length);   // after an 802.3 length frame
 * if (llc.isSnap() && llc.oui() == 0) { int etherType = llc.pid(); }
 * }</pre>
 *
 * @param dsap    destination service access point, 0–255
 * @param ssap    source service access point, 0–255
 * @param control control field: 0–255, or 0–65535 with {@code longControl}
 * @param longControl whether the control field takes two bytes (information and supervisory
 *                frames: the first byte's low two bits are not both set)
 * @param snap    whether a SNAP extension follows
 * @param oui     SNAP organization code, 24 bits (0 without SNAP)
 * @param pid     SNAP protocol id, 0–65535 (0 without SNAP)
 */
public record Llc(int dsap, int ssap, int control, boolean longControl, boolean snap, int oui, int pid)
        implements Header {
    public static final String LAYER = "llc";
    public static final int SNAP_SAP = 0xaa;

    public Llc {
        Wire.check("dsap", dsap, 0xff);
        Wire.check("ssap", ssap, 0xff);
        if (longControl) {
            Wire.check("control", control, 0xffff);
            if ((control >>> 8 & 3) == 3) {
                throw new IllegalArgumentException("control: a two-byte control field cannot start with "
                        + "an unnumbered-frame byte: " + Wire.hex(control, 4));
            }
        } else {
            Wire.check("control", control, 0xff);
            if ((control & 3) != 3) {
                throw new IllegalArgumentException("control: a one-byte control field is an unnumbered "
                        + "frame (low two bits set): " + Wire.hex(control, 2));
            }
        }
        Wire.check("oui", oui, 0xffffff);
        Wire.check("pid", pid, 0xffff);
        if (!snap && (oui != 0 || pid != 0)) {
            throw new IllegalArgumentException("oui/pid without snap");
        }
        if (snap && (dsap != SNAP_SAP || ssap != SNAP_SAP || control != 3 || longControl)) {
            throw new IllegalArgumentException("snap needs dsap = ssap = 0xaa and control 0x03");
        }
    }

    /** A plain LLC header with an unnumbered control byte. */
    public static Llc of(int dsap, int ssap, int control) {
        return new Llc(dsap, ssap, control, false, false, 0, 0);
    }

    /** An LLC/SNAP header (AA AA 03) with the given organization code and protocol id. */
    public static Llc snap(int oui, int pid) {
        return new Llc(SNAP_SAP, SNAP_SAP, 3, false, true, oui, pid);
    }

    public static Llc decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, 3, limit);
        int dsap = Wire.u8(packet, offset);
        int ssap = Wire.u8(packet, offset + 1);
        int c0 = Wire.u8(packet, offset + 2);
        if ((c0 & 3) != 3) {
            Wire.need(LAYER, packet, offset, 4, limit);
            return new Llc(dsap, ssap, (c0 << 8) | Wire.u8(packet, offset + 3), true, false, 0, 0);
        }
        if (dsap == SNAP_SAP && ssap == SNAP_SAP && c0 == 3) {
            Wire.need(LAYER, packet, offset, 8, limit);
            return new Llc(dsap, ssap, c0, false, true, Wire.u24(packet, offset + 3), Wire.u16(packet, offset + 6));
        }
        return new Llc(dsap, ssap, c0, false, false, 0, 0);
    }

    /** A SNAP header with OUI 0 carries an ether type (RFC 1042); any other LLC data is payload. */
    @Override
    public Layer next() {
        return snap && oui == 0 && pid > Ether.MAX_LENGTH_FIELD ? Layer.ofEtherType(pid) : Layer.PAYLOAD;
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public int encodedLength() {
        return 2 + (longControl ? 2 : 1) + (snap ? 5 : 0);
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        dst[offset] = (byte) dsap;
        dst[offset + 1] = (byte) ssap;
        int at = offset + 2;
        if (longControl) {
            Wire.put16(dst, at, control);
            at += 2;
        } else {
            dst[at++] = (byte) control;
        }
        if (snap) {
            Wire.put24(dst, at, oui);
            Wire.put16(dst, at + 3, pid);
            at += 5;
        }
        return at;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dsap", dsap);
        m.put("ssap", ssap);
        m.put("control", control);
        if (snap) {
            m.put("vendor", oui);
            m.put("pid", oui == 0 ? EtherType.name(pid) : (Object) pid);
        }
        return m;
    }
}
