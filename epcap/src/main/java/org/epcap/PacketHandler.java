package org.epcap;

/**
 * Receives packets on the capture's reader thread (push mode), then one end event.
 *
 * <pre>{@code
 * Epcap cap = Epcap.start(options, new PacketHandler() {
 *     public void onPacket(Packet p) { System.out.println(p); }
 *     public void onEnd(CaptureEnd end) { System.out.println("ended: " + end); }
 * });
 * }</pre>
 *
 * <p>The handler may call {@link Epcap#send}, {@link Epcap#stats}, {@link Epcap#setFilter}
 * and {@link Epcap#close} on its own capture: the call reads ahead for its reply, and the
 * packets it reads meanwhile are delivered after the handler returns, in order. A handler
 * that throws ends the capture (reason {@link CaptureEnd.Reason#ERROR}).
 */
@FunctionalInterface
public interface PacketHandler {
    /** One captured packet, in capture order. */
    void onPacket(Packet packet);

    /** Called once, last, on the reader thread: how the capture ended. */
    default void onEnd(CaptureEnd end) {
    }
}
