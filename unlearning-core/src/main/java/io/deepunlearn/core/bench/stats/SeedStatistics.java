package io.deepunlearn.core.bench.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The leaderboard's statistics for one (dataset, architecture), from plain per-seed numbers: RetDev of means and
 * per-seed RetDev mean ± SE, the forget-specific change, the noise-floor row, rank groups on per-seed RetDev,
 * leave-one-seed-out rank ranges, whether the MIA detects a method (Indisc below the floor's, the only case in
 * which Indisc orders methods) and whether a method scores no better than doing nothing (the Original).
 *
 * <p>Ranking: per-seed RetDev mean ascending; inside a rank group, methods the MIA detects come after those it
 * does not (Indisc as a tie-breaker only where it is above its noise). The retrained model is the reference (not
 * ranked); the Original and the noise floor are ranked with the methods, so a reader sees where "do nothing" and
 * "perfect" land.
 */
public final class SeedStatistics {

    /** Per-seed accuracies, Test MIA and Indisc of one method, aligned by seed with every other input. */
    public record MethodSeeds(String method, double[] ra, double[] fa, double[] ta, double[] mia, double[] indisc) {
    }

    /** One row. {@code retDevOfMeans} is NaN for the noise floor (0 by construction there). */
    public record Row(String method, double retDevOfMeans, MeanSe retDevPerSeed, MeanSe forgetSpecificChange,
                     MeanSe mia, MeanSe indisc, boolean miaDetects, int rankGroup, int rank,
                     LeaveOneSeedOut.RankRange looRanks, boolean noBetterThanOriginal) {
    }

    private SeedStatistics() {
    }

    /**
     * @param retrain  the retrained models (the reference)
     * @param original the original models (no unlearning)
     * @param methods  every method, in any order
     * @param k        interval half-width in standard errors for rank groups and the Indisc floor
     * @return the rows, ranked; the Retrain reference first with rank 0, then the ranked rows
     */
    public static List<Row> compute(MethodSeeds retrain, MethodSeeds original, List<MethodSeeds> methods, double k) {
        MeanSe floorIndisc = MeanSe.of(retrain.indisc());
        Map<String, double[]> perSeed = new LinkedHashMap<>();
        Map<String, MethodSeeds> byName = new LinkedHashMap<>();
        List<MethodSeeds> ranked = new ArrayList<>();
        ranked.add(original);
        ranked.addAll(methods);
        for (MethodSeeds m : ranked) {
            perSeed.put(m.method(), RetDevStats.perSeed(m.ra(), m.fa(), m.ta(), retrain.ra(), retrain.fa(), retrain.ta()));
            byName.put(m.method(), m);
        }
        perSeed.put(NoiseFloor.NAME, NoiseFloor.perSeedRetDev(retrain.ra(), retrain.fa(), retrain.ta()));
        Map<String, MeanSe> retDev = new LinkedHashMap<>();
        perSeed.forEach((m, v) -> retDev.put(m, MeanSe.of(v)));
        Map<String, Integer> groups = RankGroups.assign(retDev, k);
        Map<String, LeaveOneSeedOut.RankRange> loo = LeaveOneSeedOut.ranks(perSeed);
        MeanSe originalRetDev = retDev.get(original.method());

        List<Row> rows = new ArrayList<>();
        for (String m : perSeed.keySet()) {
            boolean floor = m.equals(NoiseFloor.NAME);
            MethodSeeds s = floor ? retrain : byName.get(m);
            MeanSe indisc = MeanSe.of(s.indisc());
            double ofMeans = floor ? Double.NaN
                    : RetDevStats.ofMeans(s.ra(), s.fa(), s.ta(), retrain.ra(), retrain.fa(), retrain.ta());
            MeanSe fsc = MeanSe.of(ForgetSpecificChange.perSeed(s.fa(), s.ta(), original.fa(), original.ta()));
            boolean detects = !floor && NoiseFloor.indiscBelowFloor(indisc, floorIndisc, k);
            boolean noBetter = !m.equals(original.method()) && !floor
                    && !(retDev.get(m).mean() < originalRetDev.mean());
            rows.add(new Row(m, ofMeans, retDev.get(m), fsc, MeanSe.of(s.mia()), indisc, detects, groups.get(m), 0,
                    loo.get(m), noBetter));
        }
        rows.sort((a, b) -> {
            int c = Integer.compare(a.rankGroup(), b.rankGroup());
            if (c == 0) {
                c = Boolean.compare(a.miaDetects(), b.miaDetects());
            }
            return c != 0 ? c : Double.compare(nanLast(a.retDevPerSeed().mean()), nanLast(b.retDevPerSeed().mean()));
        });
        List<Row> out = new ArrayList<>();
        out.add(new Row(retrain.method(), 0, new MeanSe(0, 0, 0, retrain.ra().length),
                MeanSe.of(ForgetSpecificChange.perSeed(retrain.fa(), retrain.ta(), original.fa(), original.ta())),
                MeanSe.of(retrain.mia()), floorIndisc, false, 0, 0, null, false));
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            out.add(new Row(r.method(), r.retDevOfMeans(), r.retDevPerSeed(), r.forgetSpecificChange(), r.mia(),
                    r.indisc(), r.miaDetects(), r.rankGroup(), i + 1, r.looRanks(), r.noBetterThanOriginal()));
        }
        return out;
    }

    private static double nanLast(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }
}
