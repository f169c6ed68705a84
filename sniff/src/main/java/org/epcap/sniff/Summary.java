package org.epcap.sniff;

import java.io.PrintStream;

/**
 * The lines tcpdump prints when a capture ends, so that people who know tcpdump find the
 * counts where they expect them.
 *
 * @param captured          packets sniff handled (reported and saved)
 * @param received          packets the filter accepted, as the kernel counts them
 * @param dropped           packets the kernel dropped for lack of buffer space
 * @param interfaceDropped  packets the interface or its driver dropped
 */
record Summary(long captured, long received, long dropped, long interfaceDropped) {

    void print(PrintStream err) {
        err.println(captured + plural(captured) + " captured");
        err.println(received + plural(received) + " received by filter");
        err.println(dropped + plural(dropped) + " dropped by kernel");
        err.println(interfaceDropped + plural(interfaceDropped) + " dropped by interface");
        err.flush();
    }

    /** The one-line form --stats-every prints while the capture runs. */
    String line() {
        return "stats: " + captured + " captured, " + received + " received by filter, "
                + dropped + " dropped by kernel, " + interfaceDropped + " dropped by interface";
    }

    private static String plural(long n) {
        return n == 1 ? " packet" : " packets";
    }
}
