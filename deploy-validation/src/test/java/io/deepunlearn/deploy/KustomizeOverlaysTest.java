package io.deepunlearn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every overlay builds with kubectl kustomize and every object passes the typed/strict validation. */
class KustomizeOverlaysTest {

    private static final ManifestValidator VALIDATOR = new ManifestValidator();

    static List<String> overlays() {
        return Manifests.overlays();
    }

    @Test
    void cpuAndGpuOverlaysExist() {
        assertThat(overlays()).contains("cpu", "gpu");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectMatchesItsSchema(String overlay) {
        List<JsonNode> documents = Manifests.of(overlay).all();
        assertThat(documents).hasSizeGreaterThan(20);
        List<String> problems = documents.stream().flatMap(d -> VALIDATOR.validate(d).stream()).toList();
        assertThat(problems).as("schema problems in overlay " + overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyNamespacedObjectLandsInTheDeepUnlearnNamespace(String overlay) {
        Set<String> clusterScoped = Set.of("Namespace");
        List<String> misplaced = Manifests.of(overlay).all().stream()
                .filter(d -> !clusterScoped.contains(d.path("kind").asText()))
                .filter(d -> !Manifests.NAMESPACE.equals(d.at("/metadata/namespace").asText()))
                .map(Manifests::describe).toList();
        assertThat(misplaced).isEmpty();
        assertThat(Manifests.of(overlay).one("Namespace", Manifests.NAMESPACE)).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noSecretIsCommitted(String overlay) {
        assertThat(Manifests.of(overlay).ofKind("Secret").map(Manifests::describe).toList())
                .as("credentials must come from Secrets created outside the repository").isEmpty();
    }
}
