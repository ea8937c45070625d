package io.deepunlearn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Cross-references inside each rendered overlay: what one object names must exist and fit the contract. */
class ManifestWiringTest {

    static List<String> overlays() {
        return Manifests.overlays();
    }

    private static final List<String> WORKLOADS = List.of("Deployment", "StatefulSet", "Job");
    /** Opt-in label for API clients (docs/deployment.md): a peer selector on it matches pods users label, not ours. */
    private static final String API_CLIENT_LABEL = "deepunlearn.io/api-client";

    private static Stream<JsonNode> workloads(Manifests m) {
        return WORKLOADS.stream().flatMap(m::ofKind);
    }

    private static Map<String, String> map(JsonNode object) {
        Map<String, String> map = new HashMap<>();
        object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static boolean selects(JsonNode matchLabels, Map<String, String> labels) {
        return map(matchLabels).entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static String kafkaName(Manifests m) {
        return m.ofKind("Kafka").findFirst().orElseThrow().at("/metadata/name").asText();
    }

    /** Pod labels of every pod the overlay creates, including the Strimzi-managed ones (per Strimzi's labelling). */
    private static List<Map<String, String>> podLabels(Manifests m) {
        List<Map<String, String>> pods = new ArrayList<>(workloads(m).map(w -> map(w.at("/spec/template/metadata/labels"))).toList());
        String kafka = kafkaName(m);
        pods.add(Map.of("strimzi.io/cluster", kafka, "strimzi.io/kind", "Kafka", "strimzi.io/name", kafka + "-kafka",
                "strimzi.io/broker-role", "true", "strimzi.io/controller-role", "true"));
        pods.add(Map.of("strimzi.io/cluster", kafka, "strimzi.io/kind", "Kafka", "strimzi.io/name", kafka + "-kafka-exporter"));
        return pods;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void servicesListenOnContractPortsWithSmallRyeHealthProbes(String overlay) {
        Manifests m = Manifests.of(overlay);
        PipelineContract.HTTP_PORTS.forEach((name, port) -> {
            JsonNode deployment = m.one("Deployment", name);
            JsonNode container = Manifests.container(deployment);
            assertThat(container.at("/ports/0/name").asText()).isEqualTo("http");
            assertThat(container.at("/ports/0/containerPort").asInt()).as(name + " port").isEqualTo(port);
            assertThat(envValue(container, "QUARKUS_HTTP_PORT")).isEqualTo(String.valueOf(port));
            assertThat(List.of(container.at("/livenessProbe/httpGet/path").asText(), container.at("/readinessProbe/httpGet/path").asText(),
                    container.at("/startupProbe/httpGet/path").asText())).isEqualTo(PipelineContract.HEALTH_PATHS);
            Stream.of("livenessProbe", "readinessProbe", "startupProbe")
                    .forEach(p -> assertThat(container.at("/" + p + "/httpGet/port").asText()).isEqualTo("http"));

            JsonNode service = m.one("Service", name);
            assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(port);
            assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
            assertThat(selects(service.at("/spec/selector"), map(deployment.at("/spec/template/metadata/labels")))).isTrue();
            assertThat(selects(deployment.at("/spec/selector/matchLabels"), map(deployment.at("/spec/template/metadata/labels")))).isTrue();
        });
    }

    static JsonNode trigger(JsonNode scaledObject, String type) {
        for (JsonNode t : scaledObject.at("/spec/triggers")) {
            if (type.equals(t.path("type").asText())) {
                return t;
            }
        }
        throw new AssertionError(Manifests.describe(scaledObject) + " has no " + type + " trigger");
    }

    private static String envValue(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e.path("value").asText();
            }
        }
        return null;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void servicesReadConfigFromAConfigMapAndCredentialsFromTheSecret(String overlay) {
        Manifests m = Manifests.of(overlay);
        for (String name : PipelineContract.HTTP_PORTS.keySet()) {
            JsonNode container = Manifests.container(m.one("Deployment", name));
            Set<String> configKeys = new HashSet<>();
            List<String> secrets = new ArrayList<>();
            container.path("envFrom").forEach(ref -> {
                if (ref.has("configMapRef")) {
                    m.one("ConfigMap", ref.at("/configMapRef/name").asText()).path("data").fieldNames().forEachRemaining(configKeys::add);
                } else {
                    secrets.add(ref.at("/secretRef/name").asText());
                }
            });
            assertThat(configKeys).as(name + " configuration").containsAll(PipelineContract.CONFIG_ENV);
            assertThat(secrets).containsExactly("deepunlearn-keys");
            // the S3 credentials: this service's own user, from its own Secret (docs/security.md, "Object store")
            container.path("env").forEach(e -> {
                if (PipelineContract.SECRET_ENV.contains(e.path("name").asText())) {
                    assertThat(e.at("/valueFrom/secretKeyRef/name").asText()).as(name + " " + e.path("name").asText())
                            .isEqualTo(PipelineContract.s3Secret(name));
                }
            });
        }
        assertThat(m.ofKind("ConfigMap").filter(c -> c.at("/data/DEEPUNLEARN_AUDIT_MIA_MAX").isTextual())
                .map(c -> c.at("/data/DEEPUNLEARN_AUDIT_MIA_MAX").asText())).containsOnly(PipelineContract.MIA_MAX_DEFAULT);
    }

    /** The auditor gets every verdict and U-LiRA setting (and no misspelt one), with the compose file's values. */
    @ParameterizedTest
    @MethodSource("overlays")
    void theAuditorGetsEveryAuditSettingAsTheComposeFileDoes(String overlay) {
        Manifests m = Manifests.of(overlay);
        Map<String, String> audit = new java.util.TreeMap<>();
        JsonNode container = Manifests.container(m.one("Deployment", "auditor-service"));
        container.path("envFrom").forEach(ref -> {
            if (ref.has("configMapRef")) {
                m.one("ConfigMap", ref.at("/configMapRef/name").asText()).path("data").fields()
                        .forEachRemaining(e -> audit.put(e.getKey(), e.getValue().asText()));
            }
        });
        container.path("env").forEach(e -> audit.put(e.path("name").asText(), e.path("value").asText()));
        audit.keySet().removeIf(k -> !k.startsWith(AuditSettings.ENV_PREFIX));
        AuditSettings.assertDeployed(overlay + " overlay", audit);
        for (String other : List.of("trainer-service", "unlearner-service")) {
            JsonNode c = Manifests.container(m.one("Deployment", other));
            c.path("envFrom").forEach(ref -> assertThat(ref.at("/configMapRef/name").asText()).as(other)
                    .doesNotStartWith("deepunlearn-audit-config"));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyReferencedConfigMapExistsAndSecretsAreTheDocumentedOnes(String overlay) {
        Manifests m = Manifests.of(overlay);
        Set<String> configMaps = m.ofKind("ConfigMap").map(c -> c.at("/metadata/name").asText()).collect(Collectors.toSet());
        Set<String> referencedConfigMaps = new HashSet<>();
        Set<String> referencedSecrets = new HashSet<>();
        workloads(m).forEach(w -> {
            JsonNode pod = w.at("/spec/template/spec");
            pod.path("volumes").forEach(v -> {
                if (v.has("configMap")) {
                    referencedConfigMaps.add(v.at("/configMap/name").asText());
                }
            });
            pod.path("containers").forEach(c -> {
                c.path("envFrom").forEach(r -> {
                    if (r.has("configMapRef")) {
                        referencedConfigMaps.add(r.at("/configMapRef/name").asText());
                    } else {
                        referencedSecrets.add(r.at("/secretRef/name").asText());
                    }
                });
                c.path("env").forEach(e -> {
                    if (e.at("/valueFrom/secretKeyRef").isObject()) {
                        referencedSecrets.add(e.at("/valueFrom/secretKeyRef/name").asText());
                    }
                    if (e.at("/valueFrom/configMapKeyRef").isObject()) {
                        referencedConfigMaps.add(e.at("/valueFrom/configMapKeyRef/name").asText());
                    }
                });
            });
        });
        assertThat(configMaps).containsAll(referencedConfigMaps);
        // Strimzi's user operator writes each KafkaUser's Secret (same name); the rest the operator creates
        Set<String> kafkaUsers = m.ofKind("KafkaUser").map(u -> u.at("/metadata/name").asText()).collect(Collectors.toSet());
        referencedSecrets.removeAll(kafkaUsers);
        Set<String> expected = new HashSet<>(PipelineContract.EXTERNAL_SECRETS);
        if (m.ofKind("Job").anyMatch(j -> j.at("/metadata/name").asText().equals("deepunlearn-campaign"))) {
            expected.add(PipelineContract.CAMPAIGN_S3_SECRET);
        }
        assertThat(referencedSecrets).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaRunsKraftWithEveryContractTopicAndItsDeadLetterTopic(String overlay) {
        Manifests m = Manifests.of(overlay);
        String kafka = kafkaName(m);
        JsonNode pool = m.ofKind("KafkaNodePool").findFirst().orElseThrow();
        assertThat(pool.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(kafka);
        assertThat(pool.at("/spec/roles").toString()).contains("controller").contains("broker");
        assertThat(m.one("Kafka", kafka).at("/spec/kafkaExporter").isObject()).as("Kafka Exporter gives the lag").isTrue();
        int brokers = pool.at("/spec/replicas").asInt();

        Map<String, JsonNode> topics = m.ofKind("KafkaTopic").collect(Collectors.toMap(t -> t.at("/spec/topicName").asText(), t -> t));
        assertThat(topics.keySet()).isEqualTo(PipelineContract.topicsWithDeadLetters());
        topics.values().forEach(t -> {
            assertThat(t.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(kafka);
            assertThat(t.at("/spec/replicas").asInt()).isBetween(1, brokers);
            assertThat(t.at("/spec/config/min.insync.replicas").asInt(1)).isLessThanOrEqualTo(t.at("/spec/replicas").asInt());
        });
        assertThat(topics.get(PipelineContract.STATUS_TOPIC).at("/spec/config/cleanup.policy").asText()).isEqualTo("compact");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kedaScalesTheUnlearnerOnItsLagWithinThePartitionCount(String overlay) {
        Manifests m = Manifests.of(overlay);
        JsonNode scaled = m.ofKind("ScaledObject").findFirst().orElseThrow();
        JsonNode target = m.one("Deployment", scaled.at("/spec/scaleTargetRef/name").asText());
        assertThat(target.at("/metadata/name").asText()).isEqualTo("unlearner-service");
        assertThat(target.at("/spec/replicas").isMissingNode()).as("the HPA created by KEDA owns the replica count").isTrue();

        JsonNode trigger = trigger(scaled, "kafka");
        assertThat(trigger.at("/metadata/consumerGroup").asText()).isEqualTo(PipelineContract.UNLEARNER_GROUP);
        assertThat(trigger.at("/metadata/topic").asText()).isEqualTo(PipelineContract.FORGET_TOPIC);
        assertThat(trigger.at("/metadata/bootstrapServers").asText())
                .isEqualTo(kafkaName(m) + "-kafka-bootstrap." + Manifests.NAMESPACE + ".svc:9092");
        int partitions = m.ofKind("KafkaTopic").filter(t -> t.at("/spec/topicName").asText().equals(PipelineContract.FORGET_TOPIC))
                .findFirst().orElseThrow().at("/spec/partitions").asInt();
        assertThat(scaled.at("/spec/maxReplicaCount").asInt()).isBetween(1, partitions);
        assertThat(scaled.at("/spec/minReplicaCount").asInt()).as("the same pods serve the REST intake").isGreaterThanOrEqualTo(1);

        // Requests are acknowledged once recorded, so the open-request gauge carries the backlog; scoped to our namespace.
        JsonNode open = trigger(scaled, "prometheus");
        assertThat(open.at("/metadata/query").asText()).contains("unlearn_open_requests").contains("namespace=\"" + Manifests.NAMESPACE + "\"");
        assertThat(open.at("/metadata/serverAddress").asText()).startsWith("http://kube-prometheus-stack-prometheus.monitoring.svc:");

        // Scale-in must not cut a run short: Quarkus waits for in-flight work, and Kubernetes waits longer than that.
        long grace = target.at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
        long shutdown = Duration.parse(envValue(Manifests.container(target), "QUARKUS_SHUTDOWN_TIMEOUT")).toSeconds();
        assertThat(grace).isGreaterThanOrEqualTo(1800);
        assertThat(shutdown).isLessThan(grace);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void prometheusScrapesTheServicesAndTheKafkaExporter(String overlay) {
        Manifests m = Manifests.of(overlay);
        JsonNode monitor = m.ofKind("ServiceMonitor").findFirst().orElseThrow();
        Set<String> selected = m.ofKind("Service").filter(s -> selects(monitor.at("/spec/selector/matchLabels"), map(s.at("/metadata/labels"))))
                .map(s -> s.at("/metadata/name").asText()).collect(Collectors.toSet());
        assertThat(selected).isEqualTo(PipelineContract.HTTP_PORTS.keySet());
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo(PipelineContract.METRICS_PATH);

        JsonNode podMonitor = m.one("PodMonitor", "deepunlearn-kafka-exporter"); // the campaign overlay has another
        assertThat(map(podMonitor.at("/spec/selector/matchLabels"))).containsEntry("strimzi.io/name", kafkaName(m) + "-kafka-exporter");
        Stream.of("ServiceMonitor", "PodMonitor", "PrometheusRule").flatMap(m::ofKind).forEach(o ->
                assertThat(o.at("/metadata/labels/release").asText()).as(Manifests.describe(o)).isEqualTo("kube-prometheus-stack"));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void prometheusRuleCarriesExactlyTheRuleFile(String overlay) {
        JsonNode rule = Manifests.of(overlay).one("PrometheusRule", "deepunlearn");
        assertThat(rule.path("spec")).isEqualTo(RuleFile.groups());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void networkPoliciesDenyByDefaultAndSelectRealPods(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<Map<String, String>> pods = podLabels(m);
        JsonNode deny = m.one("NetworkPolicy", "default-deny-ingress");
        assertThat(deny.at("/spec/podSelector").isEmpty()).isTrue();
        assertThat(deny.at("/spec/ingress").isMissingNode()).isTrue();
        m.ofKind("NetworkPolicy").forEach(policy -> {
            List<JsonNode> selectors = new ArrayList<>(List.of(policy.at("/spec/podSelector")));
            Stream.of("ingress", "egress").forEach(dir -> policy.at("/spec/" + dir).forEach(rule ->
                    Stream.of("from", "to").forEach(side -> rule.path(side).forEach(peer -> {
                        if (peer.has("podSelector") && !peer.has("namespaceSelector") && !peer.at("/podSelector/matchLabels").has(API_CLIENT_LABEL)) {
                            selectors.add(peer.get("podSelector"));
                        }
                    }))));
            selectors.forEach(s -> assertThat(pods.stream().anyMatch(p -> selects(s.path("matchLabels"), p)))
                    .as(Manifests.describe(policy) + " selector " + s + " matches a pod").isTrue());
        });
        JsonNode egress = m.one("NetworkPolicy", "pipeline-services-egress");
        assertThat(egress.at("/spec/egress").findValuesAsText("port")).contains("9092", "9000", "53");
    }

    /**
     * SIGTERM lets the work in progress finish (docs/pipeline.md, graceful drain): every pipeline service's drain
     * timeout (QUARKUS_SHUTDOWN_TIMEOUT, which deepunlearn.shutdown.drain-timeout follows) is set, and ends 30 s to
     * 5 min before Kubernetes' SIGKILL at terminationGracePeriodSeconds — unset, the drain would be 25 s.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceDrainsWithinItsGracePeriod(String overlay) {
        List<JsonNode> services = Manifests.of(overlay).ofKind("Deployment")
                .filter(d -> "pipeline-service".equals(d.at("/metadata/labels/app.kubernetes.io~1component").asText()))
                .toList();
        assertThat(services).hasSize(3);
        services.forEach(d -> {
            Duration grace = Duration.ofSeconds(d.at("/spec/template/spec/terminationGracePeriodSeconds").asLong(30));
            JsonNode container = d.at("/spec/template/spec/containers/0");
            String timeout = null;
            for (JsonNode env : container.path("env")) {
                if ("QUARKUS_SHUTDOWN_TIMEOUT".equals(env.path("name").asText())) {
                    timeout = env.path("value").asText();
                }
            }
            assertThat(timeout).as(Manifests.describe(d) + " sets QUARKUS_SHUTDOWN_TIMEOUT").isNotNull();
            Duration margin = grace.minus(Duration.parse(timeout));
            assertThat(margin).as(Manifests.describe(d) + ": grace " + grace + " - drain " + timeout)
                    .isBetween(Duration.ofSeconds(30), Duration.ofMinutes(5));
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void containersRunAsNonRootWithRequestsAndMemoryLimits(String overlay) {
        workloads(Manifests.of(overlay)).forEach(w -> {
            JsonNode pod = w.at("/spec/template/spec");
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(Manifests.describe(w)).isTrue();
            pod.path("containers").forEach(c -> {
                assertThat(c.at("/resources/requests/memory").isMissingNode()).as(Manifests.describe(w)).isFalse();
                assertThat(c.at("/resources/limits/memory").isMissingNode()).as(Manifests.describe(w)).isFalse();
                assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).as(Manifests.describe(w)).isFalse();
            });
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void grafanaSidecarGetsEveryDashboardUnchanged(String overlay) throws IOException {
        Map<String, String> shipped = new HashMap<>();
        Manifests.of(overlay).ofKind("ConfigMap").filter(c -> "1".equals(c.at("/metadata/labels/grafana_dashboard").asText()))
                .forEach(c -> c.path("data").fields().forEachRemaining(e -> shipped.put(e.getKey(), e.getValue().asText())));
        assertThat(shipped.keySet()).containsExactlyInAnyOrderElementsOf(Dashboards.files().stream().map(f -> f.getFileName().toString()).toList());
        for (Path file : Dashboards.files()) {
            assertThat(shipped.get(file.getFileName().toString())).isEqualTo(Files.readString(file));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void minioJobRunsTheSharedBucketScript(String overlay) throws IOException {
        Manifests m = Manifests.of(overlay);
        JsonNode job = m.one("Job", "minio-init");
        String configMap = job.at("/spec/template/spec/volumes").findValue("configMap").path("name").asText();
        assertThat(m.one("ConfigMap", configMap).at("/data/init-buckets.sh").asText())
                .isEqualTo(Files.readString(Repo.path("deploy/minio/init-buckets.sh")));
        assertThat(Manifests.container(job).path("command").toString()).contains("/scripts/init-buckets.sh");
    }
}
