package io.deepunlearn.core.bench;

import io.deepunlearn.core.metric.MetricCatalogue;
import io.deepunlearn.core.metric.MetricValues;
import io.deepunlearn.core.metric.RelativeMetric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/** Turns runs into leaderboard rows (mean +- std over seeds, ratios, RetDev, RTE, ranks) and average ranks. */
public final class Aggregation {

    public static final String RETRAIN = "Retrain";
    public static final String ORIGINAL = "Original";

    private Aggregation() {
    }

    /** Rows for every (dataset, arch, method) in {@code runs}, ranked within each (dataset, arch). */
    public static List<SummaryRow> summarise(List<RunResult> runs) {
        return summarise(runs, MetricCatalogue.standard());
    }

    /** As {@link #summarise(List)}, aggregating the metrics of {@code catalogue}. */
    public static List<SummaryRow> summarise(List<RunResult> runs, MetricCatalogue catalogue) {
        Map<String, List<RunResult>> byGroup = new LinkedHashMap<>();
        for (RunResult r : runs) {
            byGroup.computeIfAbsent(r.dataset() + "\u0000" + r.arch(), k -> new ArrayList<>()).add(r);
        }
        List<SummaryRow> out = new ArrayList<>();
        for (List<RunResult> group : byGroup.values()) {
            out.addAll(rank(summariseGroup(group, catalogue)));
        }
        return out;
    }

    private static List<SummaryRow> summariseGroup(List<RunResult> runs, MetricCatalogue catalogue) {
        Map<String, List<RunResult>> byMethod = new LinkedHashMap<>();
        for (RunResult r : runs) {
            byMethod.computeIfAbsent(r.method(), k -> new ArrayList<>()).add(r);
        }
        List<RunResult> ref = byMethod.getOrDefault(RETRAIN, List.of()).stream().filter(RunResult::ok).toList();
        RelativeMetric.Aggregate retrain = aggregate(RETRAIN, ref, catalogue);
        List<SummaryRow> rows = new ArrayList<>();
        for (Map.Entry<String, List<RunResult>> e : byMethod.entrySet()) {
            List<RunResult> ok = e.getValue().stream().filter(RunResult::ok).toList();
            RunResult first = e.getValue().get(0);
            String m = e.getKey();
            RelativeMetric.Aggregate row = aggregate(m, ok, catalogue);
            Map<String, Double> stds = new LinkedHashMap<>();
            for (String name : catalogue.names()) {
                stds.put(name, std(ok, r -> r.metric(name)));
            }
            rows.add(new SummaryRow(first.dataset(), first.arch(), m, m.equals(RETRAIN) || m.equals(ORIGINAL),
                    ok.size(), e.getValue().size() - ok.size(), row.means(), MetricValues.of(stds), row.seconds(),
                    catalogue.relativeTo(row, retrain), null, null));
        }
        return rows;
    }

    /** Seed means of a method's successful runs; Original ran nothing, so it has no run time to compare. */
    private static RelativeMetric.Aggregate aggregate(String method, List<RunResult> ok, MetricCatalogue catalogue) {
        Map<String, Double> means = new LinkedHashMap<>();
        for (String name : catalogue.names()) {
            means.put(name, mean(ok, r -> r.metric(name)));
        }
        return new RelativeMetric.Aggregate(MetricValues.of(means), mean(ok, r -> r.seconds()),
                !method.equals(ORIGINAL));
    }

    /** RetDev ascending, then indiscernibility descending; rows without RetDev (all seeds failed) come last. */
    static final Comparator<SummaryRow> ORDER = Comparator
            .comparing((SummaryRow r) -> r.retDev() == null ? Double.POSITIVE_INFINITY : r.retDev())
            .thenComparing(r -> r.indiscernibility() == null ? Double.NEGATIVE_INFINITY : -r.indiscernibility());

    private static List<SummaryRow> rank(List<SummaryRow> rows) {
        List<SummaryRow> sorted = new ArrayList<>(rows);
        sorted.sort(ORDER);
        List<SummaryRow> out = new ArrayList<>();
        int methodRank = 0;
        for (int i = 0; i < sorted.size(); i++) {
            SummaryRow r = sorted.get(i);
            out.add(r.ranked(i + 1, r.reference() ? null : ++methodRank));
        }
        return out;
    }

    /** A method's rank among the methods (reference rows excluded), averaged over every (dataset, arch). */
    public record AverageRank(String method, double averageRank, int groups) {
    }

    public static List<AverageRank> averageRanks(List<SummaryRow> rows) {
        Map<String, DescriptiveStatistics> stats = new LinkedHashMap<>();
        for (SummaryRow r : rows) {
            if (r.methodRank() != null) {
                stats.computeIfAbsent(r.method(), k -> new DescriptiveStatistics()).addValue(r.methodRank());
            }
        }
        List<AverageRank> out = new ArrayList<>();
        stats.forEach((m, s) -> out.add(new AverageRank(m, s.getMean(), (int) s.getN())));
        out.sort(Comparator.comparingDouble(AverageRank::averageRank));
        return out;
    }

    private static Double mean(List<RunResult> runs, Function<RunResult, Double> f) {
        DescriptiveStatistics s = stats(runs, f);
        return s.getN() == 0 ? null : s.getMean();
    }

    private static Double std(List<RunResult> runs, Function<RunResult, Double> f) {
        DescriptiveStatistics s = stats(runs, f);
        return s.getN() < 2 ? (s.getN() == 1 ? 0.0 : null) : s.getStandardDeviation();
    }

    private static DescriptiveStatistics stats(List<RunResult> runs, Function<RunResult, Double> f) {
        DescriptiveStatistics s = new DescriptiveStatistics();
        for (RunResult r : runs) {
            Double v = f.apply(r);
            if (v != null && Double.isFinite(v)) {
                s.addValue(v);
            }
        }
        return s;
    }
}
