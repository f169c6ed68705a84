package org.epcap;

/**
 * A request ({@code send}, {@code stats}, {@code setFilter}) was made after the capture had
 * ended, or the capture ended before the port answered it. {@link #end()} tells how it ended.
 *
 * <p>Threads: immutable once made; safe to pass between threads.
 */
public final class CaptureEndedException extends EpcapException {
    private static final long serialVersionUID = 1L;

    private final transient CaptureEnd end;

    public CaptureEndedException(CaptureEnd end) {
        super(null, "the capture has ended: " + end, end.cause().orElse(null));
        this.end = end;
    }

    /** How the capture ended. */
    public CaptureEnd end() {
        return end;
    }
}
