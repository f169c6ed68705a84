package org.epcap.pkt;

import java.util.ArrayList;
import java.util.List;

/**
 * One chunk of an SCTP packet (RFC 9260): type, flags, length, value, then padding to four
 * bytes. The common chunk types are records with their fields; any other type, or a known type
 * whose value does not have the shape the type requires, is {@link Unknown} with its value kept
 * raw. Every record keeps the {@code padding} bytes that followed it (0–3, normally zeros) so
 * that encoding is exact.
 *
 * <pre>{@code
 * SctpChunk c = new SctpChunk.CookieAck(0, Bytes.EMPTY);
 * c.name();            // "COOKIE_ACK"
 * c.encodedLength();   // 4
 * }</pre>
 */
public sealed interface SctpChunk {

    int DATA = 0;
    int INIT = 1;
    int INIT_ACK = 2;
    int SACK = 3;
    int HEARTBEAT = 4;
    int HEARTBEAT_ACK = 5;
    int ABORT = 6;
    int SHUTDOWN = 7;
    int SHUTDOWN_ACK = 8;
    int ERROR = 9;
    int COOKIE_ECHO = 10;
    int COOKIE_ACK = 11;
    int SHUTDOWN_COMPLETE = 14;

    /** The chunk type byte. */
    int type();

    /** The chunk flags byte. */
    int flags();

    /** The bytes after the chunk (not counted in its length field). */
    Bytes padding();

    /** Bytes of value after the 4-byte chunk head (the length field minus 4). */
    int valueLength();

    /** Writes the value (not the head, not the padding) at {@code offset}. */
    void writeValue(byte[] dst, int offset);

    /** The chunk length field: head and value, no padding. */
    default int length() {
        return 4 + valueLength();
    }

    /** Bytes on the wire: head, value and padding. */
    default int encodedLength() {
        return length() + padding().length();
    }

    /** Writes the whole chunk; returns the offset past its padding. */
    default int encodeTo(byte[] dst, int offset) {
        dst[offset] = (byte) type();
        dst[offset + 1] = (byte) flags();
        Wire.put16(dst, offset + 2, length());
        writeValue(dst, offset + 4);
        return padding().copyTo(dst, offset + length());
    }

    /** The type's name as RFC 9260 and Wireshark spell it, e.g. {@code "INIT_ACK"}. */
    default String name() {
        return typeName(type());
    }

    /** The name of chunk type {@code type}, or {@code "UNKNOWN-N"}. */
    static String typeName(int type) {
        return switch (type) {
            case DATA -> "DATA";
            case INIT -> "INIT";
            case INIT_ACK -> "INIT_ACK";
            case SACK -> "SACK";
            case HEARTBEAT -> "HEARTBEAT";
            case HEARTBEAT_ACK -> "HEARTBEAT_ACK";
            case ABORT -> "ABORT";
            case SHUTDOWN -> "SHUTDOWN";
            case SHUTDOWN_ACK -> "SHUTDOWN_ACK";
            case ERROR -> "ERROR";
            case COOKIE_ECHO -> "COOKIE_ECHO";
            case COOKIE_ACK -> "COOKIE_ACK";
            case 12 -> "ECNE";
            case 13 -> "CWR";
            case SHUTDOWN_COMPLETE -> "SHUTDOWN_COMPLETE";
            case 15 -> "AUTH";
            case 0x80 -> "ASCONF_ACK";
            case 0xc0 -> "FORWARD_TSN";
            case 0xc1 -> "ASCONF";
            default -> "UNKNOWN-" + type;
        };
    }

    /** Type 0: user data. Flags: I, U, B, E bits. */
    record Data(int flags, long transmissionSequenceNumber, int streamIdentifier,
            int streamSequenceNumber, long payloadProtocolIdentifier, Bytes userData,
            Bytes padding) implements SctpChunk {
        public Data {
            check(flags, padding);
            Wire.check("transmissionSequenceNumber", transmissionSequenceNumber, 0xffff_ffffL);
            Wire.check("streamIdentifier", streamIdentifier, 0xffff);
            Wire.check("streamSequenceNumber", streamSequenceNumber, 0xffff);
            Wire.check("payloadProtocolIdentifier", payloadProtocolIdentifier, 0xffff_ffffL);
            checkValue(12 + userData.length());
        }
        public int type() { return DATA; }
        public int valueLength() { return 12 + userData.length(); }
        public void writeValue(byte[] dst, int o) {
            Wire.put32(dst, o, (int) transmissionSequenceNumber);
            Wire.put16(dst, o + 4, streamIdentifier);
            Wire.put16(dst, o + 6, streamSequenceNumber);
            Wire.put32(dst, o + 8, (int) payloadProtocolIdentifier);
            userData.copyTo(dst, o + 12);
        }
    }

