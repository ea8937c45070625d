package io.deepunlearn.core.metric;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry of metrics: what a run reports ({@link Metric}s, in this order in results.json, runs.jsonl and the
 * leaderboards) and what a leaderboard row derives from them against Retrain ({@link RelativeMetric}s). Adding a
 * metric is one class and one line in {@link #standard()}; the bench results, JSON, CSV, Markdown and HTML follow.
 */
public final class MetricCatalogue {

    public static final String RETAIN_ACCURACY = "retain_accuracy";
    public static final String FORGET_ACCURACY = "forget_accuracy";
    public static final String VAL_ACCURACY = "val_accuracy";
    public static final String TEST_ACCURACY = "test_accuracy";
    /** The reported Test MIA (D_f vs D_test); "mia" for compatibility with earlier results. */
    public static final String TEST_MIA = "mia";
    public static final String VAL_MIA = "val_mia";
    public static final String INDISCERNIBILITY = "indiscernibility";
    public static final String RET_DEV = "ret_dev";
    public static final String RTE = "rte";

    private static final MetricCatalogue STANDARD = new MetricCatalogue(List.of(
            new SplitAccuracy(RETAIN_ACCURACY, "RA", ModelPredictions.Split.RETAIN, true),
            new SplitAccuracy(FORGET_ACCURACY, "FA", ModelPredictions.Split.FORGET, true),
            new SplitAccuracy(VAL_ACCURACY, "VA", ModelPredictions.Split.VAL, false),
            new SplitAccuracy(TEST_ACCURACY, "TA", ModelPredictions.Split.TEST, true),
            new PopulationMia(TEST_MIA, "T-MIA", ModelPredictions.Split.TEST, true),
            new PopulationMia(VAL_MIA, "V-MIA", ModelPredictions.Split.VAL, false),
            new Indiscernibility()),
            List.of(
            new RetrainRatio("rr", "RR", RETAIN_ACCURACY),
            new RetrainRatio("fr", "FR", FORGET_ACCURACY),
            new RetrainRatio("tr", "TR", TEST_ACCURACY),
            new RetentionDeviation(),
            new RunTimeEfficiency(),
            new PerSeedRetentionDeviation(false),
            new PerSeedRetentionDeviation(true),
            new ForgetSpecificChange()));

    private final List<Metric> metrics;
    private final List<RelativeMetric> relative;

    private MetricCatalogue(List<Metric> metrics, List<RelativeMetric> relative) {
        Set<String> names = new HashSet<>();
        for (Metric m : metrics) {
            requireNew(names, m.name());
        }
        for (RelativeMetric m : relative) {
            requireNew(names, m.name());
        }
        this.metrics = List.copyOf(metrics);
        this.relative = List.copyOf(relative);
    }

    private static void requireNew(Set<String> names, String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("metric '" + name + "' is registered twice");
        }
    }

    /** The benchmark's metrics (docs/science.md). */
    public static MetricCatalogue standard() {
        return STANDARD;
    }

    /** This catalogue plus {@code metric}, reported after the others. */
    public MetricCatalogue with(Metric metric) {
        List<Metric> more = new ArrayList<>(metrics);
        more.add(metric);
        return new MetricCatalogue(more, relative);
    }

    /** This catalogue plus {@code metric}, reported after the other relative metrics. */
    public MetricCatalogue with(RelativeMetric metric) {
        List<RelativeMetric> more = new ArrayList<>(relative);
        more.add(metric);
        return new MetricCatalogue(metrics, more);
    }

    public List<Metric> metrics() {
        return metrics;
    }

    public List<RelativeMetric> relative() {
        return relative;
    }

    public List<String> names() {
        return metrics.stream().map(Metric::name).toList();
    }

    /** Every metric's aggregate on {@code predictions}, in catalogue order. */
    public MetricValues evaluate(ModelPredictions predictions) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Metric m : metrics) {
            out.put(m.name(), m.compute(predictions).aggregate());
        }
        return MetricValues.of(out);
    }

    /** Every relative metric of {@code row} against {@code retrain}, in catalogue order. */
    public MetricValues relativeTo(RelativeMetric.Aggregate row, RelativeMetric.Aggregate retrain) {
        return relativeTo(row, retrain, null);
    }

    /** As {@link #relativeTo(RelativeMetric.Aggregate, RelativeMetric.Aggregate)}, with the Original row (or null). */
    public MetricValues relativeTo(RelativeMetric.Aggregate row, RelativeMetric.Aggregate retrain,
                                   RelativeMetric.Aggregate original) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (RelativeMetric m : relative) {
            Double v = m.compute(row, retrain, original);
            out.put(m.name(), v == null || Double.isFinite(v) ? v : null);
        }
        return MetricValues.of(out);
    }
}
