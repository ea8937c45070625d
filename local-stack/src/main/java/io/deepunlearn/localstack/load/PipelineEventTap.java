package io.deepunlearn.localstack.load;

import io.deepunlearn.pipeline.event.AuditCompleted;
import io.deepunlearn.pipeline.event.RequestStatusChanged;
import io.deepunlearn.pipeline.event.UnlearningCompleted;
import io.deepunlearn.pipeline.messaging.CloudEvents;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.messaging.InvalidEventException;
import io.deepunlearn.pipeline.messaging.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One Kafka consumer (own group, from the beginning) on the status, unlearning-completed and audit-completed
 * topics and the auditor's dead-letter topic: the harness learns that a request reached the audited model the moment the auditor publishes it, on its
 * own clock, without polling the REST API once per request. Runs on its own thread until closed.
 */
public final class PipelineEventTap implements AutoCloseable {

    /** The local stack runs the services with the default topic names. */
    static final Topics TOPICS = Topics.defaults();
    /** Unlearning results the auditor could not audit (with the reason in a header): no receipt will come. */
    static final String AUDIT_DEAD_LETTERS = Topics.deadLetter(TOPICS.unlearningCompleted());

    private final KafkaConsumer<String, byte[]> consumer;
    private final PipelineObservations observations;
    private final Thread thread;
    private volatile boolean running = true;
    private final java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);

    private PipelineEventTap(KafkaConsumer<String, byte[]> consumer, PipelineObservations observations) {
        this.consumer = consumer;
        this.observations = observations;
        this.thread = new Thread(this::loop, "pipeline-event-tap");
        this.thread.setDaemon(true);
    }

    public static PipelineEventTap start(String bootstrapServers, PipelineObservations observations) {
        return start(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), observations);
    }

    /** {@code client}: the broker's client properties (on the local stack's secured broker, the harness's admin user). */
    public static PipelineEventTap start(Map<String, Object> client, PipelineObservations observations) {
        Map<String, Object> config = new java.util.HashMap<>(client);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "pipeline-load-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(TOPICS.requestStatus(), TOPICS.unlearningCompleted(), TOPICS.auditCompleted(),
                AUDIT_DEAD_LETTERS));
        PipelineEventTap tap = new PipelineEventTap(consumer, observations);
        tap.thread.start();
        return tap;
    }

    private void loop() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(200));
                long now = System.nanoTime();
                if (!consumer.assignment().isEmpty()) {
                    assigned.countDown();
                }
                for (ConsumerRecord<String, byte[]> r : records) {
                    var reason = r.headers().lastHeader(CloudEvents.DEAD_LETTER_REASON);
                    apply(observations, r.topic(), r.value(),
                            reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8), now);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /**
     * Waits until the consumer owns its partitions, so that the first events of a load are seen when they are
     * published rather than after the group join (a few seconds).
     */
    public void awaitAssignment(Duration timeout) {
        try {
            if (!assigned.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the event tap got no partitions within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Feeds one record into the observations, decoded with the services' own codec and event records;
     * unreadable records (e.g. the DLQ tests' garbage) are ignored.
     */
    static void apply(PipelineObservations observations, String topic, byte[] value, String deadLetterReason,
                      long observedNanos) {
        try {
            if (topic.equals(TOPICS.requestStatus())) {
                RequestStatusChanged e = EventCodec.decode(value, RequestStatusChanged.class, RequestStatusChanged.SCHEMA_VERSION);
                observations.statusChanged(e.requestId(), e.status(), e.reason(), observedNanos);
            } else if (topic.equals(TOPICS.unlearningCompleted())) {
                UnlearningCompleted e = EventCodec.decode(value, UnlearningCompleted.class, UnlearningCompleted.SCHEMA_VERSION);
                observations.unlearned(e.result().version(), e.requestIds());
            } else if (topic.equals(TOPICS.auditCompleted())) {
                AuditCompleted e = EventCodec.decode(value, AuditCompleted.class, AuditCompleted.SCHEMA_VERSION);
                observations.audited(e.version().version(), e.outcome(), e.requestIds());
            } else if (topic.equals(AUDIT_DEAD_LETTERS)) {
                UnlearningCompleted e = EventCodec.decode(value, UnlearningCompleted.class, UnlearningCompleted.SCHEMA_VERSION);
                observations.auditDeadLettered(e.requestIds(), deadLetterReason);
            }
        } catch (InvalidEventException e) {
            // not an event of this topic: nothing to observe
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
