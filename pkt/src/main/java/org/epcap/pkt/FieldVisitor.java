package org.epcap.pkt;

/**
 * Receives a header's fields one at a time, in report order, as {@link Header#forEachField}
 * hands them out: the same names and values as {@link Header#fields()}, without building the
 * map, and with integers and flags unboxed where the header has them so. A JSON or text writer
 * that only lays the fields out implements it; the overloads it leaves alone box the value and
 * pass it to {@link #field(String, Object)}.
 *
 * <pre>{@code
 * StringBuilder sb = new StringBuilder();
 * Udp.decode(wire, 0, 8).forEachField((name, value) -> sb.append(name).append('=').append(value).append(' '));
 * // source_port=5353 destination_port=5353 ulen=... checksum=0
 * }</pre>
 */
@FunctionalInterface
public interface FieldVisitor {
    /** One field: a {@link Number}, {@link String}, {@link Boolean} or {@link java.util.List} of those. */
    void field(String name, Object value);

    /** An {@code int} field, {@link Integer} in {@link Header#fields()}. */
    default void field(String name, int value) {
        field(name, (Object) value);
    }

    /** A {@code long} field, {@link Long} in {@link Header#fields()}. */
    default void field(String name, long value) {
        field(name, (Object) value);
    }

    /** A flag, {@link Boolean} in {@link Header#fields()}. */
    default void field(String name, boolean value) {
        field(name, (Object) value);
    }
}
