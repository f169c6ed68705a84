package org.epcap;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Push to a {@link RawPacketHandler} without allocating: the handler sees the pipe's read buffer
 * itself, or for the ring a scratch array the packet is copied into. Reader thread only.
 */
final class RawDelivery extends HandlerDelivery {
    private final RawPacketHandler handler;

    RawDelivery(RawPacketHandler handler, Runnable stopPort, AtomicBoolean closing) {
        super(stopPort, closing);
        this.handler = handler;
    }

    @Override
    void call(PortEvent.PacketFrame p) {
        handler.onPacket(dataLinkType, p.array(), p.arrayOffset(), p.caplen, p.seconds, p.nanos, p.length);
    }

    @Override
    void call(Packet p) {
        handler.onPacket(p.dataLinkType(), p.array(), 0, p.caplen(), p.epochSecond(), p.nanos(), p.length());
    }

    @Override
    void callEnd(CaptureEnd end) {
        handler.onEnd(end);
    }
}
