package io.deepunlearn.core.bench;

import io.deepunlearn.core.bench.stats.MeanSe;
import io.deepunlearn.core.bench.stats.NoiseFloor;
import io.deepunlearn.core.bench.stats.RankGroups;
import io.deepunlearn.core.metric.MetricCatalogue;
import io.deepunlearn.core.metric.MetricValues;
import io.deepunlearn.core.metric.PerSeedRetentionDeviation;
import io.deepunlearn.core.metric.RelativeMetric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * Turns runs into leaderboard rows (mean +- std over seeds, ratios, RetDev, RTE, per-seed RetDev mean and SE,
 * forget-specific change, ranks, rank groups), the noise-floor row, and average ranks.
 */
public final class Aggregation {

    public static final String RETRAIN = "Retrain";
    public static final String ORIGINAL = "Original";
    /** The noise-floor row of the summary (docs/benchmark.md): a second retrained model scored as a method. */
    public static final String NOISE_FLOOR = NoiseFloor.NAME;

    private Aggregation() {
    }

    /** Rows for every (dataset, arch, method) in {@code runs}, ranked within each (dataset, arch). */
    public static List<SummaryRow> summarise(List<RunResult> runs) {
        return summarise(runs, MetricCatalogue.standard());
    }

    /** As {@link #summarise(List)}, aggregating the metrics of {@code catalogue}: the method and reference rows. */
    public static List<SummaryRow> summarise(List<RunResult> runs, MetricCatalogue catalogue) {
        return summary(runs, catalogue).stream().filter(r -> !r.method().equals(NOISE_FLOOR)).toList();
    }

    /**
     * The summary of results.json: {@link #summarise}'s rows and, after each (dataset, arch)'s rows that has at
     * least two successful Retrain seeds, its {@link #NOISE_FLOOR} row. Rank groups include the floor.
     */
    public static List<SummaryRow> summary(List<RunResult> runs, MetricCatalogue catalogue) {
        Map<String, List<RunResult>> byGroup = new LinkedHashMap<>();
        for (RunResult r : runs) {
            byGroup.computeIfAbsent(r.dataset() + "\u0000" + r.arch(), k -> new ArrayList<>()).add(r);
        }
        List<SummaryRow> out = new ArrayList<>();
        for (List<RunResult> group : byGroup.values()) {
            List<SummaryRow> rows = new ArrayList<>(rank(summariseGroup(group, catalogue)));
            SummaryRow floor = noiseFloor(group, catalogue);
            if (floor != null) {
                rows.add(floor);
            }
            out.addAll(rankGroups(rows));
        }
        return out;
    }

    private static List<SummaryRow> summariseGroup(List<RunResult> runs, MetricCatalogue catalogue) {
        Map<String, List<RunResult>> byMethod = byMethod(runs);
        RelativeMetric.Aggregate retrain = aggregate(RETRAIN, ok(byMethod, RETRAIN), catalogue);
        RelativeMetric.Aggregate original = byMethod.containsKey(ORIGINAL)
                ? aggregate(ORIGINAL, ok(byMethod, ORIGINAL), catalogue) : null;
        List<SummaryRow> rows = new ArrayList<>();
        for (Map.Entry<String, List<RunResult>> e : byMethod.entrySet()) {
            List<RunResult> ok = e.getValue().stream().filter(RunResult::ok).toList();
            RunResult first = e.getValue().get(0);
            String m = e.getKey();
            RelativeMetric.Aggregate row = aggregate(m, ok, catalogue);
            rows.add(new SummaryRow(first.dataset(), first.arch(), m, m.equals(RETRAIN) || m.equals(ORIGINAL),
                    ok.size(), e.getValue().size() - ok.size(), row.means(), stds(ok, catalogue), row.seconds(),
                    catalogue.relativeTo(row, retrain, original), null, null, null));
        }
        return rows;
    }

