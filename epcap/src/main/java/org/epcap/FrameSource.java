package org.epcap;

import java.io.IOException;

/**
 * Where the port's packet frames come from: the pipe ({@link PipeSource}) or the shared-memory
 * ring ({@link RingSource}). One reader loop ({@link PortReader}) serves both.
 *
 * <p>Threads: one thread at a time drains a source (see each implementation for which).
 */
interface FrameSource {
    /**
     * Hands the frames at hand, about {@code maxBytes} of them, to {@code sink}, without waiting
     * for more.
     *
     * @return true when it handed over at least one frame
     * @throws ProtocolException when a frame is malformed
     */
    boolean poll(FrameSink sink, int maxBytes) throws IOException;

    /** Waits until {@link #poll} may find frames, or the source has ended. */
    void await() throws IOException, InterruptedException;

    /** True once the port is gone and every frame it left has been handed over. */
    boolean ended();
}
