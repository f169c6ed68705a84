package org.epcap.sniff;

import java.time.Instant;
import java.util.Arrays;
import org.epcap.Packet;

/**
 * What sniff does with each captured packet. {@link TextReporter} prints the seed's block,
 * {@link JsonReporter} one JSON object per line; any lambda will do for your own.
 *
 * <pre>{@code
 * Sniff.reporter(p -> System.out.println(p.length() + " bytes at " + p.timestamp()));
 * }</pre>
 *
 * <p>A reporter is called from one thread at a time, in capture order.
 */
@FunctionalInterface
public interface Reporter {
    /** Reports nothing: {@code -w -}, where stdout holds the capture file. */
    Reporter NONE = packet -> { };

    /** Reports one packet. */
    void report(Packet packet);

    /**
     * Reports one packet given as a view ({@code buf[off, off+caplen)}, valid during the call
     * only), as {@link org.epcap.RawPacketHandler} hands it out. By default a {@link Packet}
     * copy of it goes to {@link #report(Packet)}.
     */
    default void report(int dataLinkType, byte[] buf, int off, int caplen, long sec, int nsec, int length) {
        report(Packet.of(dataLinkType, Instant.ofEpochSecond(sec, nsec), length,
                off == 0 && caplen == buf.length ? buf : Arrays.copyOfRange(buf, off, off + caplen)));
    }

    /**
     * The capture has ended (or was interrupted): report what is still held, such as flows still
     * open. Called once, before the last {@link #flush()}.
     */
    default void end() {
    }

    /** Pushes out anything buffered; called when the capture ends or pauses. */
    default void flush() {
    }
}
