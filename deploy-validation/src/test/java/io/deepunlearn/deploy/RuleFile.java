package io.deepunlearn.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** deploy/prometheus/rules/deepunlearn.rules.yml, the single source of the Prometheus rules. */
final class RuleFile {

    static final Path PATH = Repo.path("deploy/prometheus/rules/deepunlearn.rules.yml");
    static final Path UNIT_TEST_DIR = Repo.path("deploy/prometheus/tests");
    static final Path PROMETHEUS_RULE = Repo.path("deploy/prometheus/prometheusrule.yaml");

    private RuleFile() {}

    /** promtool unit-test files (deploy/prometheus/tests/*.test.yml). */
    static List<Path> unitTests() {
        try (Stream<Path> files = Files.list(UNIT_TEST_DIR)) {
            return files.filter(f -> f.toString().endsWith(".test.yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode groups() {
        return Yaml.read(PATH);
    }

    static List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        groups().path("groups").forEach(g -> g.path("rules").forEach(rules::add));
        return rules;
    }

    static Set<String> recordedNames() {
        return rules().stream().filter(r -> r.has("record")).map(r -> r.path("record").asText()).collect(Collectors.toSet());
    }

    static Set<String> alertNames() {
        return rules().stream().filter(r -> r.has("alert")).map(r -> r.path("alert").asText()).collect(Collectors.toSet());
    }

    static List<String> expressions() {
        return rules().stream().map(r -> r.path("expr").asText()).toList();
    }
}
