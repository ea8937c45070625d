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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker-compose.yml as docker-compose 1.29 resolves it (no engine needed), checked against the contract. */
class ComposeFileTest {

    /** Throwaway values: the compose file refuses to start without credentials in the environment. */
    static final Map<String, String> CREDENTIALS = Map.ofEntries(Map.entry("MINIO_ROOT_USER", "root-user"),
            Map.entry("MINIO_ROOT_PASSWORD", "root-password"), Map.entry("TRAINER_S3_ACCESS_KEY", "trainer-user"),
            Map.entry("TRAINER_S3_SECRET_KEY", "trainer-secret"), Map.entry("UNLEARNER_S3_ACCESS_KEY", "unlearner-user"),
            Map.entry("UNLEARNER_S3_SECRET_KEY", "unlearner-secret"), Map.entry("AUDITOR_S3_ACCESS_KEY", "auditor-user"),
            Map.entry("AUDITOR_S3_SECRET_KEY", "auditor-secret"), Map.entry("CAMPAIGN_S3_ACCESS_KEY", "campaign-user"),
            Map.entry("CAMPAIGN_S3_SECRET_KEY", "campaign-secret"), Map.entry("GRAFANA_ADMIN_PASSWORD", "grafana"),
            Map.entry("DEEPUNLEARN_PSEUDONYM_KEY", "pepper"), Map.entry("DEEPUNLEARN_SIGNING_CHECKPOINT_KEYS", "t=k,u=k"),
            Map.entry("DEEPUNLEARN_SIGNING_RECEIPT_KEYS", "a=k"), Map.entry("QUARKUS_OIDC_PUBLIC_KEY", "oidc"),
            Map.entry("TRAINER_SIGNING_PRIVATE_KEY", "t"), Map.entry("UNLEARNER_SIGNING_PRIVATE_KEY", "u"),
            Map.entry("AUDITOR_SIGNING_PRIVATE_KEY", "a"), Map.entry("DEEPUNLEARN_KAFKA_BROKER_PASSWORD", "kafka-broker"),
            Map.entry("DEEPUNLEARN_KAFKA_ADMIN_PASSWORD", "kafka-admin"), Map.entry("DEEPUNLEARN_KAFKA_TRAINER_PASSWORD", "kafka-trainer"),
            Map.entry("DEEPUNLEARN_KAFKA_UNLEARNER_PASSWORD", "kafka-unlearner"),
            Map.entry("DEEPUNLEARN_KAFKA_AUDITOR_PASSWORD", "kafka-auditor"),
            Map.entry("DEEPUNLEARN_KAFKA_EXPORTER_PASSWORD", "kafka-exporter"));
    private static JsonNode services;

    @BeforeAll
    static void resolve() {
        ExternalTool.Result result = ExternalTool.dockerCompose().run(Duration.ofMinutes(1), CREDENTIALS, "-f", "docker-compose.yml", "config");
        assertThat(result.ok()).as(result.output()).isTrue();
        services = Yaml.documents(result.output().substring(result.output().indexOf("services:"))).get(0).path("services");
    }

    @Test
    void validatesWithAndWithoutTheGpuOverride() {
        ExternalTool compose = ExternalTool.dockerCompose();
        assertThat(compose.run(Duration.ofMinutes(1), CREDENTIALS, "-f", "docker-compose.yml", "config", "-q").ok()).isTrue();
        ExternalTool.Result gpu = compose.run(Duration.ofMinutes(1), CREDENTIALS, "-f", "docker-compose.yml", "-f",
                "deploy/compose/docker-compose.gpu.yml", "config", "-q");
        assertThat(gpu.ok()).as(gpu.output()).isTrue();
    }

    /** Every service gets the pepper, the trusted keys, the token issuer and its own signing key (docs/security.md). */
    @Test
    void everyServiceGetsTheKeysAndItsOwnSigningKey() {
        PipelineContract.HTTP_PORTS.keySet().forEach(name -> {
            JsonNode env = services.path(name).path("environment");
            for (String key : List.of("DEEPUNLEARN_PSEUDONYM_KEY", "DEEPUNLEARN_SIGNING_CHECKPOINT_KEYS",
                    "DEEPUNLEARN_SIGNING_RECEIPT_KEYS", "QUARKUS_OIDC_PUBLIC_KEY", "QUARKUS_OIDC_TOKEN_ISSUER")) {
                assertThat(env.path(key).asText()).as(name + " " + key).isNotBlank();
            }
            String own = name.replace("-service", "").toUpperCase(java.util.Locale.ROOT) + "_SIGNING_PRIVATE_KEY";
            assertThat(env.path("DEEPUNLEARN_SIGNING_PRIVATE_KEY").asText()).as(name).isEqualTo(CREDENTIALS.get(own));
        });
    }

