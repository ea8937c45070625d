package io.deepunlearn.core.metric;

import static io.deepunlearn.core.metric.MetricCatalogue.FORGET_ACCURACY;
import static io.deepunlearn.core.metric.MetricCatalogue.RETAIN_ACCURACY;
import static io.deepunlearn.core.metric.MetricCatalogue.TEST_ACCURACY;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RetDev per seed, each run against the retrained model of the same seed, then the mean over seeds
 * ({@code ret_dev_per_seed_mean}) or its standard error sd / sqrt(n) ({@code ret_dev_per_seed_se}). Unlike RetDev of
 * seed means, per-seed errors of opposite sign do not cancel. The SE is undefined (null) with fewer than 2 seeds.
 */
public record PerSeedRetentionDeviation(boolean standardError) implements RelativeMetric {

    public static final String MEAN = "ret_dev_per_seed_mean";
    public static final String SE = "ret_dev_per_seed_se";

    @Override
    public String name() {
        return standardError ? SE : MEAN;
    }

    @Override
    public String label() {
        return standardError ? "RetDev/seed SE" : "RetDev/seed";
    }

    @Override
    public String description() {
        return standardError ? "standard error of the per-seed RetDev (sd / sqrt(seeds))"
                : "mean over seeds of RetDev against the same seed's retrained model, lower is better";
    }

    @Override
    public Double compute(Aggregate row, Aggregate retrain) {
        List<Double> values = perSeed(row, retrain);
        return standardError ? se(values) : mean(values);
    }

    /** RetDev of each seed both rows ran successfully, in no particular order. */
    static List<Double> perSeed(Aggregate row, Aggregate retrain) {
        List<Double> out = new ArrayList<>();
        for (Map.Entry<Integer, MetricValues> e : row.bySeed().entrySet()) {
            MetricValues r = retrain.bySeed().get(e.getKey());
            MetricValues u = e.getValue();
            if (r == null) {
                continue;
            }
            boolean defined = true;
            for (String m : new String[] {RETAIN_ACCURACY, FORGET_ACCURACY, TEST_ACCURACY}) {
                defined &= RetrainRatio.ratio(u.get(m), r.get(m)) != null;
            }
            if (defined) {
                out.add(UnlearningScores.retentionDeviation(u.get(RETAIN_ACCURACY), u.get(FORGET_ACCURACY),
                        u.get(TEST_ACCURACY), r.get(RETAIN_ACCURACY), r.get(FORGET_ACCURACY), r.get(TEST_ACCURACY)));
            }
        }
        return out;
    }

    static Double mean(List<Double> values) {
        return values.isEmpty() ? null : values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** Sample sd / sqrt(n); null for fewer than 2 values. */
    static Double se(List<Double> values) {
        int n = values.size();
        if (n < 2) {
            return null;
        }
        double mean = mean(values);
        double ss = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
    }
}
