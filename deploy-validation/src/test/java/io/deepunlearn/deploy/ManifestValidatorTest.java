package io.deepunlearn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator must flag what the cluster or the operators would silently ignore or misread. */
class ManifestValidatorTest {

    private static final ManifestValidator VALIDATOR = new ManifestValidator();

    private static List<String> problems(String yaml) {
        JsonNode doc = Yaml.documents(yaml).get(0);
        return VALIDATOR.validate(doc);
    }

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              replicas: 2
              selector: {matchLabels: {app: d}}
              template:
                metadata: {labels: {app: d}}
                spec:
                  containers:
                    - name: c
                      image: x
                      ports: [{name: http, containerPort: 8082}]
                      resources:
                        limits: {memory: 2Gi, nvidia.com/gpu: 1}
            """;

    @Test
    void acceptsAValidDeployment() {
        assertThat(problems(DEPLOYMENT)).isEmpty();
    }

    @Test
    void flagsUnknownFieldInAContainer() {
        assertThat(problems(DEPLOYMENT.replace("resources:", "resource:")))
                .singleElement().asString().contains("unknown field(s) [resource]");
    }

    @Test
    void flagsAQuotedNumberThatTheModelWouldCoerce() {
        assertThat(problems(DEPLOYMENT.replace("replicas: 2", "replicas: \"2\"")))
                .singleElement().asString().contains("coerced");
    }

    @Test
    void flagsAnInvalidGpuQuantity() {
        assertThat(problems(DEPLOYMENT.replace("nvidia.com/gpu: 1", "nvidia.com/gpu: one")))
                .anySatisfy(p -> assertThat(p).contains("invalid quantity 'one'"));
    }

    @Test
    void flagsTyposInAStrimziTopic() {
        String topic = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t, labels: {strimzi.io/cluster: c}}
                spec: {topicName: a.b, partitions: 8, replicas: 3}
                """;
        assertThat(problems(topic)).isEmpty();
        assertThat(problems(topic.replace("partitions:", "partitons:"))).singleElement().asString().contains("[partitons]");
        assertThat(problems(topic.replace("partitions: 8", "partitions: twelve"))).singleElement().asString().contains("does not parse");
    }

    @Test
    void flagsAnUnknownStrimziEnumValue() {
        String kafka = """
                apiVersion: kafka.strimzi.io/v1
                kind: Kafka
                metadata: {name: k}
                spec:
                  kafka:
                    listeners: [{name: plain, port: 9092, type: internal, tls: false}]
                """;
        assertThat(problems(kafka)).isEmpty();
        assertThat(problems(kafka.replace("type: internal", "type: internall")))
                .anySatisfy(p -> assertThat(p).contains("internall").contains("dropped"));
    }

    @Test
    void flagsTyposInNetworkPolicyAndPrometheusRule() {
        assertThat(problems("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: n}
                spec: {podSelector: {}, ingres: [{}]}
                """)).singleElement().asString().contains("[ingres]");
        assertThat(problems("""
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata: {name: r}
                spec: {groups: [{name: g, rules: [{alert: A, expr: up == 0, fro: 5m}]}]}
                """)).singleElement().asString().contains("[fro]");
    }

    @Test
    void flagsAKindWithoutModelOrSchema() {
        assertThat(problems("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                """)).singleElement().asString().contains("no typed model");
    }

    private static final String SCALED_OBJECT = """
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata: {name: s}
            spec:
              scaleTargetRef: {name: d}
              maxReplicaCount: 8
              triggers:
                - type: kafka
                  metadata: {bootstrapServers: "k:9092", consumerGroup: g, topic: t, lagThreshold: "2", offsetResetPolicy: earliest}
                - type: prometheus
                  metadata: {serverAddress: "http://p:9090", query: "max(x)", threshold: "4"}
            """;

    @Test
    void validatesKedaAgainstTheStrictSchema() {
        assertThat(problems(SCALED_OBJECT)).isEmpty();
        assertThat(problems(SCALED_OBJECT.replace("maxReplicaCount: 8", "maxReplicaCount: \"8\""))).isNotEmpty();
        assertThat(problems(SCALED_OBJECT.replace("lagThreshold", "lagTreshold"))).singleElement().asString().contains("lagTreshold");
        assertThat(problems(SCALED_OBJECT.replace("earliest", "newest"))).isNotEmpty();
        assertThat(problems(SCALED_OBJECT.replace("maxReplicaCount", "maxReplicas"))).singleElement().asString().contains("maxReplicas");
        assertThat(problems(SCALED_OBJECT.replace("threshold: \"4\"", "treshold: \"4\""))).isNotEmpty();
        assertThat(problems(SCALED_OBJECT.replace("threshold: \"4\"", "threshold: 4"))).isNotEmpty();
    }
}
