package org.epcap.pkt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An NTP message (RFC 5905, RFC 1305) over UDP port 123, read in place: the record holds the
 * message's bytes and the accessors read its fields, so decoding creates one object.
 *
 * <p>Modes 1–5 (symmetric, client, server, broadcast) have the 48-byte header: stratum, poll,
 * precision, root delay and dispersion, reference id and the four timestamps (64-bit NTP format:
 * seconds since 1900 in the high half); extension fields and a MAC after it are kept in
 * {@link #message()} unread. Mode 6 (control, RFC 1305 appendix B / RFC 9327) and mode 7
 * (ntpd's private mode) have their own layouts; for them only the first byte's fields and, for
 * mode 6, {@link #controlOpcode()} and {@link #controlSequence()} are read.
 *
 * <pre>{@code
 * Ntp ntp = Pkt.decode(DataLinkType.EN10MB, frame).header(Ntp.class);
 * if (ntp != null && ntp.mode() == Ntp.SERVER) System.out.println(ntp.stratum() + " " + ntp.transmitTimestamp());
 * }</pre>
 *
 * @param message the message's bytes to the end of the datagram
 */
public record Ntp(Bytes message) implements Header {
    static final String LAYER = "ntp";
    public static final int HEADER_LENGTH = 48;
    public static final int CLIENT = 3;
    public static final int SERVER = 4;
    public static final int CONTROL = 6;
    public static final int PRIVATE = 7;

    public Ntp {
        Wire.notNull("message", message);
        if (message.length() < minimum(message.length() == 0 ? 0 : message.get(0) & 7)) {
            throw new IllegalArgumentException("message too short for its mode: " + message.length() + " bytes");
        }
    }

    private static int minimum(int mode) {
        return mode == CONTROL ? 12 : mode == PRIVATE ? 4 : HEADER_LENGTH;
    }

    /**
     * Decodes the message from {@code offset} to {@code limit}.
     *
     * @throws DecodeException when fewer bytes are present than the mode's header (48 for modes
     *                         0–5, 12 for control, 4 for private)
     */
    public static Ntp decode(byte[] packet, int offset, int limit) {
        Wire.need(LAYER, packet, offset, 1, limit);
        Wire.need(LAYER, packet, offset, minimum(packet[offset] & 7), limit);
        int end = Math.min(limit, packet.length);
        return new Ntp(Bytes.view(packet, offset, end - offset));
    }

    private int u8(int i) {
        return message.array()[message.offset() + i] & 0xff;
    }

    private long u32(int i) {
        return Wire.u32(message.array(), message.offset() + i) & 0xffff_ffffL;
    }

    /** 0–3: 3 means the clock is not synchronised. */
    public int leapIndicator() {
        return u8(0) >>> 6;
    }

    public int version() {
        return (u8(0) >>> 3) & 7;
    }

    /** 1 symmetric active … 3 client, 4 server, 5 broadcast, 6 control, 7 private. */
    public int mode() {
        return u8(0) & 7;
    }

    /** True for modes 0–5, whose fields below are the 48-byte header's. */
    public boolean hasTimeHeader() {
        return mode() < CONTROL;
    }

    public int stratum() {
        return u8(1);
    }

    /** log2 of the poll interval in seconds, as carried (signed). */
    public int poll() {
        return (byte) u8(2);
    }

    /** log2 of the clock's precision in seconds (signed: -20 is about a microsecond). */
    public int precision() {
        return (byte) u8(3);
    }

    /** NTP short format: 16.16 fixed-point seconds. */
    public long rootDelay() {
        return u32(4);
    }

    public long rootDispersion() {
        return u32(8);
    }

    /** A stratum-1 clock's four ASCII characters, or the address (hash) of the server synchronised to. */
    public long referenceId() {
        return u32(12);
    }

    public long referenceTimestamp() {
        return Wire.u64(message.array(), message.offset() + 16);
    }

    public long originTimestamp() {
        return Wire.u64(message.array(), message.offset() + 24);
    }

    public long receiveTimestamp() {
        return Wire.u64(message.array(), message.offset() + 32);
    }

    public long transmitTimestamp() {
        return Wire.u64(message.array(), message.offset() + 40);
    }

    /** Mode 6: the response, error and more bits and the opcode (second byte). */
    public int controlOpcode() {
        return u8(1);
    }

    /** Mode 6: the sequence number. */
    public int controlSequence() {
        return Wire.u16(message.array(), message.offset() + 2);
    }

    @Override
    public Layer next() {
        return Layer.NONE;
    }

    @Override
    public String layer() {
        return LAYER;
    }

    @Override
    public int encodedLength() {
        return message.length();
    }

    @Override
    public int encodeTo(byte[] dst, int offset) {
        return message.copyTo(dst, offset);
    }

    /**
     * {@code li, version, mode}, then for modes 0–5 {@code stratum, poll, precision, root_delay,
     * root_dispersion, reference_id} and the four timestamps (NTP 64-bit values), for mode 6
     * {@code opcode, sequence}.
     */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("li", leapIndicator());
        m.put("version", version());
        m.put("mode", mode());
        if (hasTimeHeader()) {
            m.put("stratum", stratum());
            m.put("poll", poll());
            m.put("precision", precision());
            m.put("root_delay", rootDelay());
            m.put("root_dispersion", rootDispersion());
            m.put("reference_id", Wire.hex((int) referenceId(), 8));
            m.put("reference_timestamp", referenceTimestamp());
            m.put("origin_timestamp", originTimestamp());
            m.put("receive_timestamp", receiveTimestamp());
            m.put("transmit_timestamp", transmitTimestamp());
        } else if (mode() == CONTROL) {
            m.put("opcode", controlOpcode());
            m.put("sequence", controlSequence());
        }
        return m;
    }
}
