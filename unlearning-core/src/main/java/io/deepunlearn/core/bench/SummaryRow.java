package io.deepunlearn.core.bench;

import com.fasterxml.jackson.annotation.JsonValue;
import io.deepunlearn.core.metric.MetricCatalogue;
import io.deepunlearn.core.metric.MetricValues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seed-aggregated row of the leaderboard for one (dataset, architecture, method): the {@code means} and
 * {@code stds} of every run metric over successful seeds, the mean {@code seconds}, the {@code relative} metrics
 * against the same dataset/arch Retrain means (RR, FR, TR, RetDev, RTE), and the rank (RetDev ascending, then
 * indiscernibility descending; reference rows are ranked too, Retrain always first with RetDev 0), and the
 * {@code rankGroup}: rows whose per-seed RetDev intervals (mean ± 2 SE) overlap the group's best share a group and
 * are tied (null for Retrain, the yardstick). The {@link Aggregation#NOISE_FLOOR} row is not ranked (rank null) but
 * grouped. In JSON each metric is a field, its standard deviation {@code <name>_std}.
 */
public record SummaryRow(String dataset, String arch, String method, boolean reference, int seeds, int failed,
                         MetricValues means, MetricValues stds, Double seconds, MetricValues relative, Integer rank,
                         Integer methodRank, Integer rankGroup) {

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

    SummaryRow ranked(Integer rank, Integer methodRank) {
        return new SummaryRow(dataset, arch, method, reference, seeds, failed, means, stds, seconds, relative, rank,
                methodRank, rankGroup);
    }

    SummaryRow grouped(Integer group) {
        return new SummaryRow(dataset, arch, method, reference, seeds, failed, means, stds, seconds, relative, rank,
                methodRank, group);
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
        m.put("rank", rank);
        m.put("method_rank", methodRank);
        m.put("rank_group", rankGroup);
        return m;
    }
}
