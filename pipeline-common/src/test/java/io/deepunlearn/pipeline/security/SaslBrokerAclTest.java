package io.deepunlearn.pipeline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepunlearn.infra.EmbeddedKafka;
import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.event.TrainingRequested;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The in-process broker in its secured mode ({@link EmbeddedKafka#startTemporarySecured}: SASL/PLAIN listener, the
 * StandardAuthorizer, nothing allowed without an ACL), holding the ACLs of {@link KafkaAcls#plan} as
 * {@link KafkaAcls#bindings}: an unauthenticated or wrongly authenticated client is refused, and a service principal
 * (through the services' own {@link EventPublisher} configured by {@link KafkaClientSecurity}) writes its own topics
 * but not another service's, and reads only what it consumes. The local stack runs its broker the same way
 * (LocalStackKafkaSecurityTest).
 */
class SaslBrokerAclTest {

    private static final Topics TOPICS = Topics.defaults();
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.startTemporarySecured(KafkaAcls.plan(TOPICS).keySet());
        kafka.createTopics(Map.of(TOPICS.trainingRequested(), 1, TOPICS.forgetRequested(), 1,
                TOPICS.unlearningCompleted(), 1), Set.of());
        kafka.createAcls(KafkaAcls.bindings(KafkaAcls.plan(TOPICS).values()));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** A user's client properties, with a wrong password when {@code password} is given. */
    static Map<String, Object> client(String user, String password) {
        Map<String, Object> c = kafka.clientConfig(user);
        if (password != null) {
            c.putAll(KafkaClientSecurity.from(k -> Optional.ofNullable(
                    KafkaClientSecurity.sasl("SASL_PLAINTEXT", "PLAIN", user, password).get(k))));
        }
        return c;
    }

    /** The service's publisher as PipelineBeans builds it: its security settings from {@code kafka.*} configuration. */
    static EventPublisher publisherOf(String principal) {
        Map<String, Object> client = kafka.clientConfig(principal);
        Map<String, String> config = new java.util.HashMap<>();
        client.forEach((k, v) -> config.put("kafka." + k, String.valueOf(v)));
        return new EventPublisher(kafka.bootstrapServers(), principal,
                KafkaClientSecurity.from(k -> Optional.ofNullable(config.get(k))));
    }

    static ForgetRequested forget() {
        return new ForgetRequested(1, "fr-1", "m", "ds", null, List.of(1), null, Instant.now());
    }

    @Test
    void clientsWithoutOrWithWrongCredentialsAreRefused() {
        Map<String, Object> anonymous = Map.of("bootstrap.servers", kafka.bootstrapServers(), "request.timeout.ms", 3000,
                "default.api.timeout.ms", 5000);
        try (Admin admin = Admin.create(anonymous)) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).hasRootCauseInstanceOf(
                    org.apache.kafka.common.errors.TimeoutException.class);
        }
        Map<String, Object> wrong = client("unlearner-service", "guessed");
        try (Admin admin = Admin.create(wrong)) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aServiceWritesItsOwnTopicsButNotAnotherServicesOrReadsWhatItDoesNotConsume() {
        try (EventPublisher unlearner = publisherOf("unlearner-service")) {
            assertThat(unlearner.publish(TOPICS.forgetRequested(), forget(), "e-1").offset()).isGreaterThanOrEqualTo(0);
            // the trainer's topic: an unlearner principal cannot inject training jobs
            TrainingRequested job = new TrainingRequested(1, "job-1", "m",
                    new TrainingSpec("synthetic", 200, 50, "small-cnn", 0, 1, 32, 0.05), Instant.now());
            assertThatThrownBy(() -> unlearner.publish(TOPICS.trainingRequested(), job, "e-2"))
                    .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (EventPublisher trainer = publisherOf("trainer-service")) {
            // only the unlearner may report an unlearning as completed (what the auditor releases on)
            assertThatThrownBy(() -> trainer.publish(TOPICS.unlearningCompleted(), forget(), "e-3"))
                    .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }
        Map<String, Object> c = client("auditor-service", null);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "auditor-service");
        try (KafkaConsumer<String, byte[]> auditor = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            auditor.subscribe(List.of(TOPICS.forgetRequested()));
            assertThatThrownBy(() -> auditor.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aServiceReadsWhatItConsumesInItsOwnGroup() {
        try (EventPublisher unlearner = publisherOf("unlearner-service")) {
            unlearner.publish(TOPICS.unlearningCompleted(), forget(), "e-4");
        }
        Map<String, Object> c = client("auditor-service", null);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "auditor-service");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> auditor = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            auditor.subscribe(List.of(TOPICS.unlearningCompleted()));
            int read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read == 0 && System.nanoTime() < deadline) {
                read += auditor.poll(Duration.ofMillis(500)).count();
            }
            assertThat(read).isPositive();
            auditor.commitSync();
        }
        // another service's group: the trainer principal cannot join the auditor's consumer group
        Map<String, Object> t = client("trainer-service", null);
        t.put(ConsumerConfig.GROUP_ID_CONFIG, "auditor-service");
        try (KafkaConsumer<String, byte[]> trainer = new KafkaConsumer<>(t, new StringDeserializer(), new ByteArrayDeserializer())) {
            trainer.subscribe(List.of(TOPICS.trainingRequested()));
            assertThatThrownBy(() -> trainer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(org.apache.kafka.common.errors.GroupAuthorizationException.class);
        }
    }
}
