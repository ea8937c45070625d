package io.deepunlearn.pipeline.messaging;

import io.deepunlearn.pipeline.event.EventType;
import io.deepunlearn.pipeline.event.PipelineEvent;
import io.deepunlearn.pipeline.tracing.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events synchronously (the call returns once the broker acknowledged with acks=all), so a REST 202 or
 * a status change is only reported after the event is durable. Idempotent producer: retries never duplicate.
 */
public class EventPublisher implements AutoCloseable {

    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(10);
    private final KafkaProducer<String, byte[]> producer;
    private final String source;
    private final Duration sendTimeout;
    private final Tracing tracing;

    public EventPublisher(String bootstrapServers, String source) {
        this(bootstrapServers, source, DEFAULT_SEND_TIMEOUT);
    }

    public EventPublisher(String bootstrapServers, String source, Duration sendTimeout) {
        this(bootstrapServers, source, sendTimeout, Tracing.noop());
    }

    /**
     * {@code sendTimeout} bounds each publish (metadata wait and acknowledgement): the REST intake answers 503
     * within it when the broker is away, and a transient failure surfaces in time to be retried. Each event is sent
     * in a PRODUCER span whose W3C {@code traceparent} goes into the record's headers (the raw producer has no
     * instrumentation of its own).
     */
    public EventPublisher(String bootstrapServers, String source, Duration sendTimeout, Tracing tracing) {
        this(bootstrapServers, source, sendTimeout, tracing, Map.of());
    }

    /**
     * @param security the client security settings ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}; see
     *                 {@link io.deepunlearn.pipeline.security.KafkaClientSecurity}): this producer authenticates as
     *                 the service's principal, whose ACLs allow only the topics the service owns
     */
    public EventPublisher(String bootstrapServers, String source, Map<String, Object> security) {
        this(bootstrapServers, source, DEFAULT_SEND_TIMEOUT, Tracing.noop(), security);
    }

    public EventPublisher(String bootstrapServers, String source, Duration sendTimeout, Tracing tracing,
                          Map<String, Object> security) {
        this.source = source;
        this.tracing = tracing;
        this.sendTimeout = sendTimeout;
        Map<String, Object> config = new java.util.HashMap<>(security);
        config.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, source + "-events",
                // every send is awaited, so batching gains nothing and Kafka 4's default linger (5 ms) only
                // delays each one: a coalesced run of 1 000 requests publishes 2 000 status events in a row
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeout.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(sendTimeout.toMillis(), 1000),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(sendTimeout.toMillis() - 1, 999)));
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends {@code event} keyed by its model id, with CloudEvents headers; {@code id} is the CloudEvents id. */
    public RecordMetadata publish(String topic, PipelineEvent event, String id) {
        return publish(topic, event.modelId(), event, id);
    }

    /** As {@link #publish(String, PipelineEvent, String)} with an explicit key (the status topic keys by request). */
    public RecordMetadata publish(String topic, String key, PipelineEvent event, String id) {
        EventType type = EventType.of(event.getClass());
        Headers headers = CloudEvents.headers(type, source, event.modelId(), id, null);
        return tracing.inSpan("publish " + topic, SpanKind.PRODUCER, Context.current(),
                Map.of("messaging.system", "kafka", "messaging.destination.name", topic,
                        "messaging.operation.type", "send"), () -> {
                    Tracing.inject(headers);
                    return send(new ProducerRecord<>(topic, null, key, EventCodec.encode(event), headers));
                });
    }

    /** The tracing the publisher's spans go to (consumers of the same service use it too). */
    public Tracing tracing() {
        return tracing;
    }

    /** Forwards an unprocessable record to {@code <topic>.dlq}, keeping its key, value and headers, adding the reason. */
    public RecordMetadata deadLetter(String topic, String key, byte[] value, Headers original, String reason) {
        Headers headers = new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
        CloudEvents.put(headers, CloudEvents.DEAD_LETTER_REASON, reason);
        CloudEvents.put(headers, "dead-letter-topic", topic);
        return send(new ProducerRecord<>(Topics.deadLetter(topic), null, key, value, headers));
    }

    /** Sends a record as it is (a dead letter replayed to its original topic: key, value and headers kept). */
    public RecordMetadata republish(String topic, String key, byte[] value, Headers headers) {
        return send(new ProducerRecord<>(topic, null, key, value, headers));
    }

    private RecordMetadata send(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while publishing to " + record.topic(), e);
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw new PublishException("cannot publish to " + record.topic() + ": " + e.getMessage(), e);
        }
    }

    /** The topic's partition count from the producer's metadata (0 when unknown). */
    public int partitions(String topic) {
        try {
            return producer.partitionsFor(topic).size();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
