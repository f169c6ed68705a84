package org.epcap;

import java.nio.ByteBuffer;

/**
 * Turns the port's frames into {@link PortEvent}s, whatever carried them (pipe or ring). It
 * checks each body's length and fields and knows nothing of what the events mean to the
 * capture: that is {@link PortReader}'s business, and the delivery's.
 *
 * <p>Threads: one dispatcher per thread that drains a source; its {@link PortEvent.PacketFrame}
 * is reused for every packet, so no packet frame allocates.
 */
final class FrameDispatcher {
    private final PortEvent.PacketFrame packet = new PortEvent.PacketFrame();

    /**
     * The event frame {@code type} with body {@code buf[off .. off + len)} says.
     *
     * @throws ProtocolException when the type is not one the port sends, or the body is malformed
     */
    PortEvent decode(int type, ByteBuffer buf, int off, int len) {
        switch (type) {
            case Wire.PACKET:
                return packet(buf, off, len);
            case Wire.READY:
                return ready(cursor(buf, off, len));
            case Wire.WAKE:
                return PortEvent.Wake.INSTANCE;
            case Wire.EOF:
                return PortEvent.EndOfFile.INSTANCE;
            case Wire.STOPPED:
                return PortEvent.Stopped.INSTANCE;
            case Wire.ERROR: {
                Wire.Cursor c = cursor(buf, off, len);
                int id = c.s32();
                int code = c.u16();
                boolean fatal = c.u8() != 0;
                return new PortEvent.Failure(id, ErrorCode.toException(code, c.rest()), fatal);
            }
            case Wire.STATS: {
                Wire.Cursor c = cursor(buf, off, len);
                int id = c.s32();
                return new PortEvent.Reply(id, new Stats(c.s64(), c.s64(), c.s64(), c.s64(), c.u8() == 1));
            }
            case Wire.FILTER_OK:
                return new PortEvent.Reply(cursor(buf, off, len).s32(), Boolean.TRUE);
            case Wire.INJECTED: {
                Wire.Cursor c = cursor(buf, off, len);
                int id = c.s32();
                return new PortEvent.Reply(id, c.s32());
            }
            default:
                throw new ProtocolException("unexpected frame type 0x" + Integer.toHexString(type));
        }
    }

    private PortEvent.PacketFrame packet(ByteBuffer buf, int off, int len) {
        if (len < Wire.PACKET_HEADER) throw new ProtocolException("PACKET body of " + len + " bytes");
        long sec = buf.getLong(off);
        int nsec = buf.getInt(off + 8);
        PortEvent.PacketFrame p = packet;
        // A file may hold an impossible sub-second field and libpcap passes it on; carried into
        // the seconds, the time is the same and nanos stays in range.
        if (nsec >= 0 && nsec < 1_000_000_000) {
            p.seconds = sec;
            p.nanos = nsec;
        } else {
            long u = nsec & 0xffffffffL;
            p.seconds = sec + u / 1_000_000_000L;
            p.nanos = (int) (u % 1_000_000_000L);
        }
        p.length = buf.getInt(off + 12);
        p.source = buf;
        p.dataOffset = off + Wire.PACKET_HEADER;
        p.caplen = len - Wire.PACKET_HEADER;
        return p;
    }

    private static PortEvent.Ready ready(Wire.Cursor c) {
        int dlt = c.s32();
        int snaplen = c.s32();
        int precision = c.u8();
        int flags = c.u8();
        String source = c.str16();
        String libpcap = c.str16();
        String restrict = c.str16();
        // A port from before the version handshake ends here: protocol 0, no release.
        int protocol = c.remaining() > 0 ? c.u16() : 0;
        String release = c.remaining() > 0 ? c.str16() : "";
        return new PortEvent.Ready(new CaptureInfo(dlt, snaplen, precision == 1, (flags & 1) != 0,
                (flags & 2) != 0, source, libpcap, restrict, (flags & 4) != 0, release, null), protocol);
    }

    /** Control frames are rare and small: their bodies are read from a copy. */
    private static Wire.Cursor cursor(ByteBuffer buf, int off, int len) {
        if (buf.hasArray()) return new Wire.Cursor(buf.array(), buf.arrayOffset() + off, buf.arrayOffset() + off + len);
        byte[] body = new byte[len];
        buf.get(off, body, 0, len);
        return new Wire.Cursor(body, 0, len);
    }
}
