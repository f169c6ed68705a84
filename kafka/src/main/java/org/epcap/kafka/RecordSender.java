package org.epcap.kafka;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The producer and the counts of what became of each record.
 *
 * <p>Backpressure: {@link #send} blocks while the producer's buffer ({@code buffer.memory}) is
 * full, for at most {@code max.block.ms}; the capture's reader thread waits in it, stops reading
 * the port, the port stops reading the kernel, and the kernel drops and counts. Nothing here
 * queues.
 *
 * <p>Threads: {@link #send} runs on the capture's reader thread (the only writer of
 * {@code sent}); the callback on the producer's I/O thread (the only writer of
 * {@code acknowledged} and {@code failed}, except {@link #send}'s own failures, which are
 * counted in {@code sendFailed}); the getters on any thread.
 */
final class RecordSender implements Callback, AutoCloseable {
    private final Producer<byte[], byte[]> producer;
    private final MetricName waitTime;
    private final String servers;
    private volatile KafkaExportException fatal;
    // Single-writer counters: the writer keeps the value, readers see it through lazySet.
    private long sentByReader;
    private final AtomicLong sent = new AtomicLong();
    private long sendFailedByReader;
    private final AtomicLong sendFailed = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    /** The buffer wait time when the producer closed (its metrics go with it). */
    private volatile long blockedAtClose = -1;

    RecordSender(KafkaProducer<byte[], byte[]> producer, String servers) {
        this.producer = producer;
        this.servers = servers;
        this.waitTime = producer.metrics().keySet().stream()
                .filter(n -> n.name().equals("bufferpool-wait-time-ns-total") && n.group().equals("producer-metrics"))
                .findFirst().orElse(null);
    }

    /**
     * Hands one record to the producer; waits while its buffer is full.
     *
     * @throws KafkaExportException when a record timed out ({@code max.block.ms} waiting for
     *                              metadata or room, or {@code delivery.timeout.ms} waiting for
     *                              its acknowledgement): the capture should end
     */
    void send(ProducerRecord<byte[], byte[]> record) {
        KafkaExportException f = fatal;
        if (f != null) throw f;
        sent.lazySet(++sentByReader);
        try {
            producer.send(record, this);
        } catch (KafkaException | IllegalStateException e) {
            // Closed under us, a record too large: this record is lost and counted; the capture
            // goes on.
            sendFailed.lazySet(++sendFailedByReader);
            noteError(e);
        }
        // A record the producer could not place within max.block.ms (no metadata, no room)
        // fails through the callback, at once, on this thread.
        f = fatal;
        if (f != null) throw f;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception == null) {
            acknowledged.lazySet(acknowledged.get() + 1);
            return;
        }
        failed.incrementAndGet();
        noteError(exception);
        if (exception instanceof TimeoutException && fatal == null) {
            fatal = new KafkaExportException("Kafka at " + servers + " took no record in time ("
                    + exception.getMessage() + "); raise max.block.ms or delivery.timeout.ms to wait longer",
                    exception);
        }
    }

    /** True once a record timed out: the brokers are gone or far behind. */
    boolean timedOut() {
        return fatal != null;
    }

    private void noteError(Exception e) {
        firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    /** Records handed to the producer, whatever became of them. */
    long sent() {
        return sent.get();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    /** Records given up: refused by send, failed by the producer, or cut off by close. */
    long failed() {
        return failed.get() + sendFailed.get();
    }

    String firstError() {
        return firstError.get();
    }

    /** The total time sends waited for room in the producer's buffer. */
    long blockedNanos() {
        long atClose = blockedAtClose;
        if (atClose >= 0) {
            return atClose;
        }
        return blockedNanosNow();
    }

    /**
     * Sends what is buffered and waits up to {@code timeout} for the acknowledgements; records
     * still in flight then fail (the producer calls back for each, so they are counted).
     */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    synchronized void close(Duration timeout) {
        if (blockedAtClose >= 0) {
            return;
        }
        long before = blockedNanosNow();
        producer.close(timeout);
        // The producer's metrics may be gone once it is closed: keep the larger reading.
        blockedAtClose = Math.max(before, blockedNanosNow());
    }

    private long blockedNanosNow() {
        if (waitTime == null) {
            return 0;
        }
        Metric m = producer.metrics().get(waitTime);
        Object v = m == null ? null : m.metricValue();
        return v instanceof Number n ? (long) n.doubleValue() : 0;
    }
}
