package io.deepunlearn.core.bench.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Leave-one-seed-out rank stability: the methods are ranked (lower score is better) on the mean of their per-seed
 * scores with each seed left out in turn. A method whose rank range is wide is placed by one seed, not by the
 * method.
 */
public final class LeaveOneSeedOut {

    /** The rank with all seeds, and the best and worst rank over the leave-one-out subsets. */
    public record RankRange(int all, int best, int worst) {
    }

    private LeaveOneSeedOut() {
    }

    /** {@code perSeed}: method -> scores aligned by seed (NaN = missing). Needs ≥ 2 seeds for a range. */
    public static Map<String, RankRange> ranks(Map<String, double[]> perSeed) {
        int n = perSeed.values().stream().mapToInt(a -> a.length).max().orElse(0);
        Map<String, Integer> all = rank(perSeed, -1);
        Map<String, int[]> range = new LinkedHashMap<>();
        all.forEach((m, r) -> range.put(m, new int[] {r, r}));
        for (int left = 0; n >= 2 && left < n; left++) {
            rank(perSeed, left).forEach((m, r) -> {
                int[] mm = range.get(m);
                mm[0] = Math.min(mm[0], r);
                mm[1] = Math.max(mm[1], r);
            });
        }
        Map<String, RankRange> out = new LinkedHashMap<>();
        for (String m : perSeed.keySet()) {
            out.put(m, new RankRange(all.get(m), range.get(m)[0], range.get(m)[1]));
        }
        return out;
    }

    /** Ranks (1 = lowest mean) without seed {@code leftOut} (-1: all seeds); ties keep the input order. */
    static Map<String, Integer> rank(Map<String, double[]> perSeed, int leftOut) {
        List<Map.Entry<String, Double>> means = new ArrayList<>();
        for (Map.Entry<String, double[]> e : perSeed.entrySet()) {
            double[] v = e.getValue();
            List<Double> kept = new ArrayList<>();
            for (int i = 0; i < v.length; i++) {
                if (i != leftOut) {
                    kept.add(v[i]);
                }
            }
            double m = MeanSe.of(kept.stream().mapToDouble(Double::doubleValue).toArray()).mean();
            means.add(Map.entry(e.getKey(), Double.isNaN(m) ? Double.POSITIVE_INFINITY : m));
        }
        means.sort(Comparator.comparingDouble(Map.Entry::getValue));
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < means.size(); i++) {
            out.put(means.get(i).getKey(), i + 1);
        }
        return out;
    }
}
