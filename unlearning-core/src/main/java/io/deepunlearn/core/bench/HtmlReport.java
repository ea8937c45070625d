package io.deepunlearn.core.bench;

import static io.deepunlearn.core.bench.ReportWriter.fmt;
import static io.deepunlearn.core.bench.ReportWriter.pm;

import io.deepunlearn.core.metric.Metric;
import io.deepunlearn.core.metric.MetricCatalogue;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A self-contained HTML page: the leaderboard per dataset/architecture with its three plots, the environment
 * and the exact configuration. A small script records in {@code body[data-images-rendered]} how many plots
 * decoded, so a headless browser test can check that they render.
 */
final class HtmlReport {

    private HtmlReport() {
    }

    static String render(BenchmarkResults results) {
        return render(results, "");
    }

    /** {@code extra}: more sections (the U-LiRA one) placed before the configuration. */
    static String render(BenchmarkResults results, String extra) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>DeepUnlearn benchmark report</title>")
                .append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:nth-child(3),th:nth-child(3){text-align:left}")
                .append("tr.groupstart td{border-top:2px solid #666}tr.ref{background:#eef5ff}tr.nobetter{background:#fff1f0;color:#7a2a20}img{display:block;margin:1em 0;max-width:100%}pre{background:#f4f4f4;padding:1em;overflow:auto}")
                .append("</style></head><body data-images-rendered=\"pending\">")
                .append("<h1>DeepUnlearn benchmark report</h1>");
        Environment env = results.environment();
        sb.append("<p>").append(esc(env.engine())).append(" &middot; ").append(esc(env.cpu())).append(", ")
                .append(env.cores()).append(" cores &middot; commit ").append(esc(env.gitCommit())).append(" &middot; ")
                .append(esc(env.createdAt())).append("</p>");
        sb.append("<p>RetDev = |RR&minus;1| + |FR&minus;1| + |TR&minus;1| against the retrained model (lower is better); ")
                .append("Indisc = 1 &minus; |2&middot;T-MIA &minus; 1| (1 is best); RTE = retrain time / method time. ")
                .append("Means &plusmn; std over seeds. ").append(esc(Leaderboard.seeds(results))).append(".</p>");
        String variants = ParityVariants.describe(results.runs());
        if (!variants.isEmpty()) {
            sb.append("<p>").append(esc(variants)).append("</p>");
        }
        Map<String, List<SummaryRow>> groups = results.summary().stream().collect(Collectors.groupingBy(
                r -> r.dataset() + " / " + r.arch(), java.util.LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<SummaryRow>> g : groups.entrySet()) {
            sb.append("<h2>").append(esc(g.getKey())).append("</h2>");
            table(sb, g.getValue(), results.metrics());
            sb.append("<img alt=\"RetDev vs RTE\" src=\"").append(Charts.retDevVsRte(g.getValue())).append("\">");
            sb.append("<img alt=\"MIA per method\" src=\"").append(Charts.miaPerMethod(g.getValue())).append("\">");
            sb.append("<img alt=\"Accuracy per split\" src=\"").append(Charts.accuracies(g.getValue())).append("\">");
        }
        List<RunResult> failed = results.runs().stream().filter(r -> !r.ok()).toList();
        if (!failed.isEmpty()) {
            sb.append("<h2>Failed runs</h2><ul>");
            for (RunResult r : failed) {
                sb.append("<li>").append(esc(r.method())).append(" seed ").append(r.seed()).append(": ")
                        .append(esc(r.error())).append("</li>");
            }
            sb.append("</ul>");
        }
        sb.append(extra);
        sb.append("<h2>Configuration and environment</h2><pre>");
        try {
            com.fasterxml.jackson.databind.ObjectMapper json = ReportWriter.json();
            Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("config", results.config());
            doc.put("environment", env);
            doc.put("datasets", results.datasets());
            // a published report must not carry this machine's absolute paths (cache, data, output directories)
            sb.append(esc(json.writeValueAsString(PathRedaction.tree(json.valueToTree(doc)))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            sb.append(esc(e.getMessage()));
        }
        sb.append("</pre><script>window.addEventListener('load',function(){var n=0;")
                .append("document.querySelectorAll('img').forEach(function(i){if(i.complete&&i.naturalWidth>0)n++;});")
                .append("document.body.setAttribute('data-images-rendered',String(n));});</script></body></html>\n");
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<SummaryRow> rows, MetricCatalogue catalogue) {
        List<Metric> shown = catalogue.metrics().stream().filter(Metric::inTable).toList();
        sb.append("<table><tr><th>rank</th><th>group</th><th>method</th>");
        shown.forEach(m -> sb.append("<th>").append(esc(m.label())).append("</th>"));
        catalogue.relative().forEach(m -> sb.append("<th>").append(esc(m.label())).append("</th>"));
        sb.append("<th>seconds</th><th>LOSO</th></tr>");
        Integer previousGroup = null;
        for (SummaryRow r : rows) {
            boolean noBetter = r.placement().noBetterThanOriginal();
            List<String> classes = new java.util.ArrayList<>();
            if (r.rankGroup() != null && !r.rankGroup().equals(previousGroup)) {
                classes.add("groupstart"); // a rule between rank groups: ties stay inside one band
            }
            previousGroup = r.rankGroup() == null ? previousGroup : r.rankGroup();
            classes.add(r.reference() ? "ref" : noBetter ? "nobetter" : "");
            sb.append("<tr class=\"").append(String.join(" ", classes).trim()).append('"')
                    .append(noBetter ? " title=\"" + esc(Leaderboard.NO_BETTER) + "\"" : "").append("><td>")
                    .append(Leaderboard.cell(r.rank())).append("</td><td>").append(Leaderboard.cell(r.rankGroup()))
                    .append("</td><td>").append(esc(Leaderboard.label(r, r.method()))).append("</td>");
            shown.forEach(m -> sb.append("<td>").append(pm(r.value(m.name()), r.std(m.name()))).append("</td>"));
            catalogue.relative().forEach(m -> sb.append("<td>").append(fmt(r.value(m.name()), m.digits())).append("</td>"));
            sb.append("<td>").append(fmt(r.seconds(), 2)).append("</td><td>").append(Leaderboard.loso(r))
                    .append("</td></tr>");
        }
        sb.append("</table>");
        sb.append("<p class=\"note\">").append(esc(Leaderboard.TIES)).append("</p>");
        if (rows.stream().anyMatch(r -> r.placement().noBetterThanOriginal())) {
            sb.append("<p class=\"note\">&dagger; ").append(esc(Leaderboard.NO_BETTER)).append(".</p>");
        }
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
