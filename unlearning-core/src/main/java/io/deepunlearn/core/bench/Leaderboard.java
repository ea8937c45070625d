package io.deepunlearn.core.bench;

import static io.deepunlearn.core.bench.ReportWriter.fmt;
import static io.deepunlearn.core.bench.ReportWriter.pm;

import io.deepunlearn.core.metric.Metric;
import io.deepunlearn.core.metric.MetricCatalogue;
import io.deepunlearn.core.metric.RelativeMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The paper-style table as Markdown and CSV: rank, method, the catalogue's run metrics (mean ± std over seeds) and
 * its relative metrics (RR, FR, TR, RetDev, RTE). The CSV carries every metric; the Markdown the
 * {@link Metric#inTable()} ones.
 */
final class Leaderboard {

    private static final List<String> CSV_KEYS = List.of("dataset", "arch", "rank", "method", "rank_group", "seeds",
            "failed");

    /** What the group column and the noise-floor row mean (Markdown and HTML). */
    static final String TIES = "Group: methods sharing a rank group are tied (their per-seed RetDev intervals, mean ± 2 SE, "
            + "overlap the group's best): these seeds cannot order them, whatever their rank. RetDev/seed is RetDev "
            + "per seed against the same seed's Retrain, averaged; FSC the forget-specific change (FA_u − FA_o) − "
            + "(TA_u − TA_o) against the Original. " + Aggregation.NOISE_FLOOR + " (not ranked) is a second retrained "
            + "model scored against the first: what a perfect method gets.";

    private Leaderboard() {
    }

    static String cell(Integer v) {
        return v == null ? "–" : v.toString();
    }

    static List<String> csvHeader(MetricCatalogue catalogue) {
        List<String> h = new ArrayList<>(CSV_KEYS);
        for (Metric m : catalogue.metrics()) {
            h.add(m.label());
            h.add(m.label() + "_std");
        }
        catalogue.relative().forEach(m -> h.add(m.label()));
        h.add("seconds");
        return h;
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
        List<Metric> shown = results.metrics().metrics().stream().filter(Metric::inTable).toList();
        List<RelativeMetric> relative = results.metrics().relative();
        for (Map.Entry<String, List<SummaryRow>> g : groups.entrySet()) {
            sb.append("\n## ").append(g.getKey()).append("\n\n| rank | group | method |");
            shown.forEach(m -> sb.append(' ').append(m.label()).append(" |"));
            relative.forEach(m -> sb.append(' ').append(m.label()).append(" |"));
            sb.append("\n|---:|---:|---|").append("---|".repeat(shown.size())).append("---:|".repeat(relative.size()))
                    .append('\n');
            Double originalRetDev = OriginalBaseline.originalRetDev(g.getValue());
            boolean anyNoBetter = false;
            for (SummaryRow r : g.getValue()) {
                boolean noBetter = OriginalBaseline.noBetter(r, originalRetDev);
                anyNoBetter |= noBetter;
                sb.append("| ").append(cell(r.rank())).append(" | ").append(cell(r.rankGroup())).append(" | ")
                        .append(r.reference() ? "*" + r.method() + "*" : r.method())
                        .append(r.failed() > 0 ? " (" + r.failed() + " failed)" : "").append(noBetter ? " †" : "").append(" |");
                shown.forEach(m -> sb.append(' ').append(pm(r.value(m.name()), r.std(m.name()))).append(" |"));
                relative.forEach(m -> sb.append(' ').append(fmt(r.value(m.name()), m.digits())).append(" |"));
                sb.append('\n');
            }
            sb.append('\n').append(TIES).append('\n');
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

    static String csv(List<SummaryRow> rows, MetricCatalogue catalogue) {
        StringBuilder sb = new StringBuilder(String.join(",", csvHeader(catalogue))).append('\n');
        for (SummaryRow r : rows) {
            List<Object> row = new ArrayList<>(Arrays.asList(r.dataset(), r.arch(), r.rank(), r.method(), r.rankGroup(),
                    r.seeds(), r.failed()));
            for (Metric m : catalogue.metrics()) {
                row.add(r.value(m.name()));
                row.add(r.std(m.name()));
            }
            catalogue.relative().forEach(m -> row.add(r.value(m.name())));
            row.add(r.seconds());
            Object[] cells = row.toArray();
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
