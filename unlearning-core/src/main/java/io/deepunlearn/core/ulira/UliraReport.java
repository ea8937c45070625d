package io.deepunlearn.core.ulira;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepunlearn.core.bench.PathRedaction;
import io.deepunlearn.core.bench.ReportWriter;
import io.deepunlearn.core.bench.UliraSection;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the U-LiRA outputs: {@code ulira.json} (per-method aggregates of both modes, ROC points, configuration,
 * environment, wall time), {@code ulira-samples.json.gz} (per sample id, the P(member) of every scored target
 * instance, standard mode) and {@code ulira.html} (table and one ROC plot per method).
 */
public final class UliraReport {

    private UliraReport() {
    }

    public static void write(UliraRunner.Results r, Path dir) {
        ObjectMapper json = ReportWriter.json();
        try {
            Files.createDirectories(dir);
            Map<String, Object> doc = new LinkedHashMap<>();
            List<Map<String, Object>> methods = new ArrayList<>();
            for (UliraRunner.MethodResult m : r.methods()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("method", m.method());
                row.put("error", m.error());
                row.put("models", m.models());
                row.put("mean_seconds", m.meanSeconds());
                row.put("hyperparameters", m.hyperparameters());
                if (m.standard() != null) {
                    row.put("standard", metrics(m.standard()));
                    row.put("parity", metrics(m.parity()));
                }
                methods.add(row);
            }
            doc.put("methods", methods);
            doc.put("statistic", Map.of("standard", "logit-scaled confidence log(p_y/(1-p_y)), Gaussians",
                    "parity", "0/1 correctness, Laplace-smoothed Bernoulli"));
            Map<String, Object> layout = new LinkedHashMap<>();
            layout.put("pool_size", r.poolSize());
            layout.put("dev_size", r.devSize());
            layout.put("splits", r.settings().splits());
            layout.put("forget_sets", r.settings().forgetSets());
            layout.put("shadow_models_trained", r.shadowModelsTrained());
            layout.put("shadow_models_reused", r.shadowModelsReused());
            layout.put("shadow_training_seconds", r.trainingSeconds());
            doc.put("layout", layout);
            doc.put("wall_seconds", r.wallSeconds());
            // the cache and data directories are absolute here: a published report keeps no machine paths
            doc.put("config", PathRedaction.tree(json.valueToTree(r.settings())));
            doc.put("environment", r.environment());
            json.writeValue(dir.resolve("ulira.json").toFile(), doc);
            writeSamples(r, dir.resolve("ulira-samples.json.gz"));
            Files.writeString(dir.resolve("ulira.html"), html(dir.resolve("ulira.json")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the U-LiRA report to " + dir, e);
        }
    }

    private static Map<String, Object> metrics(AttackMetrics m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("targets", m.targets());
        out.put("balanced_accuracy", m.balancedAccuracy());
        out.put("auc", m.auc());
        out.put("tpr_at_1pct_fpr", m.tprAt1PercentFpr());
        out.put("tpr_at_0.1pct_fpr", m.tprAt01PercentFpr());
        out.put("mean_p_member_forgotten", m.meanPMemberForgotten());
        out.put("mean_p_member_never", m.meanPMemberNever());
        out.put("roc", m.roc());
        return out;
    }

    /** {"methods": {name: [{"sample_id", "mean_p_member_forgotten", "forgotten": [p...], "never": [p...]}]}}. */
    private static void writeSamples(UliraRunner.Results r, Path file) throws IOException {
        Map<String, Object> methods = new LinkedHashMap<>();
        for (UliraRunner.MethodResult m : r.methods()) {
            Map<Integer, List<Double>> forgotten = new TreeMap<>();
            Map<Integer, List<Double>> never = new TreeMap<>();
            for (MembershipAttack.Decision d : m.decisions()) {
                (d.forgotten() ? forgotten : never).computeIfAbsent(d.sample(), k -> new ArrayList<>()).add(d.pMember());
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            java.util.Set<Integer> samples = new java.util.TreeSet<>(forgotten.keySet());
            samples.addAll(never.keySet());
            for (int j : samples) {
                Map<String, Object> row = new LinkedHashMap<>();
                List<Double> f = forgotten.getOrDefault(j, List.of());
                row.put("sample_id", r.devSampleIds()[j]);
                row.put("mean_p_member_forgotten", f.isEmpty() ? null : f.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
                row.put("forgotten", f);
                row.put("never", never.getOrDefault(j, List.of()));
                rows.add(row);
            }
            methods.put(m.method(), rows);
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            ReportWriter.json().copy().disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValue(out, Map.of("statistic", "logit-scaled confidence (standard mode)", "methods", methods));
        }
    }

    private static String html(Path uliraJson) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>DeepUnlearn U-LiRA report</title>"
                + "<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}img{display:block;margin:1em 0;max-width:100%}"
                + "</style></head><body data-images-rendered=\"pending\"><h1>DeepUnlearn U-LiRA report</h1>"
                + UliraSection.render(uliraJson)
                + "<script>window.addEventListener('load',function(){var n=0;"
                + "document.querySelectorAll('img').forEach(function(i){if(i.complete&&i.naturalWidth>0)n++;});"
                + "document.body.setAttribute('data-images-rendered',String(n));});</script></body></html>\n";
    }
}
