package org.epcap.kafka.json;

/**
 * Receives each event {@link EventExtractor} finds, with its JSON, on the thread that feeds the
 * extractor (from inside {@code accept}, {@code advanceTo} or {@code flush}; a handler must not
 * feed the same extractor). The JSON array is the handler's to keep.
 *
 * <pre>{@code
 * EventHandler h = (event, json) -> producer.send(
 *         new ProducerRecord<>("events", event.endpoints().communityId(), json));
 * }</pre>
 */
@FunctionalInterface
public interface EventHandler {
    void onEvent(Event event, byte[] json);
}
