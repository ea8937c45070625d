package io.deepunlearn.pipeline.cdi;

import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.storage.Buckets;
import io.deepunlearn.pipeline.storage.S3Settings;
import java.util.Optional;
import java.util.function.Function;

/**
 * The configuration every service shares, read by key so environment variables map onto it the usual way
 * ({@code DEEPUNLEARN_S3_ENDPOINT} -> {@code deepunlearn.s3.endpoint}, {@code DEEPUNLEARN_BUCKET_MODELS} ->
 * {@code deepunlearn.bucket.models}, {@code KAFKA_BOOTSTRAP_SERVERS} -> {@code kafka.bootstrap.servers}).
 */
public record PipelineSettings(S3Settings s3, Buckets buckets, Topics topics, String bootstrapServers, String source) {

    public static PipelineSettings from(Function<String, Optional<String>> config) {
        Topics d = Topics.defaults();
        Function<String[], String> v = kv -> config.apply(kv[0]).filter(s -> !s.isBlank()).orElse(kv[1]);
        return new PipelineSettings(
                new S3Settings(v.apply(new String[] {"deepunlearn.s3.endpoint", null}),
                        v.apply(new String[] {"deepunlearn.s3.access-key", null}),
                        v.apply(new String[] {"deepunlearn.s3.secret-key", null}),
                        v.apply(new String[] {"deepunlearn.s3.region", "us-east-1"})),
                new Buckets(v.apply(new String[] {"deepunlearn.bucket.models", "models"}),
                        v.apply(new String[] {"deepunlearn.bucket.datasets", "datasets"}),
                        v.apply(new String[] {"deepunlearn.bucket.evidence", "evidence"})),
                new Topics(v.apply(new String[] {"deepunlearn.topics.training-requested", d.trainingRequested()}),
                        v.apply(new String[] {"deepunlearn.topics.checkpoint-published", d.checkpointPublished()}),
                        v.apply(new String[] {"deepunlearn.topics.forget-requested", d.forgetRequested()}),
                        v.apply(new String[] {"deepunlearn.topics.unlearning-completed", d.unlearningCompleted()}),
                        v.apply(new String[] {"deepunlearn.topics.audit-completed", d.auditCompleted()}),
                        v.apply(new String[] {"deepunlearn.topics.retrain-requested", d.retrainRequested()}),
                        v.apply(new String[] {"deepunlearn.topics.request-status", d.requestStatus()})),
                v.apply(new String[] {"kafka.bootstrap.servers", "127.0.0.1:9092"}),
                v.apply(new String[] {"quarkus.application.name", "deepunlearn"}));
    }
}
