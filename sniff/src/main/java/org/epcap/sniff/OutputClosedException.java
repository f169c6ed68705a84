package org.epcap.sniff;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The reader of sniff's output has gone ({@code sniff ... | head -1}): the capture ends as it
 * would at the end of a file, with the summary on stderr and status 0, as tcpdump users expect.
 */
public final class OutputClosedException extends UncheckedIOException {
    public OutputClosedException(IOException cause) {
        super("output closed: " + cause.getMessage(), cause);
    }
}
