package io.deepunlearn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** GPU workers only in the gpu overlay, scheduled the NVIDIA way, with the CUDA libtorch selected by configuration. */
class GpuOverlayTest {

    private static final String GPU = "nvidia.com/gpu";
    private final Manifests gpu = Manifests.of("gpu");
    private final JsonNode unlearner = gpu.one("Deployment", "unlearner-service");

    @Test
    void unlearnerWorkersRequestOneGpuOnGpuNodes() {
        JsonNode pod = unlearner.at("/spec/template/spec");
        JsonNode resources = Manifests.container(unlearner).path("resources");
        assertThat(resources.at("/limits").path(GPU).asInt()).isEqualTo(1);
        assertThat(resources.at("/requests").path(GPU).asInt(1)).as("GPU requests must equal limits").isEqualTo(1);
        assertThat(pod.path("tolerations")).anySatisfy(t -> {
            assertThat(t.path("key").asText()).isEqualTo(GPU);
            assertThat(t.path("operator").asText()).isEqualTo("Exists");
            assertThat(t.path("effect").asText()).isEqualTo("NoSchedule");
        });
        JsonNode terms = pod.at("/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions");
        assertThat(terms.findValuesAsText("key")).isNotEmpty().allSatisfy(key -> assertThat(key).startsWith("nvidia.com/gpu."));
        assertThat(pod.path("terminationGracePeriodSeconds").asLong())
                .isGreaterThan(Manifests.of("cpu").one("Deployment", "unlearner-service").at("/spec/template/spec/terminationGracePeriodSeconds").asLong());
    }

    @Test
    void onlyTheUnlearnerHoldsGpus() {
        gpu.ofKind("Deployment").filter(d -> !d.at("/metadata/name").asText().equals("unlearner-service"))
                .forEach(d -> assertThat(d.toString()).as(Manifests.describe(d)).doesNotContain("nvidia.com"));
        Manifests.of("cpu").all().forEach(d -> assertThat(d.toString()).as(Manifests.describe(d)).doesNotContain("nvidia.com"));
    }

    @Test
    void cudaLibtorchIsSelectedByConfigurationAndMatchesTheImage() throws IOException {
        Map<String, String> config = new HashMap<>();
        Manifests.container(unlearner).path("envFrom").forEach(ref -> {
            if (ref.has("configMapRef")) {
                gpu.one("ConfigMap", ref.at("/configMapRef/name").asText()).path("data").fields()
                        .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            }
        });
        String dockerfile = Files.readString(Repo.path("deploy/docker/Dockerfile.gpu"));
        assertThat(config).containsEntry("PYTORCH_VERSION", rootPomProperty("pytorch.version"))
                .containsEntry("PYTORCH_FLAVOR", dockerfileEnv(dockerfile, "PYTORCH_FLAVOR"))
                .containsEntry("PYTORCH_LIBRARY_PATH", dockerfileEnv(dockerfile, "PYTORCH_LIBRARY_PATH"));
        assertThat(dockerfileEnv(dockerfile, "PYTORCH_VERSION")).isEqualTo(rootPomProperty("pytorch.version"));
        assertThat(Manifests.container(unlearner).path("image").asText()).endsWith("-" + config.get("PYTORCH_FLAVOR"));
        assertThat(dockerfile).contains("libtorch-cxx11-abi-shared-with-deps-" + config.get("PYTORCH_VERSION") + "%2B" + config.get("PYTORCH_FLAVOR"));
        // the libtorch archive is verified by default: no checksum fails the build unless explicitly opted out
        assertThat(dockerfile).contains("ARG ALLOW_UNVERIFIED_LIBTORCH=false")
                .contains("sha256sum -c -").contains("LIBTORCH_SHA256 is required");
    }

    @Test
    void djlShipsTheJniBridgeOfTheChosenFlavourSoNothingIsDownloaded() throws IOException {
        String flavor = dockerfileEnv(Files.readString(Repo.path("deploy/docker/Dockerfile.gpu")), "PYTORCH_FLAVOR");
        assertThat(getClass().getResource("/jnilib/linux-x86_64/" + flavor + "/libdjl_torch.so"))
                .as("ai.djl.pytorch:pytorch-jni must contain the " + flavor + " JNI library").isNotNull();
    }

    private static String dockerfileEnv(String dockerfile, String key) {
        Matcher m = Pattern.compile("\\b" + key + "=(\\S+)").matcher(dockerfile);
        assertThat(m.find()).as(key + " in Dockerfile.gpu").isTrue();
        return m.group(1);
    }

    private static String rootPomProperty(String name) throws IOException {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(Repo.path("pom.xml")));
        assertThat(m.find()).as(name + " in the root pom").isTrue();
        return m.group(1);
    }
}
