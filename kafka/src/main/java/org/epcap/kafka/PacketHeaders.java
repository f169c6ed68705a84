package org.epcap.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The Kafka record headers each packet record carries, and their parsing. Values are ASCII
 * decimal numbers or UTF-8 text, so that {@code kafka-console-consumer --property print.headers=true}
 * shows them and any client parses them without a schema.
 *
 * <pre>{@code
 * long ns = PacketHeaders.longValue(record.headers(), PacketHeaders.TIMESTAMP_NS);
 * }</pre>
 */
public final class PacketHeaders {
    /** The capture time in nanoseconds since the epoch (the record's own timestamp is its send time). */
    public static final String TIMESTAMP_NS = "timestamp_ns";
    /** The packet's length on the wire; the value may be shorter (snaplen). */
    public static final String WIRE_LENGTH = "wire_length";
    /** The pcap file {@code LINKTYPE_*} number of the bytes (1 = Ethernet). */
    public static final String LINK_TYPE = "link_type";
    /** The capture's interface, or the file it was read from; absent when unknown. */
    public static final String INTERFACE = "interface";
    /** The name of the capture host (configurable; the local host name by default). */
    public static final String HOST = "host";

    private PacketHeaders() {
    }

    static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The header's number, or {@code missing} when the record lacks it.
     *
     * @throws IllegalArgumentException when the header is there but is not a decimal number
     */
    public static long longValue(Headers headers, String name, long missing) {
        Header h = headers.lastHeader(name);
        if (h == null || h.value() == null) {
            return missing;
        }
        String s = new String(h.value(), StandardCharsets.US_ASCII);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("header " + name + " is not a number: '" + s + "'", e);
        }
    }

    /** The header's text, or null when the record lacks it. */
    public static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
