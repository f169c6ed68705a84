package org.epcap.sniff;

import org.epcap.Options;

/**
 * The seed's interactive sniff, for jshell: one sniffer per JVM that prints every packet it
 * captures, restarted with new options whenever you like.
 *
 * <pre>{@code
 * jshell> import org.epcap.*; import org.epcap.sniff.*;
 * jshell> Sniff.startLink();
 * jshell> Sniff.start(Options.builder().interfaceName("eth0").filter("tcp and port 443").build());
 * jshell> Sniff.start(Options.builder().interfaceName("eth0").filter("udp port 53").build());  // new flow, same reporter
 * jshell> Sniff.reporter(new JsonReporter(System.out));
 * jshell> Sniff.stop();
 * }</pre>
 *
 * Errors starting a capture are thrown to the caller (the seed's "linked" start): a missing
 * device or a bad filter is a typed {@link org.epcap.EpcapException} at once.
 */
public final class Sniff {
    /** The seed's default capture: web traffic. */
    public static final String DEFAULT_FILTER = "tcp and port 80";

    private static Sniffer sniffer;

    private Sniff() {
    }

    /**
     * Makes the sniffer, reporting as text to stdout, if there is none yet; captures nothing
     * until {@link #start}. Calling it again does nothing.
     */
    public static synchronized void startLink() {
        if (sniffer == null) {
            sniffer = new Sniffer(new TextReporter(System.out));
        }
    }

    /** Captures {@value #DEFAULT_FILTER} on the default interface, as the seed's {@code start()}. */
    public static synchronized void start() {
        start(Options.builder().filter(DEFAULT_FILTER).build());
    }

    /** (Re)starts the capture with {@code options}; the reporter stays. */
    public static synchronized void start(Options options) {
        startLink();
        sniffer.start(options);
    }

    /** Stops the capture; {@link #start} starts it again. */
    public static synchronized void stop() {
        if (sniffer != null) {
            sniffer.stop();
        }
    }

    /** Sends the packets to {@code reporter} from now on. */
    public static synchronized void reporter(Reporter reporter) {
        startLink();
        sniffer.reporter(reporter);
    }

    /** The sniffer behind these methods (made by {@link #startLink} if needed). */
    public static synchronized Sniffer sniffer() {
        startLink();
        return sniffer;
    }
}
