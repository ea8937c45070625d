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
 * The paper-style table as Markdown and CSV, in {@link Aggregation}'s order: rank, rank group, method (marked † when
 * ranked after the Original, ‡ when the MIA detects it), the catalogue's run metrics (mean ± std over seeds), its
 * relative metrics (RR, FR, TR, RetDev, RTE, per-seed RetDev, FSC) and the leave-one-seed-out rank range. The CSV
 * carries every metric; the Markdown the {@link Metric#inTable()} ones.
 */
final class Leaderboard {

    private static final List<String> CSV_KEYS = List.of("dataset", "arch", "rank", "method", "rank_group", "seeds",
            "failed");
    private static final List<String> CSV_PLACEMENT = List.of("mia_detects", "no_better_than_original",
            "loso_rank_best", "loso_rank_worst");

    /** How the rows are ordered and what the group column, LOSO and the noise-floor row mean (Markdown, HTML). */
    static final String TIES = "Order: Retrain (the yardstick) first, then by rank group. RetDev/seed is RetDev per seed "
            + "against the same seed's Retrain, averaged over the n seeds; its interval is mean ± 2 SE (SE = sd/√n of "
            + "the per-seed values). Rows are sorted by RetDev/seed; the best row not yet grouped opens a group and every "
            + "row whose interval overlaps the opener's joins it. Methods sharing a rank group are tied: these seeds "
            + "cannot order them, whatever their rank. Inside a group, rows the population MIA detects (‡: mean Indisc "
            + "below Retrain's by more than 2 combined SE) come after the others; Indisc orders nothing else, since "
            + "differences above that floor are seed noise. RetDev (of seed means, the paper's figure) no longer orders "
            + "the table. LOSO: best–worst rank when each seed in turn is left out and everything is recomputed. FSC: "
            + "the forget-specific change (FA_u − FA_o) − (TA_u − TA_o) against the same seed's Original. "
            + Aggregation.NOISE_FLOOR + " (placed, not ranked) is each seed's retrained model scored against the next "
            + "seed's: what a perfect method gets.";

    /** What † means. */
    static final String NO_BETTER = "ranked after the Original (doing nothing): the method did not bring the model "
            + "closer to the retrained one than not running it; a method in the Original's rank group cannot be told "
            + "from doing nothing with these seeds";

    private Leaderboard() {
    }

    static String cell(Integer v) {
        return v == null ? "–" : v.toString();
    }

    /** The leave-one-seed-out rank range: "3" when no seed moves the row, "2–5" otherwise, "–" when not ranked. */
    static String loso(SummaryRow r) {
        Placement.LeaveOneSeedOut l = r.placement().leaveOneSeedOut();
        if (l == null || l.best() == null) {
            return "–";
        }
        return l.spread() == 0 ? l.best().toString() : l.best() + "–" + l.worst();
    }

    /** The method cell's text: name, failed seeds, † and ‡. */
    static String label(SummaryRow r, String name) {
        return name + (r.failed() > 0 ? " (" + r.failed() + " failed)" : "")
                + (r.placement().noBetterThanOriginal() ? " †" : "") + (r.placement().miaDetects() ? " ‡" : "");
    }

    /** "Seeds [1, 2]" and, when the runs cover fewer seeds than the campaign asked for, which ones are missing. */
    static String seeds(BenchmarkResults results) {
        List<Integer> asked = results.config().seeds();
        java.util.Set<Integer> ran = new java.util.TreeSet<>();
        results.runs().forEach(r -> ran.add(r.seed()));
        List<Integer> missing = asked.stream().filter(s -> !ran.contains(s)).toList();
        return "Seeds " + (missing.isEmpty() ? asked.toString() : ran + " — partial: the campaign's seeds " + asked
                + "; unfinished, not in this report: " + missing);
    }

    static List<String> csvHeader(MetricCatalogue catalogue) {
        List<String> h = new ArrayList<>(CSV_KEYS);
        for (Metric m : catalogue.metrics()) {
            h.add(m.label());
            h.add(m.label() + "_std");
        }
        catalogue.relative().forEach(m -> h.add(m.label()));
        h.add("seconds");
        h.addAll(CSV_PLACEMENT);
        return h;
    }

    static String markdown(BenchmarkResults results) {
        StringBuilder sb = new StringBuilder("# DeepUnlearn leaderboard\n\n");
        Environment env = results.environment();
        sb.append("Engine ").append(env.engine()).append("; ").append(env.cpu()).append(", ").append(env.cores())
                .append(" cores; commit ").append(env.gitCommit()).append("; ").append(env.createdAt()).append(".\n");
        sb.append(seeds(results)).append(", original training ").append(results.config().epochs())
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
            sb.append(" LOSO |\n|---:|---:|---|").append("---|".repeat(shown.size()))
                    .append("---:|".repeat(relative.size())).append("---:|\n");
            for (SummaryRow r : g.getValue()) {
                sb.append("| ").append(cell(r.rank())).append(" | ").append(cell(r.rankGroup())).append(" | ")
                        .append(label(r, r.reference() ? "*" + r.method() + "*" : r.method())).append(" |");
                shown.forEach(m -> sb.append(' ').append(pm(r.value(m.name()), r.std(m.name()))).append(" |"));
                relative.forEach(m -> sb.append(' ').append(fmt(r.value(m.name()), m.digits())).append(" |"));
                sb.append(' ').append(loso(r)).append(" |\n");
            }
            sb.append('\n').append(TIES).append('\n');
            if (g.getValue().stream().anyMatch(r -> r.placement().noBetterThanOriginal())) {
                sb.append("\n† ").append(NO_BETTER).append(".\n");
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
            Placement p = r.placement();
            row.add(p.miaDetects());
            row.add(p.noBetterThanOriginal());
            row.add(p.leaveOneSeedOut() == null ? null : p.leaveOneSeedOut().best());
            row.add(p.leaveOneSeedOut() == null ? null : p.leaveOneSeedOut().worst());
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