    /** The fixed part INIT and INIT ACK share, then their parameters. */
    record InitFields(long initiateTag, long advertisedReceiverWindowCredit, int outboundStreams,
            int inboundStreams, long initialTransmissionSequenceNumber,
            List<SctpParameter> parameters) {
        public InitFields {
            Wire.check("initiateTag", initiateTag, 0xffff_ffffL);
            Wire.check("advertisedReceiverWindowCredit", advertisedReceiverWindowCredit,
                    0xffff_ffffL);
            Wire.check("outboundStreams", outboundStreams, 0xffff);
            Wire.check("inboundStreams", inboundStreams, 0xffff);
            Wire.check("initialTransmissionSequenceNumber", initialTransmissionSequenceNumber,
                    0xffff_ffffL);
            parameters = List.copyOf(parameters);
            checkValue(16 + SctpParameter.encodedLength(parameters));
        }
        int valueLength() {
            return 16 + SctpParameter.encodedLength(parameters);
        }
        void write(byte[] dst, int o) {
            Wire.put32(dst, o, (int) initiateTag);
            Wire.put32(dst, o + 4, (int) advertisedReceiverWindowCredit);
            Wire.put16(dst, o + 8, outboundStreams);
            Wire.put16(dst, o + 10, inboundStreams);
            Wire.put32(dst, o + 12, (int) initialTransmissionSequenceNumber);
            SctpParameter.encodeAll(parameters, dst, o + 16);
        }
        static InitFields read(byte[] b, int o, int end) {
            if (end - o < 16) {
                return null;
            }
            List<SctpParameter> params = SctpParameter.decodeAll(b, o + 16, end);
            return params == null ? null : new InitFields(u32(b, o), u32(b, o + 4),
                    Wire.u16(b, o + 8), Wire.u16(b, o + 10), u32(b, o + 12), params);
        }
    }

    /** Type 1: association set-up request. */
    record Init(int flags, InitFields fields, Bytes padding) implements SctpChunk {
        public Init {
            check(flags, padding);
            Wire.notNull("fields", fields);
        }
        public int type() { return INIT; }
        public int valueLength() { return fields.valueLength(); }
        public void writeValue(byte[] dst, int o) { fields.write(dst, o); }
    }

    /** Type 2: association set-up answer; its parameters include the state cookie (type 7). */
    record InitAck(int flags, InitFields fields, Bytes padding) implements SctpChunk {
        public InitAck {
            check(flags, padding);
            Wire.notNull("fields", fields);
        }
        public int type() { return INIT_ACK; }
        public int valueLength() { return fields.valueLength(); }
        public void writeValue(byte[] dst, int o) { fields.write(dst, o); }
    }

    /** A gap ack block of a SACK: offsets from the cumulative TSN ack. */
    record GapAckBlock(int start, int end) {
        public GapAckBlock {
            Wire.check("start", start, 0xffff);
            Wire.check("end", end, 0xffff);
        }
    }

    /** Type 3: selective acknowledgement. */
    record Sack(int flags, long cumulativeTsnAck, long advertisedReceiverWindowCredit,
            List<GapAckBlock> gapAckBlocks, List<Long> duplicateTsns, Bytes padding)
            implements SctpChunk {
        public Sack {
            check(flags, padding);
            Wire.check("cumulativeTsnAck", cumulativeTsnAck, 0xffff_ffffL);
            Wire.check("advertisedReceiverWindowCredit", advertisedReceiverWindowCredit,
                    0xffff_ffffL);
            gapAckBlocks = List.copyOf(gapAckBlocks);
            duplicateTsns = List.copyOf(duplicateTsns);
            for (long tsn : duplicateTsns) {
                Wire.check("duplicateTsns", tsn, 0xffff_ffffL);
            }
            if (gapAckBlocks.size() > 0xffff || duplicateTsns.size() > 0xffff) {
                throw new IllegalArgumentException("gapAckBlocks, duplicateTsns: at most 65535");
            }
            checkValue(12 + 4 * gapAckBlocks.size() + 4 * duplicateTsns.size());
        }
        public int type() { return SACK; }
        public int valueLength() { return 12 + 4 * gapAckBlocks.size() + 4 * duplicateTsns.size(); }
        public void writeValue(byte[] dst, int o) {
            Wire.put32(dst, o, (int) cumulativeTsnAck);
            Wire.put32(dst, o + 4, (int) advertisedReceiverWindowCredit);
            Wire.put16(dst, o + 8, gapAckBlocks.size());
            Wire.put16(dst, o + 10, duplicateTsns.size());
            int p = o + 12;
            for (GapAckBlock g : gapAckBlocks) {
                Wire.put16(dst, p, g.start());
                Wire.put16(dst, p + 2, g.end());
                p += 4;
            }
            for (long tsn : duplicateTsns) {
                Wire.put32(dst, p, (int) tsn);
                p += 4;
            }
        }
    }

