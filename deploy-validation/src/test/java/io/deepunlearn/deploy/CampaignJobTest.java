package io.deepunlearn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The campaign Job of overlays/gpu-campaign (issue 16): an Indexed Job whose pods run the command line's campaign
 * worker in the unlearner's CUDA image, scheduled on GPU nodes exactly as the unlearner, with the campaign file
 * from a ConfigMap, scraped by Prometheus and allowed to reach MinIO. Strict schema parsing of every object is
 * KustomizeOverlaysTest's (it covers every overlay, this one included).
 */
class CampaignJobTest {

    private final Manifests m = Manifests.of("gpu-campaign");
    private final JsonNode job = m.one("Job", "deepunlearn-campaign");
    private final JsonNode pod = job.at("/spec/template/spec");
    private final JsonNode worker = Manifests.container(job);
    private final JsonNode unlearner = m.one("Deployment", "unlearner-service");

    @Test
    void anIndexedJobOfOnePodPerWorkerRestartedPerIndex() {
        assertThat(job.at("/spec/completionMode").asText()).isEqualTo("Indexed");
        assertThat(job.at("/spec/parallelism").asInt()).isPositive().isEqualTo(job.at("/spec/completions").asInt());
        assertThat(job.at("/spec/backoffLimitPerIndex").asInt()).isPositive();
        assertThat(pod.path("restartPolicy").asText()).as("required by backoffLimitPerIndex").isEqualTo("Never");
    }

    @Test
    void scheduledOnGpuNodesAsTheUnlearnerWithItsImageAndCudaSettings() {
        JsonNode unlearnerPod = unlearner.at("/spec/template/spec");
        assertThat(pod.path("tolerations")).isEqualTo(unlearnerPod.path("tolerations"));
        assertThat(pod.path("affinity")).isEqualTo(unlearnerPod.path("affinity"));
        assertThat(worker.path("resources")).isEqualTo(Manifests.container(unlearner).path("resources"));
        assertThat(worker.at("/resources/limits/nvidia.com~1gpu").asInt()).isEqualTo(1);
        assertThat(worker.path("image").asText()).isEqualTo(Manifests.container(unlearner).path("image").asText())
                .endsWith("-cu128");
        assertThat(configMapsOf(worker)).containsAll(configMapsOf(Manifests.container(unlearner)));
        // its own S3 user (the campaigns bucket only), not a pipeline service's
        assertThat(find(worker.path("env"), "name", "DEEPUNLEARN_S3_ACCESS_KEY").at("/valueFrom/secretKeyRef/name").asText())
                .isEqualTo(PipelineContract.CAMPAIGN_S3_SECRET);
    }

    @Test
    void runsTheCommandLineJarThatTheGpuImageCarries() throws IOException {
        String dockerfile = Files.readString(Repo.path("deploy/docker/Dockerfile.gpu"));
        assertThat(dockerfile).contains("COPY --chown=1001:1001 cli/target/deepunlearn-cli.jar cli/").contains("WORKDIR /deployments");
        assertThat(worker.path("command").toString()).contains("/deployments/cli/deepunlearn-cli.jar");
        List<String> args = new ArrayList<>();
        worker.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).startsWith("bench", "--as-worker").contains("--config", "--campaign", "$(CAMPAIGN_NAME)");
        // --config points into the mounted campaign-file ConfigMap, which holds campaign.yaml and the name
        String config = args.get(args.indexOf("--config") + 1);
        JsonNode mount = find(worker.path("volumeMounts"), "name", "campaign-file");
        assertThat(config).isEqualTo(mount.path("mountPath").asText() + "/campaign.yaml");
        String configMap = find(pod.path("volumes"), "name", "campaign-file").at("/configMap/name").asText();
        JsonNode file = m.one("ConfigMap", configMap);
        assertThat(file.at("/data/campaign.yaml").asText()).contains("datasets:", "methods:", "seeds:");
        assertThat(file.at("/data/name").asText()).matches("[a-z0-9][a-z0-9._-]{0,62}");
        assertThat(find(worker.path("env"), "name", "CAMPAIGN_NAME").at("/valueFrom/configMapKeyRef/name").asText())
                .isEqualTo(configMap);
    }

    @Test
    void workersAreScrapedAndReachOnlyMinioAndDns() {
        String port = find(worker.path("env"), "name", "DEEPUNLEARN_CAMPAIGN_METRICS_PORT").path("value").asText();
        assertThat(find(worker.path("ports"), "name", "metrics").path("containerPort").asText()).isEqualTo(port);
        JsonNode labels = job.at("/spec/template/metadata/labels");
        JsonNode monitor = m.one("PodMonitor", "deepunlearn-campaign-workers");
        monitor.at("/spec/selector/matchLabels").fields()
                .forEachRemaining(e -> assertThat(labels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
        assertThat(monitor.at("/spec/podMetricsEndpoints/0/port").asText()).isEqualTo("metrics");
        assertThat(monitor.at("/spec/podMetricsEndpoints/0/path").asText()).isEqualTo("/metrics");
        JsonNode egress = m.one("NetworkPolicy", "campaign-workers-egress");
        assertThat(egress.at("/spec/egress").findValuesAsText("name")).isEmpty();
        assertThat(egress.at("/spec/egress/0/to/0/podSelector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo("minio");
        assertThat(m.one("NetworkPolicy", "minio-ingress-campaign-workers").at("/spec/ingress/0/from/0/podSelector/matchLabels/app.kubernetes.io~1component").asText())
                .isEqualTo("campaign-worker");
    }

    @Test
    void theCampaignsBucketIsConfiguredAndCreated() throws IOException {
        String base = worker.path("envFrom").findValuesAsText("name").stream().filter(n -> n.startsWith("deepunlearn-config"))
                .findFirst().orElseThrow();
        assertThat(m.one("ConfigMap", base).at("/data/DEEPUNLEARN_BUCKET_CAMPAIGNS").asText()).isEqualTo("campaigns");
        assertThat(Files.readString(Repo.path("deploy/minio/init-buckets.sh")))
                .contains("CAMPAIGNS=\"${DEEPUNLEARN_BUCKET_CAMPAIGNS:-campaigns}\"", "mc mb --ignore-existing \"store/$CAMPAIGNS\"",
                        "s#arn:aws:s3:::campaigns\\([/\\\"]\\)#arn:aws:s3:::$CAMPAIGNS\\1#g");
        assertThat(Files.readString(Repo.path("deploy/minio/policies/campaign-worker.json"))).contains("arn:aws:s3:::campaigns/");
    }

    private static List<String> configMapsOf(JsonNode container) {
        List<String> names = new ArrayList<>();
        container.path("envFrom").forEach(r -> {
            if (r.has("configMapRef")) {
                names.add(r.at("/configMapRef/name").asText());
            }
        });
        return names;
    }

    private static JsonNode find(JsonNode array, String key, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(key).asText())) {
                return n;
            }
        }
        throw new AssertionError("no " + key + "=" + value + " in " + array);
    }
}