    @Test
    void refusesToStartWithoutCredentialsInTheEnvironment() {
        Map<String, String> missing = new HashMap<>(CREDENTIALS);
        missing.put("AUDITOR_S3_SECRET_KEY", "");
        ExternalTool.Result result = ExternalTool.dockerCompose().run(Duration.ofMinutes(1), missing, "-f", "docker-compose.yml", "config", "-q");
        assertThat(result.ok()).isFalse();
        assertThat(result.output()).contains("AUDITOR_S3_SECRET_KEY");
    }

    @Test
    void servicesUseContractPortsEnvironmentHealthChecksAndStartOrder() {
        PipelineContract.HTTP_PORTS.forEach((name, port) -> {
            JsonNode service = services.path(name);
            assertThat(service.path("ports").toString()).as(name).contains(":" + port);
            Set<String> env = new HashSet<>();
            service.path("environment").fieldNames().forEachRemaining(env::add);
            assertThat(env).containsAll(PipelineContract.CONFIG_ENV).containsAll(PipelineContract.SECRET_ENV);
            assertThat(service.path("environment").path("QUARKUS_HTTP_PORT").asText()).isEqualTo(String.valueOf(port));
            assertThat(service.at("/healthcheck/test").toString()).contains("localhost:" + port + "/q/health/ready");
            assertThat(service.at("/depends_on/kafka-init/condition").asText()).isEqualTo("service_completed_successfully");
            assertThat(service.at("/depends_on/minio-init/condition").asText()).isEqualTo("service_completed_successfully");
            assertThat(service.at("/build/dockerfile").asText()).isEqualTo("deploy/docker/Dockerfile.jvm");
            assertThat(service.at("/build/args/SERVICE").asText()).isEqualTo(name);
            assertThat(service.path("environment").path("DEEPUNLEARN_AUDIT_MIA_MAX").asText()).isEqualTo(PipelineContract.MIA_MAX_DEFAULT);
        });
        assertThat(services.at("/kafka-init/depends_on/kafka/condition").asText()).isEqualTo("service_healthy");
        assertThat(services.at("/minio-init/depends_on/minio/condition").asText()).isEqualTo("service_healthy");
        assertThat(services.at("/grafana/depends_on/prometheus/condition").asText()).isEqualTo("service_healthy");
    }

    /** SIGTERM drains the work in progress: the services' drain timeout ends 30 s to 5 min before Compose's SIGKILL. */
    @Test
    void everyServiceDrainsWithinItsStopGracePeriod() {
        PipelineContract.HTTP_PORTS.keySet().forEach(name -> {
            JsonNode service = services.path(name);
            Duration grace = Duration.parse("PT" + service.path("stop_grace_period").asText("10s").toUpperCase());
            Duration drain = Duration.parse(service.path("environment").path("QUARKUS_SHUTDOWN_TIMEOUT").asText("PT25S"));
            assertThat(grace.minus(drain)).as(name + ": stop_grace_period " + grace + " - drain " + drain)
                    .isBetween(Duration.ofSeconds(30), Duration.ofMinutes(5));
        });
    }

    /** The auditor gets every verdict and U-LiRA setting (and no misspelt one), as Kubernetes does. */
    @Test
    void theAuditorGetsEveryAuditSetting() {
        Map<String, String> audit = new java.util.TreeMap<>();
        services.path("auditor-service").path("environment").fields().forEachRemaining(e -> {
            if (e.getKey().startsWith(AuditSettings.ENV_PREFIX)) {
                audit.put(e.getKey(), e.getValue().asText());
            }
        });
        AuditSettings.assertDeployed("docker-compose.yml", audit);
        // the same values as the Kubernetes base (its cpu overlay)
        Manifests m = Manifests.of("cpu");
        m.ofKind("ConfigMap").filter(c -> c.at("/metadata/name").asText().startsWith("deepunlearn-audit-config"))
                .forEach(c -> c.path("data").fields().forEachRemaining(e ->
                        assertThat(audit.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue().asText())));
    }

    @Test
    void servicesAndMinioRunReadOnlyWithoutCapabilitiesOrPrivilegeEscalation() {
        List<String> hardened = new ArrayList<>(PipelineContract.HTTP_PORTS.keySet());
        hardened.add("minio");
        for (String name : hardened) {
            JsonNode service = services.path(name);
            assertThat(service.path("read_only").asBoolean()).as(name + " read_only").isTrue();
            assertThat(service.path("cap_drop").toString()).as(name + " cap_drop").isEqualTo("[\"ALL\"]");
            assertThat(service.path("security_opt").toString()).as(name + " security_opt").contains("no-new-privileges:true");
            assertThat(service.path("tmpfs").toString()).as(name + " tmpfs").contains("/tmp");
        }
        PipelineContract.HTTP_PORTS.keySet().forEach(name ->
                assertThat(services.path(name).path("tmpfs").toString()).as(name).contains("/var/cache/djl"));
    }

