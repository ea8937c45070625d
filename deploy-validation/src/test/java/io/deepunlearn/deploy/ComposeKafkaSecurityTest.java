package io.deepunlearn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.security.KafkaAcls;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compose broker is secured like the Kubernetes one (KafkaSecurityTest): every listener authenticates (SASL, no
 * PLAINTEXT listener), the StandardAuthorizer denies what no ACL allows, each service authenticates as its own
 * principal with its own password from .env, and deploy/compose/create-acls.sh creates exactly the ACLs of
 * {@link KafkaAcls#plan} (plus a describe-only exporter). Static checks only: compose was not started here.
 */
class ComposeKafkaSecurityTest {

    private static final Map<String, String> PASSWORD_VARIABLE = Map.of("trainer-service", "DEEPUNLEARN_KAFKA_TRAINER_PASSWORD",
            "unlearner-service", "DEEPUNLEARN_KAFKA_UNLEARNER_PASSWORD", "auditor-service", "DEEPUNLEARN_KAFKA_AUDITOR_PASSWORD");
    private static JsonNode services;

    @BeforeAll
    static void resolve() {
        ExternalTool.Result result = ExternalTool.dockerCompose().run(Duration.ofMinutes(1), ComposeFileTest.CREDENTIALS,
                "-f", "docker-compose.yml", "config");
        assertThat(result.ok()).as(result.output()).isTrue();
        services = Yaml.documents(result.output().substring(result.output().indexOf("services:"))).get(0).path("services");
    }

    static Map<String, String> listenerProtocols(JsonNode env) {
        Map<String, String> map = new HashMap<>();
        for (String pair : env.path("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").asText().split(",")) {
            String[] kv = pair.trim().split(":");
            map.put(kv[0], kv[1]);
        }
        return map;
    }

    @Test
    void everyListenerAuthenticatesAndTheBrokerAuthorizes() {
        JsonNode env = services.path("kafka").path("environment");
        Map<String, String> protocols = listenerProtocols(env);
        List<String> listeners = new ArrayList<>();
        for (String l : env.path("KAFKA_LISTENERS").asText().split(",")) {
            listeners.add(l.substring(0, l.indexOf("://")));
        }
        assertThat(listeners).isNotEmpty().doesNotContain("PLAINTEXT", "SSL");
        for (String listener : listeners) {
            assertThat(protocols.get(listener)).as("listener " + listener).isIn("SASL_PLAINTEXT", "SASL_SSL");
            String jaas = env.path("KAFKA_LISTENER_NAME_" + listener + "_PLAIN_SASL_JAAS_CONFIG").asText();
            assertThat(jaas).as(listener + " users").contains("PlainLoginModule required");
            KafkaAcls.plan(Topics.defaults()).keySet().forEach(p -> assertThat(jaas).contains(" user_" + p + "=\"kafka-"));
        }
        assertThat(env.path("KAFKA_ADVERTISED_LISTENERS").asText()).doesNotContain("PLAINTEXT://");
        assertThat(env.path("KAFKA_SASL_ENABLED_MECHANISMS").asText()).isEqualTo("PLAIN");
        assertThat(env.path("KAFKA_AUTHORIZER_CLASS_NAME").asText()).isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(env.path("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND").asText()).isEqualTo("false");
        assertThat(Set.of(env.path("KAFKA_SUPER_USERS").asText().split(";"))).containsExactlyInAnyOrder("User:broker", "User:admin");
        // no service may create a topic, so nothing is auto-created either
        assertThat(env.path("KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText()).isEqualTo("false");
        // only the host's loopback reaches the broker from outside the compose network, on the SASL listener
        assertThat(services.path("kafka").path("ports").toString()).contains("127.0.0.1").contains("29092");
    }

    @Test
    void eachServiceAuthenticatesAsItsOwnPrincipalWithItsOwnPassword() {
        Set<String> passwords = new HashSet<>();
        PASSWORD_VARIABLE.forEach((service, variable) -> {
            JsonNode env = services.path(service).path("environment");
            assertThat(env.path("KAFKA_SECURITY_PROTOCOL").asText()).as(service).isEqualTo("SASL_PLAINTEXT");
            assertThat(env.path("KAFKA_SASL_MECHANISM").asText()).as(service).isEqualTo("PLAIN");
            String jaas = env.path("KAFKA_SASL_JAAS_CONFIG").asText();
            assertThat(jaas).as(service).contains("username=\"" + service + "\"")
                    .contains("password=\"" + ComposeFileTest.CREDENTIALS.get(variable) + "\"");
            passwords.add(ComposeFileTest.CREDENTIALS.get(variable));
        });
        assertThat(passwords).hasSize(PASSWORD_VARIABLE.size());
        assertThat(PASSWORD_VARIABLE.keySet()).isEqualTo(KafkaAcls.plan(Topics.defaults()).keySet());
    }

    @Test
    void refusesToStartWithoutAServicesKafkaPassword() {
        Map<String, String> missing = new HashMap<>(ComposeFileTest.CREDENTIALS);
        missing.put("DEEPUNLEARN_KAFKA_UNLEARNER_PASSWORD", "");
        ExternalTool.Result result = ExternalTool.dockerCompose().run(Duration.ofMinutes(1), missing, "-f", "docker-compose.yml", "config", "-q");
        assertThat(result.ok()).isFalse();
        assertThat(result.output()).contains("DEEPUNLEARN_KAFKA_UNLEARNER_PASSWORD");
    }

    @Test
    void theInitJobCreatesTheAclsAsAdminAndTheExporterAuthenticates() {
        JsonNode init = services.path("kafka-init");
        assertThat(init.path("entrypoint").toString()).contains("create-topics.sh").contains("create-acls.sh");
        assertThat(init.path("volumes").toString()).contains("deploy/compose/create-acls.sh").contains("deploy/compose/kafka-admin-config.sh");
        assertThat(init.at("/environment/DEEPUNLEARN_KAFKA_ADMIN_PASSWORD").asText()).isEqualTo("kafka-admin");
        assertThat(services.path("kafka").at("/healthcheck/test").toString()).contains("--command-config");
        assertThat(services.path("kafka-exporter").path("command").toString()).contains("--sasl.enabled")
                .contains("--sasl.username=kafka-exporter");
    }

    /** The {@code acl PRINCIPAL flags...} lines of create-acls.sh as ACL bindings. */
    static List<AclBinding> scriptAcls() throws IOException {
        Matcher m = Pattern.compile("(?m)^acl (\\S+) (.+)$").matcher(Files.readString(Repo.path("deploy/compose/create-acls.sh")));
        List<AclBinding> acls = new ArrayList<>();
        while (m.find()) {
            List<String> args = Arrays.asList(m.group(2).trim().split("\\s+"));
            List<AclOperation> ops = new ArrayList<>();
            ResourceType type = null;
            String name = null;
            PatternType pattern = PatternType.LITERAL;
            for (int i = 0; i < args.size(); i += 2) {
                String value = args.get(i + 1);
                switch (args.get(i)) {
                    case "--operation" -> ops.add(AclOperation.fromString(value));
                    case "--topic" -> { type = ResourceType.TOPIC; name = value; }
                    case "--group" -> { type = ResourceType.GROUP; name = value; }
                    case "--resource-pattern-type" -> pattern = PatternType.fromString(value);
                    default -> throw new AssertionError("unexpected flag " + args.get(i) + " in: " + m.group());
                }
            }
            assertThat(ops).as(m.group()).isNotEmpty().doesNotContain(AclOperation.UNKNOWN);
            assertThat(type).as(m.group()).isNotNull();
            for (AclOperation op : ops) {
                acls.add(new AclBinding(new ResourcePattern(type, name, pattern),
                        new AccessControlEntry("User:" + m.group(1), "*", op, AclPermissionType.ALLOW)));
            }
        }
        return acls;
    }

    @Test
    void theAclScriptIsExactlyThePlan() throws IOException {
        List<AclBinding> script = scriptAcls();
        Set<String> services = KafkaAcls.plan(Topics.defaults()).keySet();
        List<AclBinding> ofServices = script.stream()
                .filter(b -> services.contains(b.entry().principal().substring("User:".length()))).toList();
        assertThat(ofServices).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ofServices)).isEqualTo(new HashSet<>(KafkaAcls.bindings(KafkaAcls.plan(Topics.defaults()).values())));
        // everyone else in the script is the exporter, which may only describe
        script.stream().filter(b -> !ofServices.contains(b)).forEach(b -> {
            assertThat(b.entry().principal()).isEqualTo("User:kafka-exporter");
            assertThat(b.entry().operation()).isEqualTo(AclOperation.DESCRIBE);
        });
    }
}
