package io.deepunlearn.infra;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The broker and the S3 server together, and the configuration that points a service at them. Knows no topic:
 * the broker creates topics on first use, and callers that need a fixed layout (partitions, compaction) create
 * it through {@link EmbeddedKafka#createTopics}.
 */
public final class EmbeddedInfrastructure implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final EmbeddedS3 s3;

    private EmbeddedInfrastructure(EmbeddedKafka kafka, EmbeddedS3 s3) {
        this.kafka = kafka;
        this.s3 = s3;
    }

    /** Temporary directories and free ports (tests). */
    public static EmbeddedInfrastructure startTemporary() {
        EmbeddedS3 s3 = EmbeddedS3.startTemporary();
        return new EmbeddedInfrastructure(EmbeddedKafka.startTemporary(), s3);
    }

    /** Persistent state under {@code dir} ({@code kafka/}, {@code s3/}); ports 0 pick free ones. */
    public static EmbeddedInfrastructure start(Path dir, int kafkaPort, int s3Port, String accessKey, String secretKey) {
        EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), s3Port, accessKey, secretKey, false);
        return new EmbeddedInfrastructure(EmbeddedKafka.start(dir.resolve("kafka"), kafkaPort, false), s3);
    }

    /**
     * As {@link #start}, with the broker secured ({@link EmbeddedKafka#startSecured}): SASL/PLAIN users
     * {@code kafkaUsers} (plus {@value EmbeddedKafka#ADMIN}) and the authorizer; the caller adds the ACLs.
     */
    public static EmbeddedInfrastructure startSecured(Path dir, int kafkaPort, int s3Port, String accessKey, String secretKey,
                                                      Collection<String> kafkaUsers) {
        EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), s3Port, accessKey, secretKey, false);
        try {
            return new EmbeddedInfrastructure(EmbeddedKafka.startSecured(dir.resolve("kafka"), kafkaPort, false, kafkaUsers), s3);
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
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

    /**
     * {@link #serviceEnvironment()} plus the Kafka client security of {@code kafkaUser} as the services read it
     * ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG}: the
     * {@code kafka.*} keys of every client of a service); the same as {@link #serviceEnvironment()} on a plaintext broker.
     */
    public Map<String, String> serviceEnvironment(String kafkaUser) {
        Map<String, String> env = new HashMap<>(serviceEnvironment());
        kafka.clientConfig(kafkaUser).forEach((key, value) -> {
            if (!key.equals("bootstrap.servers")) {
                env.put("KAFKA_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), String.valueOf(value));
            }
        });
        return env;
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
