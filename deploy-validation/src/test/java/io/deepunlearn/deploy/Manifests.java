package io.deepunlearn.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The output of {@code kubectl kustomize} for one overlay, rendered once per test JVM. */
final class Manifests {

    static final String NAMESPACE = "deepunlearn";
    private static final Path OVERLAYS = Repo.path("deploy/k8s/overlays");
    private static final Map<String, Manifests> CACHE = new ConcurrentHashMap<>();

    private final String overlay;
    private final List<JsonNode> documents;

    private Manifests(String overlay, List<JsonNode> documents) {
        this.overlay = overlay;
        this.documents = documents;
    }

    /** Overlay directory names, e.g. cpu and gpu. */
    static List<String> overlays() {
        try (Stream<Path> dirs = Files.list(OVERLAYS)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Manifests of(String overlay) {
        return CACHE.computeIfAbsent(overlay, Manifests::render);
    }

    private static Manifests render(String overlay) {
        ExternalTool.Result result = ExternalTool.kubectl().run(Duration.ofMinutes(1), "kustomize", OVERLAYS.resolve(overlay).toString());
        if (!result.ok()) {
            throw new AssertionError("kubectl kustomize deploy/k8s/overlays/" + overlay + " failed:\n" + result.output());
        }
        return new Manifests(overlay, Yaml.documents(result.output()));
    }

    String overlay() {
        return overlay;
    }

    List<JsonNode> all() {
        return documents;
    }

    Stream<JsonNode> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText()));
    }

    JsonNode one(String kind, String name) {
        return ofKind(kind).filter(d -> name.equals(d.at("/metadata/name").asText())).findFirst()
                .orElseThrow(() -> new NoSuchElementException(kind + " " + name + " not in overlay " + overlay));
    }

    /** The first container of a workload's pod template. */
    static JsonNode container(JsonNode workload) {
        return workload.at("/spec/template/spec/containers/0");
    }

    static String describe(JsonNode doc) {
        return doc.path("kind").asText() + " " + doc.at("/metadata/name").asText();
    }
}
