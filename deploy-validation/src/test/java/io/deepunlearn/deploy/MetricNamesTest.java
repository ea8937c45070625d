package io.deepunlearn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * No rule or panel reads a series that nobody emits: every selector names a contract metric (metrics-contract.txt,
 * mirrored from the services' contract), an exporter series (external-metrics.txt) or a recording rule, and only
 * matches on labels those series carry. KEDA's Prometheus trigger queries are checked the same way.
 */
class MetricNamesTest {

    private static final Map<String, Set<String>> SERIES = MetricsContract.seriesLabels();
    private static final Set<String> RECORDED = RuleFile.recordedNames();
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((\\w+),\\s*(\\w+)\\)");

    private record Use(String where, String expr) {}

    private static Stream<Use> uses() {
        Stream<Use> rules = RuleFile.rules().stream().map(r -> new Use("rule " + r.path("record").asText(r.path("alert").asText()), r.path("expr").asText()));
        Stream<Use> panels = Dashboards.allTargets().stream().map(t -> new Use(t.toString(), t.expr()));
        Stream<Use> autoscaling = Manifests.overlays().stream().flatMap(o -> Manifests.of(o).ofKind("ScaledObject"))
                .flatMap(s -> StreamSupport.stream(s.at("/spec/triggers").spliterator(), false))
                .filter(t -> "prometheus".equals(t.path("type").asText()))
                .map(t -> new Use("KEDA prometheus trigger", t.at("/metadata/query").asText()));
        return Stream.of(rules, panels, autoscaling).flatMap(s -> s);
    }

    @Test
    void everySelectorNamesAnEmittedSeriesAndItsLabels() {
        List<String> problems = new ArrayList<>();
        uses().forEach(use -> PromQl.selectors(use.expr()).forEach(s -> {
            if (RECORDED.contains(s.metric())) {
                return;
            }
            Set<String> allowed = SERIES.get(s.metric());
            if (allowed == null) {
                problems.add(use.where() + ": unknown series '" + s.metric() + "' in " + use.expr());
                return;
            }
            Set<String> unknown = new HashSet<>(s.labels());
            unknown.removeAll(allowed);
            unknown.removeAll(MetricsContract.TARGET_LABELS);
            if (!unknown.isEmpty()) {
                problems.add(use.where() + ": " + s.metric() + " has no label(s) " + unknown);
            }
        }));
        assertThat(problems).isEmpty();
    }

    @Test
    void everyContractMetricIsShownOrAlertedOn() {
        Set<String> used = new HashSet<>();
        uses().forEach(u -> PromQl.selectors(u.expr()).forEach(s -> used.add(s.metric())));
        List<String> unused = MetricsContract.metrics().stream()
                .filter(m -> m.seriesNames().stream().noneMatch(used::contains)).map(MetricsContract.Metric::name).toList();
        assertThat(unused).isEmpty();
    }

    @Test
    void dashboardVariablesReadContractLabels() {
        Dashboards.files().forEach(f -> Dashboards.variableQueries(Yaml.read(f)).forEach(q -> {
            Matcher m = LABEL_VALUES.matcher(q);
            assertThat(m.matches()).as(f + ": " + q).isTrue();
            assertThat(SERIES.get(m.group(1))).as(f + ": " + q).isNotNull().contains(m.group(2));
        }));
    }

    @Test
    void recordingRulesOnlyReadEmittedSeries() {
        // A recording rule built on another recording rule is fine; on a missing series it would record nothing.
        RuleFile.rules().stream().filter(r -> r.has("record")).forEach(r -> PromQl.selectors(r.path("expr").asText())
                .forEach(s -> assertThat(SERIES.containsKey(s.metric()) || RECORDED.contains(s.metric()))
                        .as(r.path("record").asText() + " reads " + s.metric()).isTrue()));
    }
}
