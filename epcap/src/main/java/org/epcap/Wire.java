package org.epcap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The frame types and field layout of docs/protocol.md, and big-endian field access. The
 * constants are defined in native/wire.h; WireConstantsTest compares these with the compiler's
 * values from there, and with the document.
 *
 * <p>Threads: static methods without shared state; any thread may call them.
 */
final class Wire {
    static final int MAX_FRAME = 262144 + 64;

    static final int READY = 0x01;
    static final int PACKET = 0x02;
    static final int EOF = 0x03;
    static final int ERROR = 0x04;
    static final int STATS = 0x05;
    static final int FILTER_OK = 0x06;
    static final int INJECTED = 0x07;
    static final int INTERFACE = 0x08;
    static final int STOPPED = 0x09;
    static final int WAKE = 0x0a;
    static final int TYPES = 0x0b;

    static final int STATS_REQUEST = 0x81;
    static final int SET_FILTER = 0x82;
    static final int INJECT = 0x83;
    static final int STOP = 0x84;
    static final int RING_WAKE = 0x85;

    /** ts_sec, ts_nsec, wire_length before a packet's captured bytes. */
    static final int PACKET_HEADER = 16;

    /** The wire protocol's version, sent in READY (WIRE_PROTOCOL_VERSION). */
    static final int PROTOCOL_VERSION = 1;

    /* One load and a byte swap per field, on the reader's hot path. */
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Wire() {
    }

    static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    static int s32(byte[] b, int off) {
        return (int) INT_BE.get(b, off);
    }

    static long u32(byte[] b, int off) {
        return s32(b, off) & 0xffffffffL;
    }

    static long s64(byte[] b, int off) {
        return (long) LONG_BE.get(b, off);
    }

    static String utf8(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }

    static void putS32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /** A whole frame: length, type, then (for requests) the request id, then {@code payload}. */
    static byte[] request(int type, int requestId, byte[] payload) {
        int bodyLen = 4 + payload.length;
        byte[] f = new byte[5 + bodyLen];
        putS32(f, 0, 1 + bodyLen);
        f[4] = (byte) type;
        putS32(f, 5, requestId);
        System.arraycopy(payload, 0, f, 9, payload.length);
        return f;
    }

    /** The RING_WAKE frame: no body. */
    static byte[] ringWake() {
        return new byte[] {0, 0, 0, 1, (byte) RING_WAKE};
    }

    /** The STOP frame: no body. */
    static byte[] stop() {
        return new byte[] {0, 0, 0, 1, (byte) STOP};
    }

    /** Reads {@code str16} fields one after the other. */
    static final class Cursor {
        final byte[] b;
        int off;
        final int end;

        Cursor(byte[] b, int off, int end) {
            this.b = b;
            this.off = off;
            this.end = end;
        }

        private void need(int n) {
            if (end - off < n) throw new ProtocolException("frame body too short: needs " + n + " more bytes");
        }

        int u8() {
            need(1);
            return Wire.u8(b, off++);
        }

        int u16() {
            need(2);
            int v = Wire.u16(b, off);
            off += 2;
            return v;
        }

        int s32() {
            need(4);
            int v = Wire.s32(b, off);
            off += 4;
            return v;
        }

        long s64() {
            need(8);
            long v = Wire.s64(b, off);
            off += 8;
            return v;
        }

        String str16() {
            int n = u16();
            need(n);
            String s = utf8(b, off, n);
            off += n;
            return s;
        }

        byte[] bytes(int n) {
            need(n);
            byte[] r = java.util.Arrays.copyOfRange(b, off, off + n);
            off += n;
            return r;
        }

        /** Bytes left in the body. */
        int remaining() {
            return end - off;
        }

        String rest() {
            String s = utf8(b, off, end - off);
            off = end;
            return s;
        }
    }
}
