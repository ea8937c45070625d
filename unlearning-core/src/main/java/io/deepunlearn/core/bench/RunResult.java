package io.deepunlearn.core.bench;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.deepunlearn.core.metric.MetricValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One (dataset, architecture, method, seed) run: its {@code metrics} by name (see
 * {@link io.deepunlearn.core.metric.MetricCatalogue}: accuracies on D_r, D_f, D_val and D_test, {@code mia} the
 * reported Test MIA, {@code val_mia} the HP-search one...); {@code seconds} times only the unlearning call (Retrain:
 * its training time; Original: 0). In JSON the metrics are top-level fields between {@code error} and
 * {@code seconds}.
 */
public record RunResult(String dataset, String arch, String method, int seed, String status, String error,
                        MetricValues metrics, double seconds, Map<String, Object> hyperparameters) {

    private static final Set<String> FIELDS = Set.of("dataset", "arch", "method", "seed", "status", "error", "seconds",
            "hyperparameters");

    public boolean ok() {
        return "ok".equals(status);
    }

    /** The value of one metric, null when the run failed or did not report it. */
    public Double metric(String name) {
        return metrics.get(name);
    }

    static RunResult failed(String dataset, String arch, String method, int seed, double seconds, String error,
                            Map<String, Object> hp, List<String> metricNames) {
        return new RunResult(dataset, arch, method, seed, "failed", error, MetricValues.missing(metricNames), seconds,
                hp);
    }

    /** The flat JSON object of runs.jsonl and results.json. */
    @JsonValue
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("arch", arch);
        m.put("method", method);
        m.put("seed", seed);
        m.put("status", status);
        m.put("error", error);
        m.putAll(metrics.asMap());
        m.put("seconds", seconds);
        m.put("hyperparameters", hyperparameters);
        return m;
    }

    /** Reads {@link #toJson()}'s form: every numeric or null field that is not a fixed one is a metric. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    @SuppressWarnings("unchecked")
    static RunResult fromJson(Map<String, Object> m) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (!FIELDS.contains(k) && (v == null || v instanceof Number)) {
                metrics.put(k, v == null ? null : ((Number) v).doubleValue());
            }
        });
        Object hp = m.get("hyperparameters");
        return new RunResult((String) m.get("dataset"), (String) m.get("arch"), (String) m.get("method"),
                ((Number) m.get("seed")).intValue(), (String) m.get("status"), (String) m.get("error"),
                MetricValues.of(metrics), ((Number) m.get("seconds")).doubleValue(),
                hp == null ? Map.of() : (Map<String, Object>) hp);
    }
}
