package io.deepunlearn.core.bench;

import static io.deepunlearn.core.bench.HtmlReport.esc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The U-LiRA part of an HTML report, read from a {@code ulira.json} (written by {@code deepunlearn ulira}): a table
 * of the per-method attack figures and one ROC plot per method. The benchmark report includes it when its output
 * directory holds a ulira.json.
 */
public final class UliraSection {

    private UliraSection() {
    }

    /** The section's HTML, or "" when {@code uliraJson} does not exist. */
    public static String render(Path uliraJson) {
        if (!Files.isRegularFile(uliraJson)) {
            return "";
        }
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(uliraJson.toFile());
        } catch (IOException e) {
            return "<h2>U-LiRA</h2><p>cannot read " + esc(PathRedaction.path(uliraJson.toAbsolutePath().toString())) + ": " + esc(e.getMessage()) + "</p>";
        }
        StringBuilder sb = new StringBuilder("<h2>U-LiRA (per-sample unlearning attack; 0.5 = no leak)</h2>");
        sb.append("<table><tr><th>method</th><th>balanced acc.</th><th>AUC</th><th>TPR@1% FPR</th>")
                .append("<th>TPR@0.1% FPR</th><th>mean P(member) forgotten</th><th>targets</th>")
                .append("<th>parity balanced acc.</th><th>parity AUC</th></tr>");
        List<String> plots = new ArrayList<>();
        for (JsonNode m : doc.path("methods")) {
            String name = m.path("method").asText();
            JsonNode st = m.path("standard");
            JsonNode pa = m.path("parity");
            sb.append("<tr><td>").append(esc(name)).append("</td>");
            if (m.hasNonNull("error")) {
                sb.append("<td colspan=\"8\">failed: ").append(esc(m.get("error").asText())).append("</td></tr>");
                continue;
            }
            for (String k : new String[] {"balanced_accuracy", "auc", "tpr_at_1pct_fpr", "tpr_at_0.1pct_fpr",
                "mean_p_member_forgotten"}) {
                sb.append("<td>").append(num(st.path(k))).append("</td>");
            }
            sb.append("<td>").append(st.path("targets").asInt()).append("</td><td>").append(num(pa.path("balanced_accuracy")))
                    .append("</td><td>").append(num(pa.path("auc"))).append("</td></tr>");
            List<double[]> roc = new ArrayList<>();
            for (JsonNode p : st.path("roc")) {
                roc.add(new double[] {p.get(0).asDouble(), p.get(1).asDouble()});
            }
            if (!roc.isEmpty()) {
                plots.add("<img alt=\"ROC " + esc(name) + "\" src=\"" + Charts.roc(String.format(Locale.ROOT,
                        "U-LiRA ROC: %s (AUC %.3f, balanced accuracy %.3f)", name, st.path("auc").asDouble(),
                        st.path("balanced_accuracy").asDouble()), roc) + "\">");
            }
        }
        sb.append("</table>");
        plots.forEach(sb::append);
        return sb.toString();
    }

    private static String num(JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%.3f", n.asDouble()) : "n/a";
    }
}