    @Test
    void kafkaRunsInKraftModeFromTheApacheImage() {
        JsonNode kafka = services.path("kafka");
        assertThat(kafka.path("image").asText()).startsWith("apache/kafka:");
        assertThat(kafka.at("/environment/KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(kafka.at("/environment/KAFKA_CONTROLLER_QUORUM_VOTERS").asText()).isNotBlank();
        assertThat(kafka.at("/healthcheck/test").toString()).contains("kafka-broker-api-versions");
    }

    @Test
    void topicScriptCreatesTheSameTopicsAsKubernetes() throws IOException {
        Matcher m = Pattern.compile("(?m)^create (\\S+)\\s+(\\d+)").matcher(Files.readString(Repo.path("deploy/compose/create-topics.sh")));
        Map<String, Integer> compose = new HashMap<>();
        while (m.find()) {
            compose.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        Map<String, Integer> kubernetes = Manifests.of("gpu").ofKind("KafkaTopic")
                .collect(Collectors.toMap(t -> t.at("/spec/topicName").asText(), t -> t.at("/spec/partitions").asInt()));
        assertThat(compose).isEqualTo(kubernetes);
        assertThat(compose.keySet()).isEqualTo(PipelineContract.topicsWithDeadLetters());
    }

    @Test
    void prometheusScrapesEveryServiceUnderItsKubernetesJobName() {
        JsonNode config = Yaml.read(Repo.path("deploy/compose/prometheus.yml"));
        Map<String, JsonNode> jobs = new HashMap<>();
        config.path("scrape_configs").forEach(j -> jobs.put(j.path("job_name").asText(), j));
        PipelineContract.HTTP_PORTS.forEach((name, port) -> {
            assertThat(jobs).containsKey(name);
            assertThat(jobs.get(name).path("metrics_path").asText()).isEqualTo(PipelineContract.METRICS_PATH);
            assertThat(jobs.get(name).at("/static_configs/0/targets/0").asText()).isEqualTo(name + ":" + port);
        });
        assertThat(jobs).containsKey("kafka-exporter");
        assertThat(config.path("rule_files").toString()).contains("/etc/prometheus/rules/");
    }

    @Test
    void everyBindMountSourceExists() {
        // docker-compose 1.29 does not check bind-mount sources; a missing file would surface only at start-up.
        List<String> missing = new ArrayList<>();
        services.fields().forEachRemaining(s -> s.getValue().path("volumes").forEach(v -> {
            String spec = v.isTextual() ? v.asText() : v.path("source").asText();
            String source = spec.split(":")[0];
            if (source.startsWith("/") && !Files.exists(Path.of(source))) {
                missing.add(s.getKey() + ": " + source);
            }
        }));
        assertThat(missing).isEmpty();
        assertThat(services.path("prometheus").path("volumes").toString()).contains("deploy/prometheus/rules");
        assertThat(services.path("grafana").path("volumes").toString()).contains("deploy/grafana/dashboards").contains("deploy/grafana/provisioning");
        assertThat(services.path("minio-init").path("volumes").toString()).contains("deploy/minio/init-buckets.sh");
    }

    /**
     * Each service is its own MinIO user (never the root user, never another service's), and minio-init creates
     * exactly those users with the policies mounted beside its script (deploy/minio/policies; MinioPoliciesTest).
     */
    @Test
    void eachServiceIsItsOwnS3UserThatMinioInitCreatesWithItsPolicy() {
        JsonNode init = services.path("minio-init").path("environment");
        Set<String> users = new HashSet<>();
        PipelineContract.HTTP_PORTS.keySet().forEach(name -> {
            JsonNode env = services.path(name).path("environment");
            String prefix = name.replace("-service", "").toUpperCase(java.util.Locale.ROOT) + "_S3_";
            assertThat(env.path("DEEPUNLEARN_S3_ACCESS_KEY").asText()).as(name)
                    .isEqualTo(CREDENTIALS.get(prefix + "ACCESS_KEY"))
                    .isEqualTo(init.path(prefix + "ACCESS_KEY").asText())
                    .isNotEqualTo(CREDENTIALS.get("MINIO_ROOT_USER"));
            assertThat(env.path("DEEPUNLEARN_S3_SECRET_KEY").asText()).as(name)
                    .isEqualTo(CREDENTIALS.get(prefix + "SECRET_KEY"))
                    .isEqualTo(init.path(prefix + "SECRET_KEY").asText());
            assertThat(env.has("MINIO_ROOT_USER") || env.has("MINIO_ROOT_PASSWORD")).as(name).isFalse();
            users.add(env.path("DEEPUNLEARN_S3_ACCESS_KEY").asText());
        });
        assertThat(users).hasSize(PipelineContract.HTTP_PORTS.size());
        assertThat(init.path("CAMPAIGN_S3_ACCESS_KEY").asText()).isEqualTo(CREDENTIALS.get("CAMPAIGN_S3_ACCESS_KEY"));
        // the script's default POLICY_DIR is policies/ beside it
        String volumes = services.path("minio-init").path("volumes").toString();
        assertThat(volumes).contains("deploy/minio/policies:/opt/deepunlearn/policies")
                .contains("init-buckets.sh:/opt/deepunlearn/init-buckets.sh");
    }
}
