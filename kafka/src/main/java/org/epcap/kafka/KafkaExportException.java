package org.epcap.kafka;

/**
 * The export cannot go on: Kafka took no record within the producer's {@code max.block.ms} (no
 * broker answered, or the buffer stayed full that long). Thrown from the packet callback, it
 * ends the capture with this as its cause; the report still counts everything up to it.
 *
 * <pre>{@code
 * CaptureEnd end = capture.awaitEnd(Duration.ofMinutes(1)).orElseThrow();
 * end.cause().map(Throwable::getCause).filter(KafkaExportException.class::isInstance)
 *         .ifPresent(e -> System.err.println(e.getMessage()));
 * }</pre>
 */
public final class KafkaExportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KafkaExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
