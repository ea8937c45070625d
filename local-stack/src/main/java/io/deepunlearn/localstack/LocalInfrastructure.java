package io.deepunlearn.localstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The broker and the S3 server together, with the pipeline's topics created, and the config that points at them. */
public final class LocalInfrastructure implements AutoCloseable {

    /** The pipeline's default topics; the status topic is compacted (key = request id). */
    public static final List<String> TOPICS = List.of("deepunlearn.training.requested", "deepunlearn.checkpoint.published",
            "deepunlearn.forget.requested", "deepunlearn.unlearning.completed", "deepunlearn.audit.completed",
            "deepunlearn.retrain.requested", "deepunlearn.request.status", "deepunlearn.forget.requested.dlq",
            "deepunlearn.training.requested.dlq", "deepunlearn.unlearning.completed.dlq", "deepunlearn.retrain.requested.dlq");
    public static final String STATUS_TOPIC = "deepunlearn.request.status";
    /** Partitions of the forget topic: caps the number of concurrent unlearner workers. */
    public static final int FORGET_PARTITIONS = 3;

    private final EmbeddedKafka kafka;
    private final EmbeddedS3 s3;

    private LocalInfrastructure(EmbeddedKafka kafka, EmbeddedS3 s3) {
        this.kafka = kafka;
        this.s3 = s3;
        Map<String, Integer> partitions = new LinkedHashMap<>();
        TOPICS.forEach(t -> partitions.put(t, t.equals("deepunlearn.forget.requested") ? FORGET_PARTITIONS : 1));
        kafka.createTopics(partitions, Set.of(STATUS_TOPIC));
    }

    /** Temporary directories and free ports (tests). */
    public static LocalInfrastructure startTemporary() {
        EmbeddedS3 s3 = EmbeddedS3.startTemporary();
        return new LocalInfrastructure(EmbeddedKafka.startTemporary(), s3);
    }

    /** Persistent state under {@code dir} ({@code kafka/}, {@code s3/}); ports 0 pick free ones. */
    public static LocalInfrastructure start(Path dir, int kafkaPort, int s3Port, String accessKey, String secretKey) {
        EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), s3Port, accessKey, secretKey, false);
        return new LocalInfrastructure(EmbeddedKafka.start(dir.resolve("kafka"), kafkaPort, false), s3);
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedS3 s3() {
        return s3;
    }

    /** Configuration properties for a service (the environment-variable forms are in {@link #serviceEnvironment}). */
    public Map<String, String> serviceConfig() {
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                "deepunlearn.s3.endpoint", s3.endpoint(),
                "deepunlearn.s3.access-key", s3.accessKey(),
                "deepunlearn.s3.secret-key", s3.secretKey());
    }

    /** The same as environment variables, as a deployment would set them. */
    public Map<String, String> serviceEnvironment() {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "DEEPUNLEARN_S3_ENDPOINT", s3.endpoint(),
                "DEEPUNLEARN_S3_ACCESS_KEY", s3.accessKey(),
                "DEEPUNLEARN_S3_SECRET_KEY", s3.secretKey());
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            s3.close();
        }
    }
}
