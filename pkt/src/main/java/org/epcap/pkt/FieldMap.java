package org.epcap.pkt;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@link Header#fields()} of the headers that hand their fields out by {@link Header#forEachField}. */
final class FieldMap {
    private FieldMap() {
    }

    /** {@code h}'s fields, in its order, as a map. */
    static Map<String, Object> of(Header h) {
        Map<String, Object> m = new LinkedHashMap<>();
        h.forEachField(m::put);
        return m;
    }
}
