package io.deepunlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.infra.EmbeddedKafka;
import io.deepunlearn.infra.Ports;
import io.deepunlearn.localstack.LocalStack;
import io.deepunlearn.pipeline.messaging.CloudEvents;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.security.KafkaAcls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code dlq} on a secured broker (the local stack's kind): without credentials it is refused; with the admin
 * client properties file {@code deepunlearn up} writes ({@code --kafka-config}, bootstrap servers included) it lists
 * and replays; a service principal's credentials cannot replay into a topic that service does not own.
 */
class DlqKafkaConfigTest {

    static final String TOPIC = Topics.defaults().forgetRequested();
    static EmbeddedKafka kafka;
    static Path dir;
    static Path adminFile;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.startTemporarySecured(KafkaAcls.plan(Topics.defaults()).keySet());
        kafka.createTopics(Map.of(TOPIC, 1, Topics.deadLetter(TOPIC), 1), Set.of());
        kafka.createAcls(KafkaAcls.bindings(KafkaAcls.plan(Topics.defaults()).values()));
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(kafka.adminConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            RecordHeaders h = new RecordHeaders();
            CloudEvents.put(h, CloudEvents.DEAD_LETTER_REASON, "unknown model m-late");
            CloudEvents.put(h, "dead-letter-topic", TOPIC);
            p.send(new ProducerRecord<>(Topics.deadLetter(TOPIC), null, "m-late",
                    "{\"requestId\":\"fr-1\"}".getBytes(StandardCharsets.UTF_8), h)).get();
        }
        dir = Files.createTempDirectory("dlq-kafka-config");
        adminFile = LocalStack.writeKafkaClientProperties(kafka.adminConfig(), dir.resolve("credentials/kafka-admin.properties"));
    }

    @AfterAll
    static void stop() {
        kafka.close();
        Ports.deleteRecursively(dir);
    }

    @Test
    void theAdminPropertiesFileIsOwnerOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(adminFile))).isEqualTo("rw-------");
        assertThat(Files.readString(adminFile)).contains("security.protocol=SASL_PLAINTEXT").contains("bootstrap.servers=");
    }

    @Test
    void withoutCredentialsTheBrokerRefuses() {
        CliRunner r = CliRunner.run("dlq", "list", "--topic", TOPIC, "--bootstrap-servers=" + kafka.bootstrapServers(),
                "--timeout", "PT3S");
        assertThat(r.exitCode()).isNotZero();
    }

    @Test
    void withTheAdminFileItListsAndReplays() {
        CliRunner list = CliRunner.run("dlq", "list", "--topic", TOPIC, "--kafka-config", adminFile.toString());
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("1 dead letter(s) in " + TOPIC + ".dlq").contains("reason: unknown model m-late");
        CliRunner replay = CliRunner.run("dlq", "replay", "--topic", TOPIC, "--all", "--kafka-config", adminFile.toString());
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("replayed 1 dead letter(s)");
    }

    @Test
    void aServicePrincipalCannotReplayIntoATopicItDoesNotOwn() throws Exception {
        // the auditor reads neither forget.requested.dlq nor writes forget.requested
        Path auditor = LocalStack.writeKafkaClientProperties(kafka.clientConfig("auditor-service"), dir.resolve("auditor.properties"));
        CliRunner r = CliRunner.run("dlq", "replay", "--topic", TOPIC, "--all", "--kafka-config", auditor.toString(),
                "--timeout", "PT5S");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err() + r.out()).containsIgnoringCase("authoriz");
    }
}
