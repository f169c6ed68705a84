package org.epcap.sniff;

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

    /** Pushes out anything buffered; called when the capture ends or pauses. */
    default void flush() {
    }
}
