package org.epcap;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What one frame from the port says (docs/protocol.md), as {@link FrameDispatcher} decodes it.
 * The set is closed: whoever handles events handles all of them.
 *
 * <p>Threads: an event belongs to the thread that decoded it. {@link PacketFrame} is a
 * flyweight that its dispatcher reuses for the next frame, so it is read (and its bytes copied
 * out, if they are to be kept) before the next frame is decoded; every other event is immutable.
 */
sealed interface PortEvent {
    /** READY: the capture is open; the port speaks wire protocol {@code protocol}. */
    record Ready(CaptureInfo info, int protocol) implements PortEvent {
    }

    /** EOF: the file has been read to its end. */
    record EndOfFile() implements PortEvent {
        static final EndOfFile INSTANCE = new EndOfFile();
    }

    /** STOPPED: the port stops, as asked. */
    record Stopped() implements PortEvent {
        static final Stopped INSTANCE = new Stopped();
    }

    /** WAKE: the ring has frames for a reader that said it would sleep. */
    record Wake() implements PortEvent {
        static final Wake INSTANCE = new Wake();
    }

    /** ERROR: the answer to request {@code requestId} (0: none); {@code fatal} ends the capture. */
    record Failure(int requestId, EpcapException error, boolean fatal) implements PortEvent {
    }

    /** STATS, FILTER_OK or INJECTED: the reply to request {@code requestId}. */
    record Reply(int requestId, Object value) implements PortEvent {
    }

    /**
     * PACKET: its header fields, and its bytes where they lie — the pipe's read buffer or the
     * ring's mapping — valid until the next frame is decoded or the source reads on. A packet
     * that is kept is copied out once, by {@link #copyData()}.
     */
    final class PacketFrame implements PortEvent {
        long seconds;
        int nanos;
        int length;
        ByteBuffer source;
        int dataOffset;
        int caplen;
        private byte[] scratch = new byte[2048];

        /** The captured bytes as a new array: the one copy a packet takes on this side. */
        byte[] copyData() {
            if (source.hasArray()) {
                int from = source.arrayOffset() + dataOffset;
                return Arrays.copyOfRange(source.array(), from, from + caplen);
            }
            byte[] data = new byte[caplen];
            source.get(dataOffset, data, 0, caplen);
            return data;
        }

        /**
         * An array that holds the bytes at {@link #arrayOffset()} for a raw handler: the pipe's
         * own buffer (no copy), or for the ring's mapping a scratch array reused for every
         * packet (one copy, no allocation).
         */
        byte[] array() {
            if (source.hasArray()) return source.array();
            if (scratch.length < caplen) scratch = new byte[Math.max(caplen, scratch.length * 2)];
            source.get(dataOffset, scratch, 0, caplen);
            return scratch;
        }

        /** Where {@link #array()}'s bytes start. */
        int arrayOffset() {
            return source.hasArray() ? source.arrayOffset() + dataOffset : 0;
        }

        Packet toPacket(int dataLinkType) {
            return new Packet(dataLinkType, seconds, nanos, length, copyData());
        }
    }
}
