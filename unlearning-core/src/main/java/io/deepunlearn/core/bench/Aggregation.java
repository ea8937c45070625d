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
 * forget-specific change), the noise-floor row, and places them (docs/benchmark.md, "Statistics"):
 * <ol>
 *   <li>Retrain first: the yardstick, RetDev 0 by construction, not grouped;</li>
 *   <li>then by rank group ({@link RankGroups}, k = 2, on per-seed RetDev mean ± 2 SE): rows in one group are tied;</li>
 *   <li>inside a group, rows the population MIA detects (mean Indisc below Retrain's by more than 2 combined SE,
 *       {@link NoiseFloor#indiscBelowFloor}) after those it does not: Indisc breaks ties only where it stands out of
 *       its own noise, never by its raw value;</li>
 *   <li>then per-seed RetDev mean, RetDev of means and the name (a stable order, not a claim).</li>
 * </ol>
 * Every row but the noise floor gets a rank; rows ranked after the Original are flagged no better than doing
 * nothing; each ranked row carries its rank with each seed left out.
 */
public final class Aggregation {

    public static final String RETRAIN = "Retrain";
    public static final String ORIGINAL = "Original";
    /** The noise-floor row of the summary (docs/benchmark.md): a second retrained model scored as a method. */
    public static final String NOISE_FLOOR = NoiseFloor.NAME;

    private Aggregation() {
    }

    /** Placed rows for every (dataset, arch, method) in {@code runs}, without the noise-floor rows. */
    public static List<SummaryRow> summarise(List<RunResult> runs) {
        return summarise(runs, MetricCatalogue.standard());
    }

    /** As {@link #summarise(List)}, aggregating the metrics of {@code catalogue}: the method and reference rows. */
    public static List<SummaryRow> summarise(List<RunResult> runs, MetricCatalogue catalogue) {
        return summary(runs, catalogue).stream().filter(r -> !r.method().equals(NOISE_FLOOR)).toList();
    }

    /**
     * The summary of results.json: per (dataset, arch), in order of first appearance in {@code runs}, its rows and
     * (with at least two successful Retrain seeds) its {@link #NOISE_FLOOR} row, placed and in placement order.
     */
    public static List<SummaryRow> summary(List<RunResult> runs, MetricCatalogue catalogue) {
        Map<String, List<RunResult>> byGroup = new LinkedHashMap<>();
        for (RunResult r : runs) {
            byGroup.computeIfAbsent(r.dataset() + "\u0000" + r.arch(), k -> new ArrayList<>()).add(r);
        }
        List<SummaryRow> out = new ArrayList<>();
        for (List<RunResult> group : byGroup.values()) {
            out.addAll(withLeaveOneSeedOut(placed(group, catalogue), group, catalogue));
        }
        return out;
    }

    /** One dataset/arch's rows and noise floor, placed and sorted (without leave-one-seed-out ranks). */
    static List<SummaryRow> placed(List<RunResult> runs, MetricCatalogue catalogue) {
        List<SummaryRow> rows = new ArrayList<>(summariseGroup(runs, catalogue));
        SummaryRow floor = noiseFloor(runs, catalogue);
        if (floor != null) {
            rows.add(floor);
        }
        Map<String, Integer> groups = rankGroups(rows);
        SummaryRow retrain = rows.stream().filter(r -> r.method().equals(RETRAIN)).findFirst().orElse(null);
        MeanSe retrainIndisc = retrain == null ? null : indiscernibility(retrain);
        Map<String, Boolean> detected = new LinkedHashMap<>();
        for (SummaryRow r : rows) {
            detected.put(r.method(), retrainIndisc != null && !r.method().equals(RETRAIN)
                    && !r.method().equals(NOISE_FLOOR)
                    && NoiseFloor.indiscBelowFloor(indiscernibility(r), retrainIndisc, RankGroups.DEFAULT_K));
        }
        List<SummaryRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing((SummaryRow r) -> !r.method().equals(RETRAIN))
                .thenComparing(r -> groups.getOrDefault(r.method(), Integer.MAX_VALUE))
                .thenComparing(r -> detected.get(r.method()))
                .thenComparing(r -> orLast(r.value(PerSeedRetentionDeviation.MEAN)))
                .thenComparing(r -> orLast(r.retDev()))
                .thenComparing(SummaryRow::method));
        List<SummaryRow> out = new ArrayList<>();
        int rank = 0;
        int methodRank = 0;
        Integer originalRank = null;
        for (SummaryRow r : sorted) {
            boolean ranked = !r.method().equals(NOISE_FLOOR);
            Integer rowRank = ranked ? ++rank : null;
            if (r.method().equals(ORIGINAL)) {
                originalRank = rowRank;
            }
            // the Original was placed above this row: it did no better than doing nothing
            boolean noBetter = ranked && !r.reference() && originalRank != null;
            out.add(r.placed(new Placement(rowRank, ranked && !r.reference() ? ++methodRank : null,
                    groups.get(r.method()), detected.get(r.method()), noBetter, null)));
        }
        return out;
    }

    /**
     * Each ranked row's rank with each seed (of the group's successful runs) left out in turn: the whole placement
     * recomputed on the remaining seeds. Needs two seeds.
     */
    private static List<SummaryRow> withLeaveOneSeedOut(List<SummaryRow> rows, List<RunResult> runs,
                                                        MetricCatalogue catalogue) {
        List<Integer> seeds = runs.stream().filter(RunResult::ok).map(RunResult::seed).distinct().sorted().toList();
        if (seeds.size() < 2) {
            return rows;
        }
        Map<String, Map<Integer, Integer>> without = new LinkedHashMap<>();
        rows.forEach(r -> without.put(r.method(), new LinkedHashMap<>()));
        for (int seed : seeds) {
            List<RunResult> kept = runs.stream().filter(r -> r.seed() != seed).toList();
            Map<String, Integer> ranks = new LinkedHashMap<>();
            placed(kept, catalogue).forEach(r -> ranks.put(r.method(), r.rank()));
            without.forEach((method, bySeed) -> bySeed.put(seed, ranks.get(method)));
        }
        return rows.stream().map(r -> r.rank() == null ? r : r.placed(r.placement()
                .withLeaveOneSeedOut(new Placement.LeaveOneSeedOut(without.get(r.method()))))).toList();
    }

    /** A row's mean Indisc with its standard error over seeds (unknown, NaN, with fewer than two seeds). */
    private static MeanSe indiscernibility(SummaryRow r) {
        Double mean = r.indiscernibility();
        Double sd = r.std(MetricCatalogue.INDISCERNIBILITY);
        int n = r.seeds();
        double se = n < 2 || sd == null ? Double.NaN : sd / Math.sqrt(n);
        return new MeanSe(mean == null ? Double.NaN : mean, sd == null ? Double.NaN : sd, se, n);
    }

    private static double orLast(Double v) {
        return v == null || v.isNaN() ? Double.POSITIVE_INFINITY : v;
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
                    catalogue.relativeTo(row, retrain, original), Placement.NONE));
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
                stds(ref, catalogue), null, MetricValues.of(relative), Placement.NONE);
    }

    /** Relative metrics of means only, undefined for the noise floor. */
    private static final List<String> NOISE_FLOOR_UNDEFINED = List.of("rr", "fr", "tr", MetricCatalogue.RET_DEV,
            MetricCatalogue.RTE);

    /**
     * Rank groups ({@link RankGroups}, k = 2) on per-seed RetDev mean ± SE over every row but Retrain: rows in one
     * group cannot be ordered by these seeds.
     */
    private static Map<String, Integer> rankGroups(List<SummaryRow> rows) {
        Map<String, MeanSe> scores = new LinkedHashMap<>();
        for (SummaryRow r : rows) {
            if (!r.method().equals(RETRAIN)) {
                Double mean = r.value(PerSeedRetentionDeviation.MEAN);
                Double se = r.value(PerSeedRetentionDeviation.SE);
                scores.put(r.method(), new MeanSe(mean == null ? Double.NaN : mean, Double.NaN,
                        se == null ? Double.NaN : se, r.seeds()));
            }
        }
        return RankGroups.assign(scores, RankGroups.DEFAULT_K);
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

    /** Null without a value (a ternary mixing 0.0 and null here once unboxed the null: a method that failed on
     * every seed crashed the report). */
    private static Double std(List<RunResult> runs, Function<RunResult, Double> f) {
        DescriptiveStatistics s = stats(runs, f);
        if (s.getN() == 0) {
            return null;
        }
        return s.getN() == 1 ? 0.0 : s.getStandardDeviation();
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
