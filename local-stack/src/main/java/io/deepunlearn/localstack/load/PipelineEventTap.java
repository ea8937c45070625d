package io.deepunlearn.localstack.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepunlearn.localstack.PipelineClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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

    public static final String STATUS_TOPIC = "deepunlearn.request.status";
    public static final String UNLEARNED_TOPIC = "deepunlearn.unlearning.completed";
    public static final String AUDITED_TOPIC = "deepunlearn.audit.completed";
    /** Unlearning results the auditor could not audit (with the reason in a header): no receipt will come. */
    public static final String AUDIT_DLQ_TOPIC = "deepunlearn.unlearning.completed.dlq";
    static final String DEAD_LETTER_REASON = "dead-letter-reason";

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
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "pipeline-load-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(STATUS_TOPIC, UNLEARNED_TOPIC, AUDITED_TOPIC, AUDIT_DLQ_TOPIC));
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
                    var reason = r.headers().lastHeader(DEAD_LETTER_REASON);
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

    /** Feeds one record into the observations; unreadable records (e.g. the DLQ tests' garbage) are ignored. */
    static void apply(PipelineObservations observations, String topic, byte[] value, String deadLetterReason,
                      long observedNanos) {
        JsonNode e;
        try {
            e = value == null ? null : PipelineClient.JSON.readTree(value);
        } catch (IOException ex) {
            return;
        }
        if (e == null || !e.isObject()) {
            return;
        }
        switch (topic) {
            case STATUS_TOPIC -> observations.statusChanged(e.path("requestId").asText(), e.path("status").asText(),
                    e.path("reason").isNull() ? null : e.path("reason").asText(null), observedNanos);
            case UNLEARNED_TOPIC -> observations.unlearned(e.path("result").path("version").asText(), ids(e));
            case AUDITED_TOPIC -> observations.audited(e.path("version").path("version").asText(),
                    e.path("outcome").asText(), ids(e));
            case AUDIT_DLQ_TOPIC -> observations.auditDeadLettered(ids(e), deadLetterReason);
            default -> {
            }
        }
    }

    private static List<String> ids(JsonNode e) {
        List<String> ids = new ArrayList<>();
        e.path("requestIds").forEach(n -> ids.add(n.asText()));
        return ids;
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
