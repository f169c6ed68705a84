package org.epcap.pkt;

/**
 * A header with a length field that covers what follows it up to the end of the payload: the
 * IPv4 total length, the IPv6 payload length, the UDP length. {@link Pkt#encode} sets it when
 * asked to fill lengths.
 *
 * <pre>{@code
 * Udp u = new Udp(5353, 5353, 0, 0);
 * u.withLengthCovering(8 + 12);    // a Udp whose length is 20
 * }</pre>
 */
public interface HasLengthField {

    /**
     * This header with its length field set for {@code bytes} bytes from the header's first byte
     * to the end of the payload.
     *
     * @throws IllegalArgumentException when the field cannot hold that length
     */
    Header withLengthCovering(int bytes);
}
