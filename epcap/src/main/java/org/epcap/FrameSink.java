package org.epcap;

import java.nio.ByteBuffer;

/**
 * Takes frames from a {@link FrameSource}: the body is {@code buf[bodyOffset .. bodyOffset +
 * bodyLength)} (absolute indices, big-endian as every frame field is), valid during the call.
 * Called on the thread that drains the source.
 */
@FunctionalInterface
interface FrameSink {
    void frame(int type, ByteBuffer buf, int bodyOffset, int bodyLength);
}
