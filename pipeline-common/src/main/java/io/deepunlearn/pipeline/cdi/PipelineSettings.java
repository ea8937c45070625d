package io.deepunlearn.pipeline.cdi;

import io.deepunlearn.pipeline.lifecycle.LifecycleSettings;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.RecordGuard;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.storage.Buckets;
import io.deepunlearn.pipeline.storage.S3Settings;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The configuration every service shares, read by key so environment variables map onto it the usual way
 * ({@code DEEPUNLEARN_S3_ENDPOINT} -> {@code deepunlearn.s3.endpoint}, {@code DEEPUNLEARN_BUCKET_MODELS} ->
 * {@code deepunlearn.bucket.models}, {@code KAFKA_BOOTSTRAP_SERVERS} -> {@code kafka.bootstrap.servers}).
 * {@code deepunlearn.s3.timeout} (PT10S) bounds each S3 call; {@code deepunlearn.kafka.send-timeout} (PT10S) each
 * publish: short, so a frozen store or broker turns into a fast 503 or a retry, not a call blocked for minutes.
 * {@code deepunlearn.kafka.max-record-bytes} (1 MiB) is the largest record a consumer parses; larger ones are dead
 * letters ({@link RecordGuard}).
 */
public record PipelineSettings(S3Settings s3, Buckets buckets, Topics topics, String bootstrapServers, String source,
                               Duration sendTimeout, int maxRecordBytes, LifecycleSettings lifecycle) {

    public static PipelineSettings from(Function<String, Optional<String>> config) {
        Topics d = Topics.defaults();
        Function<String, String> required = key -> value(config, key, null);
        return new PipelineSettings(
                new S3Settings(required.apply("deepunlearn.s3.endpoint"), required.apply("deepunlearn.s3.access-key"),
                        required.apply("deepunlearn.s3.secret-key"), value(config, "deepunlearn.s3.region", "us-east-1"),
                        Duration.parse(value(config, "deepunlearn.s3.timeout", S3Settings.DEFAULT_TIMEOUT.toString()))),
                new Buckets(value(config, "deepunlearn.bucket.models", "models"),
                        value(config, "deepunlearn.bucket.datasets", "datasets"),
                        value(config, "deepunlearn.bucket.evidence", "evidence")),
                new Topics(value(config, "deepunlearn.topics.training-requested", d.trainingRequested()),
                        value(config, "deepunlearn.topics.checkpoint-published", d.checkpointPublished()),
                        value(config, "deepunlearn.topics.forget-requested", d.forgetRequested()),
                        value(config, "deepunlearn.topics.unlearning-completed", d.unlearningCompleted()),
                        value(config, "deepunlearn.topics.audit-completed", d.auditCompleted()),
                        value(config, "deepunlearn.topics.retrain-requested", d.retrainRequested()),
                        value(config, "deepunlearn.topics.request-status", d.requestStatus())),
                value(config, "kafka.bootstrap.servers", "127.0.0.1:9092"),
                value(config, "quarkus.application.name", "deepunlearn"),
                Duration.parse(value(config, "deepunlearn.kafka.send-timeout",
                        EventPublisher.DEFAULT_SEND_TIMEOUT.toString())),
                Integer.parseInt(value(config, "deepunlearn.kafka.max-record-bytes",
                        String.valueOf(RecordGuard.DEFAULT_MAX_RECORD_BYTES))),
                LifecycleSettings.from(key -> config.apply(key).filter(v -> !v.isBlank())));
    }

    /** The configured value, or {@code fallback} when absent or blank. */
    private static String value(Function<String, Optional<String>> config, String key, String fallback) {
        return config.apply(key).filter(v -> !v.isBlank()).orElse(fallback);
    }
}
