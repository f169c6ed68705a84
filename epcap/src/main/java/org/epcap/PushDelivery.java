package org.epcap;

import java.util.concurrent.atomic.AtomicBoolean;

/** Push to a {@link PacketHandler}: each packet copied once into its {@link Packet}. Reader thread only. */
final class PushDelivery extends HandlerDelivery {
    private final PacketHandler handler;

    PushDelivery(PacketHandler handler, Runnable stopPort, AtomicBoolean closing) {
        super(stopPort, closing);
        this.handler = handler;
    }

    @Override
    void call(PortEvent.PacketFrame p) {
        handler.onPacket(p.toPacket(dataLinkType));
    }

    @Override
    void call(Packet p) {
        handler.onPacket(p);
    }

    @Override
    void callEnd(CaptureEnd end) {
        handler.onEnd(end);
    }
}
