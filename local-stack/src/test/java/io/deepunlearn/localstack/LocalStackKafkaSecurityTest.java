package io.deepunlearn.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepunlearn.infra.EmbeddedInfrastructure;
import io.deepunlearn.infra.Ports;
import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.event.TrainingRequested;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.security.KafkaClientSecurity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local stack's broker as {@link LocalStack#start} runs it (its infrastructure only, no service processes): an
 * anonymous client is refused, and the unlearner, configured from exactly the environment the stack gives its
 * process, writes its own topic but not the trainer's; the ACLs survive a broker restart (fault injection, chaos).
 */
class LocalStackKafkaSecurityTest {

    private static final Topics TOPICS = Topics.defaults();
    private static Path dir;
    private static EmbeddedInfrastructure infra;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("deepunlearn-localstack-kafka");
        infra = LocalStack.startInfrastructure(new LocalStack.Options(dir, dir, 0, 0, 0, Map.of()));
    }

    @AfterAll
    static void stop() {
        if (infra != null) {
            infra.close();
        }
        Ports.deleteRecursively(dir);
    }

    /**
     * The service's {@code EventPublisher} as PipelineBeans builds it from its configuration: environment variable
     * {@code KAFKA_SASL_JAAS_CONFIG} is property {@code kafka.sasl.jaas.config} (MicroProfile Config's mapping).
     */
    static EventPublisher publisherFromEnvironment(String service) {
        Map<String, String> env = LocalStack.kafkaEnvironment(infra, service);
        Map<String, String> config = new HashMap<>();
        env.forEach((k, v) -> config.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v));
        return new EventPublisher(config.get("kafka.bootstrap.servers"), service,
                KafkaClientSecurity.from(k -> Optional.ofNullable(config.get(k))));
    }

    static ForgetRequested forget() {
        return new ForgetRequested(1, "fr-1", "m", "ds", null, List.of(1), null, Instant.now());
    }

    @Test
    void eachServiceGetsOnlyItsOwnPrincipal() {
        Map<String, String> env = LocalStack.kafkaEnvironment(infra, "unlearner-service");
        assertThat(env).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT").containsEntry("KAFKA_SASL_MECHANISM", "PLAIN")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", infra.kafka().bootstrapServers());
        assertThat(env.get("KAFKA_SASL_JAAS_CONFIG")).contains("username=\"unlearner-service\"")
                .doesNotContain("trainer-service", "auditor-service", "admin");
        assertThat(infra.kafka().secured()).isTrue();
    }

    @Test
    void anAnonymousClientIsRefused() {
        Map<String, Object> anonymous = Map.of("bootstrap.servers", infra.kafka().bootstrapServers(),
                "request.timeout.ms", 3000, "default.api.timeout.ms", 5000);
        try (Admin admin = Admin.create(anonymous)) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).hasRootCauseInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void theUnlearnerWritesItsOwnTopicButNotTheTrainersEvenAfterABrokerRestart() throws Exception {
        assertUnlearnerAcls();
        infra.kafka().stop();
        infra.kafka().restart();
        assertUnlearnerAcls();
        // the harness (admin) sees every topic, dead letters included, created up front
        try (Admin admin = Admin.create(new HashMap<>(infra.kafka().adminConfig()))) {
            assertThat(admin.listTopics().names().get()).containsAll(PipelineTopics.partitions(TOPICS).keySet());
        }
    }

    private static void assertUnlearnerAcls() {
        try (EventPublisher unlearner = publisherFromEnvironment("unlearner-service")) {
            assertThat(unlearner.publish(TOPICS.forgetRequested(), forget(), "e-1").offset()).isGreaterThanOrEqualTo(0);
            TrainingRequested job = new TrainingRequested(1, "job-1", "m",
                    new TrainingSpec("synthetic", 200, 50, "small-cnn", 0, 1, 32, 0.05), Instant.now());
            assertThatThrownBy(() -> unlearner.publish(TOPICS.trainingRequested(), job, "e-2"))
                    .hasRootCauseInstanceOf(TopicAuthorizationException.class);
            // nor an audit verdict (only the auditor releases a model)
            assertThatThrownBy(() -> unlearner.publish(TOPICS.auditCompleted(), forget(), "e-3"))
                    .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }
    }
}
