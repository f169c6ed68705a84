package org.epcap;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Push delivery: a handler called on the reader thread, in capture order. Packets read while a
 * handler's request reads ahead for its reply are kept and delivered after the handler
 * returns. A handler that throws ends the capture: STOP is sent, and later packets are dropped.
 *
 * <p>Threads: the reader thread only.
 */
abstract sealed class HandlerDelivery implements Delivery permits PushDelivery, RawDelivery {
    private final Runnable stopPort;
    private final AtomicBoolean closing;
    private final ArrayDeque<Packet> deferred = new ArrayDeque<>();
    private Throwable failure;
    /** Set on READY, before the first packet. */
    int dataLinkType;

    /** @param stopPort sends STOP (PortChannel#sendStop) when a handler has failed */
    HandlerDelivery(Runnable stopPort, AtomicBoolean closing) {
        this.stopPort = stopPort;
        this.closing = closing;
    }

    @Override
    public final void ready(int dataLinkType) {
        this.dataLinkType = dataLinkType;
    }

    @Override
    public final void packet(PortEvent.PacketFrame p, boolean deferring) {
        if (discarding()) return;
        if (deferring) {
            deferred.add(p.toPacket(dataLinkType));
            return;
        }
        try {
            call(p);
        } catch (RuntimeException | Error e) {
            failed(e);
        }
    }

    /** Calls the handler with a packet at hand. */
    abstract void call(PortEvent.PacketFrame p);

    /** Calls the handler with a packet kept for later. */
    abstract void call(Packet p);

    /** Calls the handler's end event. */
    abstract void callEnd(CaptureEnd end);

    @Override
    public final void beforeRead() {
        Packet p;
        while ((p = deferred.poll()) != null) {
            if (discarding()) {
                deferred.clear();
                return;
            }
            try {
                call(p);
            } catch (RuntimeException | Error e) {
                failed(e);
            }
        }
    }

    @Override
    public final void idle() {
    }

    @Override
    public final Throwable handlerFailure() {
        return failure;
    }

    @Override
    public final void end(CaptureEnd end, boolean opened) {
        if (!opened) return;
        try {
            callEnd(end);
        } catch (RuntimeException | Error e) {
            // The end event is the last word; a handler failing on it changes nothing.
        }
    }

    /** Packets after close(), or after a handler failed, are not wanted. */
    private boolean discarding() {
        return failure != null || closing.get();
    }

    private void failed(Throwable t) {
        if (failure != null) return;
        failure = t;
        stopPort.run();
    }
}
