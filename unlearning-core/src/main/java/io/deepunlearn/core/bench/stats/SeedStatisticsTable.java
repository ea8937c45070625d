package io.deepunlearn.core.bench.stats;

import java.util.List;
import java.util.Locale;

/** {@link SeedStatistics} rows as a Markdown table, with the legend a reader needs. */
public final class SeedStatisticsTable {

    private SeedStatisticsTable() {
    }

    public static String markdown(List<SeedStatistics.Row> rows, double k) {
        StringBuilder sb = new StringBuilder();
        sb.append("| rank | group | method | RetDev of means | RetDev per seed (mean ± SE) | LOSO ranks | ")
                .append("forget-specific change | T-MIA | Indisc | MIA detects |\n")
                .append("|---:|---:|---|---:|---|---|---|---|---|---|\n");
        for (SeedStatistics.Row r : rows) {
            boolean reference = r.rank() == 0;
            sb.append("| ").append(reference ? "" : String.valueOf(r.rank())).append(" | ")
                    .append(reference ? "" : String.valueOf(r.rankGroup())).append(" | ")
                    .append(reference || r.method().equals(NoiseFloor.NAME) || r.method().equals("Original")
                            ? "*" + r.method() + "*" : r.method())
                    .append(r.noBetterThanOriginal() ? " †" : "").append(" | ")
                    .append(f(r.retDevOfMeans())).append(" | ")
                    .append(reference ? "0" : pm(r.retDevPerSeed())).append(" | ")
                    .append(r.looRanks() == null ? "" : r.looRanks().best() == r.looRanks().worst()
                            ? String.valueOf(r.looRanks().all()) : r.looRanks().best() + "–" + r.looRanks().worst())
                    .append(" | ").append(pm(r.forgetSpecificChange())).append(" | ").append(pm(r.mia()))
                    .append(" | ").append(pm(r.indisc())).append(" | ").append(r.miaDetects() ? "yes" : "")
                    .append(" |\n");
        }
        sb.append(String.format(Locale.ROOT, "%nRanked by per-seed RetDev (each seed's method against the same seed's "
                + "retrained model), mean ± SE over seeds. Methods whose mean ± %.0f SE intervals overlap that of their "
                + "group's best share a rank group: the seeds cannot order them. Inside a group, methods the MIA detects "
                + "(Indisc below the noise floor's by more than %.0f combined SE) come last; Indisc orders nothing "
                + "else. *%s*: each retrained model scored against the next seed's, what a perfect method gets. "
                + "LOSO ranks: best–worst rank with one seed left out. Forget-specific change: (FA_u − FA_o) − "
                + "(TA_u − TA_o) against the same seed's original. † no better than the Original.%n", k, k,
                NoiseFloor.NAME));
        return sb.toString();
    }

    private static String pm(MeanSe s) {
        if (Double.isNaN(s.mean())) {
            return "n/a";
        }
        return Double.isNaN(s.se()) ? f(s.mean()) : f(s.mean()) + " ± " + f(s.se());
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }
}
