package io.deepunlearn.core.bench;

import com.fasterxml.jackson.annotation.JsonValue;
import io.deepunlearn.core.metric.MetricCatalogue;
import io.deepunlearn.core.metric.MetricValues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seed-aggregated row of the leaderboard for one (dataset, architecture, method): the {@code means} and
 * {@code stds} of every run metric over successful seeds, the mean {@code seconds}, the {@code relative} metrics
 * against the same dataset/arch Retrain (RR, FR, TR, RetDev, RTE, per-seed RetDev mean and SE, forget-specific
 * change), and its {@link Placement} (rank, rank group, MIA detection, no better than the Original,
 * leave-one-seed-out ranks; the order is {@link Aggregation}'s). In JSON each metric is a field, its standard
 * deviation {@code <name>_std}, then the placement's fields.
 */
public record SummaryRow(String dataset, String arch, String method, boolean reference, int seeds, int failed,
                         MetricValues means, MetricValues stds, Double seconds, MetricValues relative,
                         Placement placement) {

    public Integer rank() {
        return placement.rank();
    }

    public Integer methodRank() {
        return placement.methodRank();
    }

    /** Null for Retrain (the yardstick) and rows not placed. */
    public Integer rankGroup() {
        return placement.rankGroup();
    }

    /** A run metric's mean or, failing that, a relative metric's value; null when undefined. */
    public Double value(String name) {
        return means.asMap().containsKey(name) ? means.get(name) : relative.get(name);
    }

    public Double std(String name) {
        return stds.get(name);
    }

    public Double retDev() {
        return relative.get(MetricCatalogue.RET_DEV);
    }

    public Double indiscernibility() {
        return means.get(MetricCatalogue.INDISCERNIBILITY);
    }

    SummaryRow placed(Placement p) {
        return new SummaryRow(dataset, arch, method, reference, seeds, failed, means, stds, seconds, relative, p);
    }

    @JsonValue
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("arch", arch);
        m.put("method", method);
        m.put("reference", reference);
        m.put("seeds", seeds);
        m.put("failed", failed);
        means.asMap().forEach((name, v) -> {
            m.put(name, v);
            m.put(name + "_std", stds.get(name));
        });
        m.put("seconds", seconds);
        m.putAll(relative.asMap());
        m.put("rank", placement.rank());
        m.put("method_rank", placement.methodRank());
        m.put("rank_group", placement.rankGroup());
        m.put("mia_detects", placement.miaDetects());
        m.put("no_better_than_original", placement.noBetterThanOriginal());
        Placement.LeaveOneSeedOut loso = placement.leaveOneSeedOut();
        Map<String, Integer> without = null;
        if (loso != null) {
            without = new LinkedHashMap<>();
            for (Map.Entry<Integer, Integer> e : loso.rankWithout().entrySet()) {
                without.put(String.valueOf(e.getKey()), e.getValue());
            }
        }
        m.put("loso_rank_without_seed", without);
        m.put("loso_rank_best", loso == null ? null : loso.best());
        m.put("loso_rank_worst", loso == null ? null : loso.worst());
        m.put("loso_rank_spread", loso == null ? null : loso.spread());
        return m;
    }
}