    /** Type 4: its parameter is the sender's heartbeat information (type 1). */
    record Heartbeat(int flags, List<SctpParameter> parameters, Bytes padding)
            implements SctpChunk {
        public Heartbeat {
            check(flags, padding);
            parameters = List.copyOf(parameters);
            checkValue(SctpParameter.encodedLength(parameters));
        }
        public int type() { return HEARTBEAT; }
        public int valueLength() { return SctpParameter.encodedLength(parameters); }
        public void writeValue(byte[] dst, int o) { SctpParameter.encodeAll(parameters, dst, o); }
    }

    /** Type 5: echoes the heartbeat information. */
    record HeartbeatAck(int flags, List<SctpParameter> parameters, Bytes padding)
            implements SctpChunk {
        public HeartbeatAck {
            check(flags, padding);
            parameters = List.copyOf(parameters);
            checkValue(SctpParameter.encodedLength(parameters));
        }
        public int type() { return HEARTBEAT_ACK; }
        public int valueLength() { return SctpParameter.encodedLength(parameters); }
        public void writeValue(byte[] dst, int o) { SctpParameter.encodeAll(parameters, dst, o); }
    }

    /** Type 6: flag bit 0 (T) says the verification tag is reflected. */
    record Abort(int flags, List<SctpParameter> errorCauses, Bytes padding) implements SctpChunk {
        public Abort {
            check(flags, padding);
            errorCauses = List.copyOf(errorCauses);
            checkValue(SctpParameter.encodedLength(errorCauses));
        }
        public int type() { return ABORT; }
        public int valueLength() { return SctpParameter.encodedLength(errorCauses); }
        public void writeValue(byte[] dst, int o) { SctpParameter.encodeAll(errorCauses, dst, o); }
    }

    /** Type 7. */
    record Shutdown(int flags, long cumulativeTsnAck, Bytes padding) implements SctpChunk {
        public Shutdown {
            check(flags, padding);
            Wire.check("cumulativeTsnAck", cumulativeTsnAck, 0xffff_ffffL);
        }
        public int type() { return SHUTDOWN; }
        public int valueLength() { return 4; }
        public void writeValue(byte[] dst, int o) { Wire.put32(dst, o, (int) cumulativeTsnAck); }
    }

    /** Type 8. */
    record ShutdownAck(int flags, Bytes padding) implements SctpChunk {
        public ShutdownAck {
            check(flags, padding);
        }
        public int type() { return SHUTDOWN_ACK; }
        public int valueLength() { return 0; }
        public void writeValue(byte[] dst, int o) { }
    }

    /** Type 9 (ERROR): operation errors reported without ending the association. */
    record OperationError(int flags, List<SctpParameter> errorCauses, Bytes padding)
            implements SctpChunk {
        public OperationError {
            check(flags, padding);
            errorCauses = List.copyOf(errorCauses);
            checkValue(SctpParameter.encodedLength(errorCauses));
        }
        public int type() { return ERROR; }
        public int valueLength() { return SctpParameter.encodedLength(errorCauses); }
        public void writeValue(byte[] dst, int o) { SctpParameter.encodeAll(errorCauses, dst, o); }
    }

    /** Type 10: the state cookie sent back. */
    record CookieEcho(int flags, Bytes cookie, Bytes padding) implements SctpChunk {
        public CookieEcho {
            check(flags, padding);
            checkValue(cookie.length());
        }
        public int type() { return COOKIE_ECHO; }
        public int valueLength() { return cookie.length(); }
        public void writeValue(byte[] dst, int o) { cookie.copyTo(dst, o); }
    }

    /** Type 11. */
    record CookieAck(int flags, Bytes padding) implements SctpChunk {
        public CookieAck {
            check(flags, padding);
        }
        public int type() { return COOKIE_ACK; }
        public int valueLength() { return 0; }
        public void writeValue(byte[] dst, int o) { }
    }

    /** Type 14: flag bit 0 (T) says the verification tag is reflected. */
    record ShutdownComplete(int flags, Bytes padding) implements SctpChunk {
        public ShutdownComplete {
            check(flags, padding);
        }
        public int type() { return SHUTDOWN_COMPLETE; }
        public int valueLength() { return 0; }
        public void writeValue(byte[] dst, int o) { }
    }

    /** Any other chunk, or a known type whose value has the wrong shape: kept raw. */
    record Unknown(int type, int flags, Bytes value, Bytes padding) implements SctpChunk {
        public Unknown {
            Wire.check("type", type, 0xff);
            check(flags, padding);
            checkValue(value.length());
        }
        public int valueLength() { return value.length(); }
        public void writeValue(byte[] dst, int o) { value.copyTo(dst, o); }
    }

