package io.deepunlearn.core.bench.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rank groups of a lower-is-better score with per-seed uncertainty: methods are sorted by mean; the best method
 * not yet grouped opens a group, and every later method whose interval mean ± k·SE overlaps the opener's interval
 * joins it. Methods in one group cannot be ordered by these seeds. (Overlap is not transitive; anchoring on the
 * opener keeps the groups deterministic and never puts two methods with disjoint intervals to the opener in one.)
 */
public final class RankGroups {

    /** The interval half-width used by the leaderboard: 2 standard errors (≈ a 95 % interval of the mean). */
    public static final double DEFAULT_K = 2.0;

    private RankGroups() {
    }

    /** Method -> group number (1 = best), in the order of {@code scores}' means; NaN means go last, alone. */
    public static Map<String, Integer> assign(Map<String, MeanSe> scores, double k) {
        List<Map.Entry<String, MeanSe>> sorted = new ArrayList<>(scores.entrySet());
        sorted.sort(Comparator.comparingDouble(e -> Double.isNaN(e.getValue().mean()) ? Double.POSITIVE_INFINITY
                : e.getValue().mean()));
        Map<String, Integer> out = new LinkedHashMap<>();
        int group = 0;
        MeanSe opener = null;
        for (Map.Entry<String, MeanSe> e : sorted) {
            MeanSe s = e.getValue();
            if (opener == null || Double.isNaN(s.mean()) || s.lower(k) > opener.upper(k)) {
                group++;
                opener = s;
            }
            out.put(e.getKey(), group);
        }
        return out;
    }
}
