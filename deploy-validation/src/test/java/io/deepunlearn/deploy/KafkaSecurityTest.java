package io.deepunlearn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.security.KafkaAcls;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kafka in every overlay: an authenticated listener and an authorizer, one KafkaUser per service whose ACLs are
 * exactly {@link KafkaAcls}' plan (writes only its own topics, reads only what it consumes, its own group), each
 * service authenticating as its user, and KEDA's lag poller as a describe-only user.
 */
class KafkaSecurityTest {

    static List<String> overlays() {
        return Manifests.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyListenerAuthenticatesAndTheBrokerAuthorizes(String overlay) {
        Manifests m = Manifests.of(overlay);
        JsonNode kafka = m.ofKind("Kafka").findFirst().orElseThrow();
        JsonNode listeners = kafka.at("/spec/kafka/listeners");
        assertThat(listeners.size()).isPositive();
        listeners.forEach(l -> assertThat(l.at("/authentication/type").asText()).as("listener " + l.path("name").asText())
                .isIn("scram-sha-512", "tls"));
        assertThat(kafka.at("/spec/kafka/authorization/type").asText()).isEqualTo("simple");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void eachServiceIsAKafkaUserWithExactlyItsPlannedAcls(String overlay) {
        Manifests m = Manifests.of(overlay);
        String cluster = m.ofKind("Kafka").findFirst().orElseThrow().at("/metadata/name").asText();
        for (KafkaAcls.Grant grant : KafkaAcls.plan(Topics.defaults()).values()) {
            JsonNode user = m.one("KafkaUser", grant.principal());
            assertThat(user.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(cluster);
            assertThat(user.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
            assertThat(user.at("/spec/authorization/type").asText()).isEqualTo("simple");
            JsonNode acls = user.at("/spec/authorization/acls");
            assertThat(resources(acls, "topic", "Write")).as(grant.principal() + " writes").isEqualTo(grant.writes());
            assertThat(resources(acls, "topic", "Read")).as(grant.principal() + " reads").isEqualTo(grant.reads());
            assertThat(resources(acls, "group", "Read")).as(grant.principal() + " groups").isEqualTo(grant.groups());
            // literal names only (Strimzi's default pattern type): no prefix or wildcard grants
            acls.forEach(a -> assertThat(a.at("/resource/patternType").asText("literal")).isEqualTo("literal"));
            acls.forEach(a -> assertThat(a.at("/resource/name").asText()).doesNotContain("*"));
            acls.forEach(a -> a.path("operations").forEach(op -> assertThat(op.asText())
                    .as(grant.principal() + " operation").isIn("Read", "Write", "Describe")));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void servicesAuthenticateAsTheirOwnUser(String overlay) {
        Manifests m = Manifests.of(overlay);
        JsonNode config = m.one("ConfigMap", m.ofKind("ConfigMap").map(c -> c.at("/metadata/name").asText())
                .filter(n -> n.startsWith("deepunlearn-config")).findFirst().orElseThrow());
        assertThat(config.at("/data/KAFKA_SECURITY_PROTOCOL").asText()).startsWith("SASL_");
        assertThat(config.at("/data/KAFKA_SASL_MECHANISM").asText()).isEqualTo("SCRAM-SHA-512");
        for (String service : PipelineContract.HTTP_PORTS.keySet()) {
            JsonNode container = Manifests.container(m.one("Deployment", service));
            JsonNode jaas = null;
            for (JsonNode e : container.path("env")) {
                if (e.path("name").asText().equals("KAFKA_SASL_JAAS_CONFIG")) {
                    jaas = e;
                }
            }
            assertThat(jaas).as(service + " KAFKA_SASL_JAAS_CONFIG").isNotNull();
            assertThat(jaas.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo(service);
            assertThat(jaas.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("sasl.jaas.config");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kedaReadsTheLagAsADescribeOnlyUser(String overlay) {
        Manifests m = Manifests.of(overlay);
        JsonNode scaled = m.one("ScaledObject", "unlearner-workers");
        JsonNode trigger = null;
        for (JsonNode t : scaled.at("/spec/triggers")) {
            if (t.path("type").asText().equals("kafka")) {
                trigger = t;
            }
        }
        assertThat(trigger).isNotNull();
        assertThat(trigger.at("/metadata/sasl").asText()).isEqualTo("scram_sha512");
        JsonNode auth = m.one("TriggerAuthentication", trigger.at("/authenticationRef/name").asText());
        String user = m.one("ConfigMap", auth.at("/spec/configMapTargetRef/0/name").asText()).at("/data/username").asText();
        assertThat(auth.at("/spec/secretTargetRef/0/name").asText()).isEqualTo(user);
        JsonNode acls = m.one("KafkaUser", user).at("/spec/authorization/acls");
        acls.forEach(a -> a.path("operations").forEach(op -> assertThat(op.asText()).isEqualTo("Describe")));
        assertThat(resources(acls, "group", "Describe")).containsExactly(PipelineContract.UNLEARNER_GROUP);
    }

    /** The names of {@code type} resources that {@code acls} grant {@code operation} on. */
    private static Set<String> resources(JsonNode acls, String type, String operation) {
        Set<String> out = new HashSet<>();
        acls.forEach(a -> {
            boolean grants = false;
            for (JsonNode op : a.path("operations")) {
                grants |= op.asText().equals(operation);
            }
            if (grants && a.at("/resource/type").asText().equals(type)) {
                out.add(a.at("/resource/name").asText());
            }
        });
        return out;
    }
}
