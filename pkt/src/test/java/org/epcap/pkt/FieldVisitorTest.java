package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.epcap.pkt.testing.CorpusPackets;
import org.junit.jupiter.api.Test;

/**
 * {@link Header#forEachField} against {@link Header#fields()} (which the oracle tests check
 * against tshark and scapy) on every header of every corpus packet: the same names in the same
 * order, equal values of the same classes (an {@code int} field must stay an Integer, not
 * become a Long).
 */
class FieldVisitorTest {

    @Test
    void everyHeaderHandsOutItsFieldsAsItsMapHoldsThem() {
        Set<String> layers = new HashSet<>();
        for (CorpusPackets.Packet p : CorpusPackets.all()) {
            for (Header h : Pkt.decode(p.dataLinkType(), p.data()).headers()) {
                List<Object> expected = new ArrayList<>();
                for (Map.Entry<String, Object> e : h.fields().entrySet()) {
                    expected.add(e.getKey());
                    expected.add(e.getValue());
                    expected.add(e.getValue() == null ? null : e.getValue().getClass());
                }
                List<Object> visited = new ArrayList<>();
                h.forEachField(new FieldVisitor() {
                    @Override
                    public void field(String name, Object value) {
                        visited.add(name);
                        visited.add(value);
                        visited.add(value == null ? null : value.getClass());
                    }

                    @Override
                    public void field(String name, int value) {
                        field(name, (Object) Integer.valueOf(value));
                    }

                    @Override
                    public void field(String name, long value) {
                        field(name, (Object) Long.valueOf(value));
                    }

                    @Override
                    public void field(String name, boolean value) {
                        field(name, (Object) Boolean.valueOf(value));
                    }
                });
                assertEquals(expected, visited, () -> p + ": " + h.layer());
                layers.add(h.layer());
            }
        }
        for (String layer : List.of("ether", "ipv4", "ipv6", "udp", "tcp")) {
            assertFalse(!layers.contains(layer), "the corpus should hold " + layer + " headers: " + layers);
        }
    }
}