    /**
     * What a perfect method scores ({@link NoiseFloor}): the retrained model of the next seed (cyclically, in seed
     * order) scored against each seed's retrained model. Its run metrics (MIA, Indisc...) are Retrain's own; RetDev
     * of means and the ratios are undefined (both sides average the same models: 0 and 1 by construction), so
     * null; its per-seed RetDev is the benchmark's resolution. Null with fewer than two successful Retrain seeds.
     */
    private static SummaryRow noiseFloor(List<RunResult> runs, MetricCatalogue catalogue) {
        Map<String, List<RunResult>> byMethod = byMethod(runs);
        List<RunResult> ref = ok(byMethod, RETRAIN);
        RelativeMetric.Aggregate retrain = aggregate(RETRAIN, ref, catalogue);
        List<Integer> seeds = retrain.bySeed().keySet().stream().sorted().toList();
        if (seeds.size() < 2) {
            return null;
        }
        Map<Integer, MetricValues> shifted = new LinkedHashMap<>();
        for (int i = 0; i < seeds.size(); i++) {
            shifted.put(seeds.get(i), retrain.bySeed().get(seeds.get((i + 1) % seeds.size())));
        }
        RelativeMetric.Aggregate floor = new RelativeMetric.Aggregate(retrain.means(), null, false, shifted);
        RelativeMetric.Aggregate original = byMethod.containsKey(ORIGINAL)
                ? aggregate(ORIGINAL, ok(byMethod, ORIGINAL), catalogue) : null;
        Map<String, Double> relative = new LinkedHashMap<>(catalogue.relativeTo(floor, retrain, original).asMap());
        for (String undefined : NOISE_FLOOR_UNDEFINED) {
            relative.replace(undefined, null);
        }
        RunResult first = ref.get(0);
        return new SummaryRow(first.dataset(), first.arch(), NOISE_FLOOR, true, seeds.size(), 0, retrain.means(),
                stds(ref, catalogue), null, MetricValues.of(relative), null, null, null);
    }

    /** Relative metrics of means only, undefined for the noise floor. */
    private static final List<String> NOISE_FLOOR_UNDEFINED = List.of("rr", "fr", "tr", MetricCatalogue.RET_DEV,
            MetricCatalogue.RTE);

    /**
     * Rank groups ({@link RankGroups}, k = 2) on per-seed RetDev mean ± SE over every row but Retrain: rows in one
     * group cannot be ordered by these seeds.
     */
    private static List<SummaryRow> rankGroups(List<SummaryRow> rows) {
        Map<String, MeanSe> scores = new LinkedHashMap<>();
        for (SummaryRow r : rows) {
            if (!r.method().equals(RETRAIN)) {
                Double mean = r.value(PerSeedRetentionDeviation.MEAN);
                Double se = r.value(PerSeedRetentionDeviation.SE);
                scores.put(r.method(), new MeanSe(mean == null ? Double.NaN : mean, Double.NaN,
                        se == null ? Double.NaN : se, r.seeds()));
            }
        }
        Map<String, Integer> groups = RankGroups.assign(scores, RankGroups.DEFAULT_K);
        return rows.stream().map(r -> r.grouped(groups.get(r.method()))).toList();
    }

    private static Map<String, List<RunResult>> byMethod(List<RunResult> runs) {
        Map<String, List<RunResult>> byMethod = new LinkedHashMap<>();
        for (RunResult r : runs) {
            byMethod.computeIfAbsent(r.method(), k -> new ArrayList<>()).add(r);
        }
        return byMethod;
    }

    private static List<RunResult> ok(Map<String, List<RunResult>> byMethod, String method) {
        return byMethod.getOrDefault(method, List.of()).stream().filter(RunResult::ok).toList();
    }

    private static MetricValues stds(List<RunResult> ok, MetricCatalogue catalogue) {
        Map<String, Double> stds = new LinkedHashMap<>();
        for (String name : catalogue.names()) {
            stds.put(name, std(ok, r -> r.metric(name)));
        }
        return MetricValues.of(stds);
    }

    /** Seed means of a method's successful runs; Original ran nothing, so it has no run time to compare. */
    private static RelativeMetric.Aggregate aggregate(String method, List<RunResult> ok, MetricCatalogue catalogue) {
        Map<String, Double> means = new LinkedHashMap<>();
        for (String name : catalogue.names()) {
            means.put(name, mean(ok, r -> r.metric(name)));
        }
        Map<Integer, MetricValues> bySeed = new LinkedHashMap<>();
        ok.forEach(r -> bySeed.put(r.seed(), r.metrics()));
        return new RelativeMetric.Aggregate(MetricValues.of(means), mean(ok, r -> r.seconds()),
                !method.equals(ORIGINAL), bySeed);
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