    private static void check(int flags, Bytes padding) {
        Wire.check("flags", flags, 0xff);
        Wire.notNull("padding", padding);
        if (padding.length() > 3) {
            throw new IllegalArgumentException("padding: at most 3 bytes, got " + padding.length());
        }
    }

    private static void checkValue(int valueLength) {
        if (valueLength > 0xffff - 4) {
            throw new IllegalArgumentException("chunk value: at most 65531 bytes, got " + valueLength);
        }
    }

    private static long u32(byte[] b, int o) {
        return Wire.u32(b, o) & 0xffff_ffffL;
    }

    /**
     * Reads the chunks filling {@code [from, end)} of a packet whose SCTP header starts at
     * {@code sctpOffset} (for error messages).
     */
    static List<SctpChunk> decodeAll(byte[] b, int from, int end, int sctpOffset) {
        List<SctpChunk> out = new ArrayList<>(2);
        int o = from;
        while (o < end) {
            if (end - o < 4) {
                throw DecodeException.truncated(Sctp.LAYER, sctpOffset, o + 4 - sctpOffset,
                        end - sctpOffset);
            }
            int length = Wire.u16(b, o + 2);
            if (length < 4) {
                throw DecodeException.malformed(Sctp.LAYER, sctpOffset,
                        "chunk at " + o + " has length " + length + " below 4");
            }
            if (length > end - o) {
                throw DecodeException.truncated(Sctp.LAYER, sctpOffset, o + length - sctpOffset,
                        end - sctpOffset);
            }
            int pad = Math.min((4 - (length & 3)) & 3, end - o - length);
            out.add(decodeOne(b, o, length, Bytes.view(b, o + length, pad)));
            o += length + pad;
        }
        return out;
    }

    private static SctpChunk decodeOne(byte[] b, int o, int length, Bytes padding) {
        int type = b[o] & 0xff;
        int flags = b[o + 1] & 0xff;
        int v = o + 4;
        int end = o + length;
        int valueLength = length - 4;
        SctpChunk chunk = switch (type) {
            case DATA -> valueLength < 12 ? null : new Data(flags, u32(b, v), Wire.u16(b, v + 4),
                    Wire.u16(b, v + 6), u32(b, v + 8), Bytes.view(b, v + 12, valueLength - 12),
                    padding);
            case INIT, INIT_ACK -> {
                InitFields f = InitFields.read(b, v, end);
                yield f == null ? null
                        : type == INIT ? new Init(flags, f, padding) : new InitAck(flags, f, padding);
            }
            case SACK -> decodeSack(b, v, valueLength, flags, padding);
            case HEARTBEAT, HEARTBEAT_ACK, ABORT, ERROR -> {
                List<SctpParameter> p = SctpParameter.decodeAll(b, v, end);
                if (p == null) {
                    yield null;
                }
                yield switch (type) {
                    case HEARTBEAT -> new Heartbeat(flags, p, padding);
                    case HEARTBEAT_ACK -> new HeartbeatAck(flags, p, padding);
                    case ABORT -> new Abort(flags, p, padding);
                    default -> new OperationError(flags, p, padding);
                };
            }
            case SHUTDOWN -> valueLength != 4 ? null : new Shutdown(flags, u32(b, v), padding);
            case SHUTDOWN_ACK -> valueLength != 0 ? null : new ShutdownAck(flags, padding);
            case COOKIE_ECHO -> new CookieEcho(flags, Bytes.view(b, v, valueLength), padding);
            case COOKIE_ACK -> valueLength != 0 ? null : new CookieAck(flags, padding);
            case SHUTDOWN_COMPLETE -> valueLength != 0 ? null : new ShutdownComplete(flags, padding);
            default -> null;
        };
        return chunk != null ? chunk
                : new Unknown(type, flags, Bytes.view(b, v, valueLength), padding);
    }

    private static SctpChunk decodeSack(byte[] b, int v, int valueLength, int flags,
            Bytes padding) {
        if (valueLength < 12) {
            return null;
        }
        int gaps = Wire.u16(b, v + 8);
        int dups = Wire.u16(b, v + 10);
        if (valueLength != 12 + 4 * gaps + 4 * dups) {
            return null;
        }
        List<GapAckBlock> blocks = new ArrayList<>(gaps);
        int p = v + 12;
        for (int i = 0; i < gaps; i++, p += 4) {
            blocks.add(new GapAckBlock(Wire.u16(b, p), Wire.u16(b, p + 2)));
        }
        List<Long> tsns = new ArrayList<>(dups);
        for (int i = 0; i < dups; i++, p += 4) {
            tsns.add(u32(b, p));
        }
        return new Sack(flags, u32(b, v), u32(b, v + 4), blocks, tsns, padding);
    }
}
