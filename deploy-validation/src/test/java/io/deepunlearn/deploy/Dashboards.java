package io.deepunlearn.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The dashboards under deploy/grafana/dashboards and the PromQL targets of their panels. */
final class Dashboards {

    static final Path DIR = Repo.path("deploy/grafana/dashboards");
    static final String MAIN = "erasure-request-flow.json";

    /** One query of one panel. */
    record Target(String dashboard, String panel, String refId, String expr) {
        @Override
        public String toString() {
            return dashboard + " / " + panel + " / " + refId;
        }
    }

    private Dashboards() {}

    static List<Path> files() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Panels including those nested in collapsed rows. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            panels.add(p);
            p.path("panels").forEach(panels::add);
        });
        return panels;
    }

    static List<Target> targets(Path file) {
        JsonNode dashboard = Yaml.read(file);
        List<Target> targets = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            panel.path("targets").forEach(t -> targets.add(new Target(file.getFileName().toString(),
                    panel.path("title").asText(), t.path("refId").asText(), t.path("expr").asText())));
        }
        return targets;
    }

    static List<Target> allTargets() {
        return files().stream().flatMap(f -> targets(f).stream()).toList();
    }

    /** The metric of each templating variable query such as label_values(audit_mia_accuracy, method). */
    static List<String> variableQueries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        dashboard.at("/templating/list").forEach(v -> {
            if ("query".equals(v.path("type").asText())) {
                JsonNode q = v.path("query");
                queries.add(q.isObject() ? q.path("query").asText() : q.asText());
            }
        });
        return queries;
    }
}
