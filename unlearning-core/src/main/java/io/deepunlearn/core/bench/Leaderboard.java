package io.deepunlearn.core.bench;

import static io.deepunlearn.core.bench.ReportWriter.fmt;
import static io.deepunlearn.core.bench.ReportWriter.pm;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The paper-style table (RA, FA, TA, RR, FR, TR, RetDev, Indisc, T-MIA, RTE, rank) as Markdown and CSV. */
final class Leaderboard {

    static final String[] CSV_HEADER = {"dataset", "arch", "rank", "method", "seeds", "failed", "RA", "RA_std", "FA",
        "FA_std", "TA", "TA_std", "RR", "FR", "TR", "RetDev", "Indisc", "T-MIA", "T-MIA_std", "RTE", "seconds"};

    private Leaderboard() {
    }

    static String markdown(BenchmarkResults results) {
        StringBuilder sb = new StringBuilder("# DeepUnlearn leaderboard\n\n");
        Environment env = results.environment();
        sb.append("Engine ").append(env.engine()).append("; ").append(env.cpu()).append(", ").append(env.cores())
                .append(" cores; commit ").append(env.gitCommit()).append("; ").append(env.createdAt()).append(".\n");
        sb.append("Seeds ").append(results.config().seeds()).append(", original training ").append(results.config().epochs())
                .append(" epochs. RetDev = |RR-1|+|FR-1|+|TR-1| (lower is better), Indisc = 1-|2·T-MIA-1| (1 is best), ")
                .append("RTE = retrain time / method time. Means ± std over seeds.\n");
        String variants = ParityVariants.describe(results.runs());
        if (!variants.isEmpty()) {
            sb.append(variants).append('\n');
        }
        Map<String, List<SummaryRow>> groups = results.summary().stream()
                .collect(Collectors.groupingBy(r -> r.dataset() + " / " + r.arch(), java.util.LinkedHashMap::new,
                        Collectors.toList()));
        for (Map.Entry<String, List<SummaryRow>> g : groups.entrySet()) {
            sb.append("\n## ").append(g.getKey()).append("\n\n");
            sb.append("| rank | method | RA | FA | TA | RR | FR | TR | RetDev | Indisc | T-MIA | RTE |\n");
            sb.append("|---:|---|---|---|---|---:|---:|---:|---:|---:|---|---:|\n");
            Double originalRetDev = OriginalBaseline.originalRetDev(g.getValue());
            boolean anyNoBetter = false;
            for (SummaryRow r : g.getValue()) {
                boolean noBetter = OriginalBaseline.noBetter(r, originalRetDev);
                anyNoBetter |= noBetter;
                sb.append("| ").append(r.rank()).append(" | ").append(r.reference() ? "*" + r.method() + "*" : r.method())
                        .append(r.failed() > 0 ? " (" + r.failed() + " failed)" : "").append(noBetter ? " †" : "")
                        .append(" | ").append(pm(r.retainAccuracy(), r.retainAccuracyStd()))
                        .append(" | ").append(pm(r.forgetAccuracy(), r.forgetAccuracyStd()))
                        .append(" | ").append(pm(r.testAccuracy(), r.testAccuracyStd()))
                        .append(" | ").append(fmt(r.rr(), 3)).append(" | ").append(fmt(r.fr(), 3))
                        .append(" | ").append(fmt(r.tr(), 3)).append(" | ").append(fmt(r.retDev(), 3))
                        .append(" | ").append(fmt(r.indiscernibility(), 3))
                        .append(" | ").append(pm(r.mia(), r.miaStd()))
                        .append(" | ").append(fmt(r.rte(), 1)).append(" |\n");
            }
            if (anyNoBetter) {
                sb.append("\n† ").append(OriginalBaseline.NOTE).append(".\n");
            }
        }
        List<Aggregation.AverageRank> avg = Aggregation.averageRanks(results.summary());
        if (groups.size() > 1) {
            sb.append("\n## Average rank across datasets and architectures\n\n| method | average rank | groups |\n|---|---:|---:|\n");
            for (Aggregation.AverageRank a : avg) {
                sb.append("| ").append(a.method()).append(" | ").append(fmt(a.averageRank(), 2)).append(" | ")
                        .append(a.groups()).append(" |\n");
            }
        }
        return sb.toString();
    }

    static String csv(List<SummaryRow> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", CSV_HEADER)).append('\n');
        for (SummaryRow r : rows) {
            Object[] cells = {r.dataset(), r.arch(), r.rank(), r.method(), r.seeds(), r.failed(), r.retainAccuracy(),
                r.retainAccuracyStd(), r.forgetAccuracy(), r.forgetAccuracyStd(), r.testAccuracy(), r.testAccuracyStd(),
                r.rr(), r.fr(), r.tr(), r.retDev(), r.indiscernibility(), r.mia(), r.miaStd(), r.rte(), r.seconds()};
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                Object c = cells[i];
                if (c instanceof Double d) {
                    sb.append(Double.isFinite(d) ? String.format(java.util.Locale.ROOT, "%.6f", d) : "");
                } else if (c != null) {
                    String s = c.toString();
                    sb.append(s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
