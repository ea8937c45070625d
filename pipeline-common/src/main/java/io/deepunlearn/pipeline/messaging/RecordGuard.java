package io.deepunlearn.pipeline.messaging;

import io.deepunlearn.pipeline.security.IntegrityException;
import io.deepunlearn.pipeline.storage.ObjectExistsException;
import io.deepunlearn.pipeline.storage.StorageException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RetriableException;
import io.deepunlearn.pipeline.tracing.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every consumer wraps its per-record work in, so a consumer never stops on a record:
 * <ul>
 *   <li>a record larger than {@code maxRecordBytes} is never parsed: {@code <topic>.dlq} ("oversize record");</li>
 *   <li>{@link InvalidEventException}: the record can never be processed as it is → {@code <topic>.dlq} with the
 *       {@code dead-letter-reason} header; the offset moves on;</li>
 *   <li>a transient failure (object store or broker unreachable, timeouts) → retried with exponential backoff
 *       (1 s doubling to 30 s), as long as it takes: never dead-lettered, since the record is valid and must not
 *       be lost; the record stays unacknowledged meanwhile (readiness shows the outage);</li>
 *   <li>anything else (a bug, an unforeseen payload) → dead-lettered with the exception as the reason, so one bad
 *       record cannot block a partition; {@code deepunlearn dlq replay} re-drives it after a fix.</li>
 * </ul>
 */
public final class RecordGuard {

    /** Header of a dead letter: where the record was consumed from ({@code topic-partition@offset}). */
    public static final String DEAD_LETTER_ORIGIN = "dead-letter-origin";
    private static final Logger LOG = LoggerFactory.getLogger(RecordGuard.class);
    /** Kafka's default {@code max.request.size} / {@code message.max.bytes}: what an untuned broker lets through. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;
    private final EventPublisher publisher;
    private final int maxRecordBytes;
    private final Duration first;
    private final Duration max;

    public RecordGuard(EventPublisher publisher) {
        this(publisher, DEFAULT_MAX_RECORD_BYTES);
    }

    public RecordGuard(EventPublisher publisher, int maxRecordBytes) {
        this(publisher, maxRecordBytes, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    public RecordGuard(EventPublisher publisher, int maxRecordBytes, Duration first, Duration max) {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("max record size must be positive, got " + maxRecordBytes);
        }
        this.publisher = publisher;
        this.maxRecordBytes = maxRecordBytes;
        this.first = first;
        this.max = max;
    }

    /** Work on one record; may throw anything. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    /** True when a failure is worth retrying as it is. */
    public static boolean transientFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ObjectExistsException || t instanceof IntegrityException) {
                // a tampered artefact stays tampered: never retried
                return false;
            }
            if (t instanceof StorageException || t instanceof PublishException || t instanceof RetriableException
                    || t instanceof UncheckedIOException || t instanceof java.io.IOException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code work} for {@code record} (consumed from {@code topic}); returns true when it succeeded, false when
     * the record was dead-lettered. Throws only when interrupted (shutdown): the record is then not acknowledged and
     * is redelivered to the partition's next owner.
     */
    public boolean handle(ConsumerRecord<String, byte[]> record, String topic, Work work) {
        // a CONSUMER span continuing the trace the record's producer wrote into its headers
        return publisher.tracing().inSpan("consume " + record.topic(), SpanKind.CONSUMER, Tracing.extract(record.headers()),
                Map.of("messaging.system", "kafka", "messaging.destination.name", record.topic(),
                        "messaging.kafka.offset", String.valueOf(record.offset())), () -> handleInSpan(record, topic, work));
    }

    private boolean handleInSpan(ConsumerRecord<String, byte[]> record, String topic, Work work) {
        if (record.value() != null && record.value().length > maxRecordBytes) {
            deadLetter(record, topic, "oversize record: " + record.value().length + " bytes, at most " + maxRecordBytes
                    + " are parsed (deepunlearn.kafka.max-record-bytes)");
            return false;
        }
        Duration backoff = first;
        for (int attempt = 1; ; attempt++) {
            String reason;
            try {
                work.run();
                return true;
            } catch (InvalidEventException e) {
                reason = e.getMessage();
            } catch (IntegrityException e) {
                LOG.error("integrity check failed on {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                        e.getMessage());
                reason = "integrity check failed: " + e.getMessage();
            } catch (Exception e) {
                if (!transientFailure(e)) {
                    LOG.error("unexpected failure on {}-{}@{}: dead-lettering it", record.topic(), record.partition(),
                            record.offset(), e);
                    reason = "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
                } else {
                    LOG.warn("transient failure on {}-{}@{} (attempt {}), retrying in {} ms: {}", record.topic(),
                            record.partition(), record.offset(), attempt, backoff.toMillis(), e.getMessage());
                    backoff = pause(backoff);
                    continue;
                }
            }
            deadLetter(record, topic, reason);
            return false;
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String topic, String reason) {
        Duration backoff = first;
        while (true) {
            try {
                LOG.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
                Headers headers = new RecordHeaders(record.headers().toArray());
                CloudEvents.put(headers, DEAD_LETTER_ORIGIN, record.topic() + "-" + record.partition() + "@" + record.offset());
                publisher.deadLetter(topic, record.key(), record.value(), headers, reason);
                return;
            } catch (RuntimeException e) {
                LOG.warn("cannot dead-letter {}-{}@{} yet: {}", record.topic(), record.partition(), record.offset(),
                        e.getMessage());
                backoff = pause(backoff);
            }
        }
    }

    private Duration pause(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a record (shutting down)", e);
        }
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(max) > 0 ? max : next;
    }
}
