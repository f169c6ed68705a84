package org.epcap.kafka.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The writer's nesting, escaping and its refusal to repeat a key, read back by Jackson's parser. */
class EcsWriterTest {
    @Test
    void dottedNamesBecomeNestedObjects() {
        EcsWriter w = new EcsWriter();
        w.begin();
        w.string("@timestamp", "t");
        w.string("source.ip", "192.0.2.1").number("source.port", 1);
        w.string("tls.client.server_name", "a").string("tls.client.ja3", "b").string("tls.next_protocol", "h2");
        w.strings("event.category", List.of("network"));
        String json = new String(w.end(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("{\"@timestamp\":\"t\",\"source\":{\"ip\":\"192.0.2.1\",\"port\":1},\"tls\":{\"client\":"
                + "{\"server_name\":\"a\",\"ja3\":\"b\"},\"next_protocol\":\"h2\"},\"event\":{\"category\":[\"network\"]}}",
                json);
    }

    @Test
    void hostileStringsStayStrings() {
        String evil = "a\"b\\c\n\u0000\u001f}{\",\"x\":\"\u00e9\ud83d\ude00";
        EcsWriter w = new EcsWriter();
        w.begin();
        w.string("tls.client.server_name", evil);
        JsonNode d = Captures.parse(w.end());
        assertEquals(evil, d.at("/tls/client/server_name").asText());
        assertEquals(1, d.size());
    }

    @Test
    void anObjectWrittenInTwoPlacesIsRefused() {
        EcsWriter w = new EcsWriter();
        w.begin();
        w.string("source.ip", "a");
        w.string("destination.ip", "b");
        assertThrows(IllegalStateException.class, () -> w.string("source.port", "1"));
    }

    @Test
    void theBufferIsReusedAndEachDocumentIsItsOwn() {
        EcsWriter w = new EcsWriter();
        w.begin();
        w.string("a.b", "1");
        byte[] first = w.end();
        w.begin();
        w.string("a.b", "2");
        byte[] second = w.end();
        assertEquals("{\"a\":{\"b\":\"1\"}}", new String(first, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("{\"a\":{\"b\":\"2\"}}", new String(second, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void timestampsHaveNineFractionDigitsInUtc() {
        assertEquals("2023-11-14T22:13:20.123456789Z", EcsValues.timestamp(1_700_000_000_123_456_789L));
        assertEquals("1970-01-01T00:00:00.000000000Z", EcsValues.timestamp(0));
        assertEquals("1969-12-31T23:59:59.999999999Z", EcsValues.timestamp(-1));
    }
}
