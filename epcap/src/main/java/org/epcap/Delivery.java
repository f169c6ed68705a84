package org.epcap;

/**
 * How packets reach the user: pushed to a {@link PacketHandler} ({@link PushDelivery}), to a
 * {@link RawPacketHandler} without allocation ({@link RawDelivery}), or pulled through
 * {@code next}/{@code poll} ({@link PullDelivery}). {@link PortReader} drives it.
 *
 * <p>Threads: {@link #packet} runs on the thread that drains the packet source (the reader
 * thread; for a pull capture with a ring, the consumer holding {@link PullDelivery}'s lock);
 * everything else on the reader thread.
 */
sealed interface Delivery permits HandlerDelivery, PullDelivery {
    /** The capture is open: its packets have this link type. */
    void ready(int dataLinkType);

    /**
     * A packet. {@code deferring}: a handler's own request is reading ahead for its reply, so a
     * handler must not be called now; the packet is kept (copied) for {@link #beforeRead}.
     */
    void packet(PortEvent.PacketFrame packet, boolean deferring);

    /** Before each look for frames: push and raw deliver what was kept meanwhile. */
    void beforeRead();

    /** Nothing is at hand and the reader is about to wait: pull hands its batch over and waits for room. */
    void idle() throws InterruptedException;

    /** The exception a handler threw, which ends the capture; null when none did. */
    Throwable handlerFailure();

    /** Once, last: how the capture ended ({@code opened}: READY had come). */
    void end(CaptureEnd end, boolean opened);
}
