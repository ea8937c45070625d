package io.deepunlearn.pipeline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.event.TrainingRequested;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real KRaft broker in this JVM with a SASL listener and the StandardAuthorizer, holding the ACLs of
 * {@link KafkaAcls#plan}: an unauthenticated or wrongly authenticated client is refused, and a service principal
 * (through the services' own {@link EventPublisher} configured by {@link KafkaClientSecurity}) writes its own
 * topics but not another service's. (The local stack's broker takes this configuration once it moves to
 * embedded-infra; this test pins the plan and the client settings meanwhile.)
 */
class SaslBrokerAclTest {

    private static final Topics TOPICS = Topics.defaults();
    private static final Map<String, String> PASSWORDS = new HashMap<>();
    private static KafkaRaftServer server;
    private static Path logDir;
    private static String bootstrap;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Map<String, Object> client(String user, String password) {
        Map<String, Object> c = new HashMap<>();
        KafkaClientSecurity.sasl("SASL_PLAINTEXT", "PLAIN", user, password).forEach((k, v) -> c.put(k.substring(6), v));
        c.put("bootstrap.servers", bootstrap);
        return c;
    }

    @BeforeAll
    static void start() throws Exception {
        PASSWORDS.put("admin", UUID.randomUUID().toString());
        KafkaAcls.plan(TOPICS).keySet().forEach(p -> PASSWORDS.put(p, UUID.randomUUID().toString()));
        int port = freePort();
        int controllerPort = freePort();
        bootstrap = "127.0.0.1:" + port;
        logDir = Files.createTempDirectory("deepunlearn-sasl-kafka");
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"admin\" password=\"" + PASSWORDS.get("admin") + "\"");
        PASSWORDS.forEach((user, pw) -> jaas.append(" user_").append(user).append("=\"").append(pw).append('"'));
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "SASL_PLAINTEXT");
        p.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("sasl.enabled.mechanisms", "PLAIN");
        p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.append(';').toString());
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        // the controller listener (loopback only, broker-to-controller) is unauthenticated: ANONYMOUS is the broker
        p.put("super.users", "User:admin;User:ANONYMOUS");
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("log.dirs", logDir.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        KafkaConfig config = KafkaConfig.fromProps(p, false);
        new Formatter().setClusterId(Uuid.randomUuid().toString()).setNodeId(1).setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logDir.toString()).setDirectories(Set.of(logDir.toString()))
                .setReleaseVersion(MetadataVersion.latestProduction()).run();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();

        try (Admin admin = Admin.create(client("admin", PASSWORDS.get("admin")))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String t : List.of(TOPICS.trainingRequested(), TOPICS.forgetRequested(), TOPICS.unlearningCompleted())) {
                topics.add(new NewTopic(t, 1, (short) 1));
            }
            admin.createTopics(topics).all().get();
            admin.createAcls(bindings()).all().get();
        }
    }

    /** The plan as ACL bindings, as Strimzi's User Operator or the compose init job would create them. */
    static List<AclBinding> bindings() {
        List<AclBinding> acls = new ArrayList<>();
        KafkaAcls.plan(TOPICS).values().forEach(g -> {
            String user = "User:" + g.principal();
            g.writes().forEach(t -> {
                acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, user, AclOperation.WRITE));
                acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, user, AclOperation.DESCRIBE));
            });
            g.reads().forEach(t -> {
                acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, user, AclOperation.READ));
                acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, user, AclOperation.DESCRIBE));
            });
            g.groups().forEach(grp -> acls.add(grp.endsWith("*")
                    ? allow(ResourceType.GROUP, grp.substring(0, grp.length() - 1), PatternType.PREFIXED, user, AclOperation.READ)
                    : allow(ResourceType.GROUP, grp, PatternType.LITERAL, user, AclOperation.READ)));
        });
        return acls;
    }

    static AclBinding allow(ResourceType type, String name, PatternType pattern, String user, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(user, "*", op, AclPermissionType.ALLOW));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
    }

    static EventPublisher publisherOf(String principal) {
        Map<String, String> config = KafkaClientSecurity.sasl("SASL_PLAINTEXT", "PLAIN", principal, PASSWORDS.get(principal));
        return new EventPublisher(bootstrap, principal, KafkaClientSecurity.from(k -> Optional.ofNullable(config.get(k))));
    }

    static ForgetRequested forget() {
        return new ForgetRequested(1, "fr-1", "m", "ds", null, List.of(1), null, Instant.now());
    }

    @Test
    void clientsWithoutOrWithWrongCredentialsAreRefused() {
        Map<String, Object> anonymous = Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", 3000,
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
        Map<String, Object> c = client("auditor-service", PASSWORDS.get("auditor-service"));
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "auditor-service");
        try (KafkaConsumer<String, byte[]> auditor = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            auditor.subscribe(List.of(TOPICS.forgetRequested()));
            assertThatThrownBy(() -> auditor.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
        }
    }
}
