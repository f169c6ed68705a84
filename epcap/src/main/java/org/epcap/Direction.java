package org.epcap;

/**
 * Which packets a live capture sees, relative to the capturing host (libpcap's
 * {@code pcap_setdirection}; the port switch {@code -Q}).
 *
 * <pre>{@code
 * Options.builder().interfaceName("eth0").direction(Direction.IN).build();
 * }</pre>
 *
 * <p>Threads: immutable; safe to share between threads.
 */
public enum Direction {
    /** Packets the interface received. */
    IN("in"),
    /** Packets the host sent. */
    OUT("out"),
    /** Both, the default. */
    INOUT("inout");

    private final String switchValue;

    Direction(String switchValue) {
        this.switchValue = switchValue;
    }

    /** The value of the port's {@code -Q} switch. */
    public String switchValue() {
        return switchValue;
    }
}
