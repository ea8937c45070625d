package io.deepunlearn.campaign.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepunlearn.campaign.CampaignPlan;
import io.deepunlearn.campaign.Cell;
import io.deepunlearn.campaign.ResolvedHyperParameters;
import io.deepunlearn.core.bench.BenchConfig;
import io.deepunlearn.core.bench.BenchmarkRunner;
import io.deepunlearn.core.bench.ReportWriter;
import io.deepunlearn.core.method.HyperParameters;
import io.deepunlearn.core.train.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark as a campaign. Cells, in the single-machine benchmark's order: for each dataset x arch x seed, one
 * "reference" cell (train or fetch the original and retrained models, evaluate the Original and Retrain rows), then
 * one "run" cell per method (unlearn a copy of that seed's original, evaluate), each waiting for its reference cell.
 * The plan's spec holds the configuration and every method's resolved hyperparameters (tuned values included), so
 * workers need neither the command line nor the tuned directory; the fingerprint is the run log's.
 */
public final class BenchCampaign {

    public static final String KIND = "bench";
    static final String REFERENCE = "reference";
    static final String RUN = "run";

    private BenchCampaign() {
    }

    /** The default campaign name: the kind and the fingerprint (same settings, same name: a rerun resumes). */
    public static String defaultName(BenchConfig config) {
        return KIND + "-" + BenchmarkRunner.fingerprint(config, resolve(config));
    }

    static Map<String, HyperParameters> resolve(BenchConfig config) {
        return new BenchmarkRunner(config, ProgressListener.NONE, ProgressListener.NONE).resolveHyperParameters();
    }

    public static CampaignPlan plan(String name, BenchConfig config) {
        Map<String, HyperParameters> resolved = resolve(config);
        ObjectNode spec = ReportWriter.json().createObjectNode();
        ObjectNode c = spec.putObject("config");
        c.set("datasets", ReportWriter.json().valueToTree(config.datasets()));
        c.set("architectures", ReportWriter.json().valueToTree(config.architectures()));
        c.set("methods", ReportWriter.json().valueToTree(config.methods()));
        c.set("seeds", ReportWriter.json().valueToTree(config.seeds()));
        c.set("train_size", ReportWriter.json().valueToTree(config.trainSize()));
        c.set("test_size", ReportWriter.json().valueToTree(config.testSize()));
        c.put("epochs", config.epochs());
        c.put("batch_size", config.batchSize());
        c.put("learning_rate", config.learningRate());
        c.put("quick", config.quick());
        c.put("tuned", config.tunedDir() == null ? null : config.tunedDir().getFileName().toString());
        c.set("overrides", ReportWriter.json().valueToTree(config.overrides()));
        spec.set("hyperparameters", ResolvedHyperParameters.json(resolved));
        return new CampaignPlan(CampaignPlan.SCHEMA_VERSION, name, KIND,
                BenchmarkRunner.fingerprint(config, resolved), spec, cells(config, resolved.keySet()));
    }

    private static List<Cell> cells(BenchConfig config, Iterable<String> methods) {
        List<Cell> cells = new ArrayList<>();
        for (String dataset : config.datasets()) {
            for (String arch : config.architectures()) {
                for (int seed : config.seeds()) {
                    String ref = Cell.id(cells.size(), "ref", dataset, arch, "s" + seed);
                    cells.add(new Cell(ref, REFERENCE, dataset, arch, null, seed, List.of()));
                    for (String method : methods) {
                        cells.add(new Cell(Cell.id(cells.size(), "run", dataset, arch, method, "s" + seed), RUN,
                                dataset, arch, method, seed, List.of(ref)));
                    }
                }
            }
        }
        return cells;
    }

    /**
     * The plan's benchmark configuration on this machine, as the starter gave it (its results.json records it):
     * data from {@code dataDir} (null: the standard places), reference models cached locally under
     * {@code cacheDir}, reports to {@code outDir}. Workers never resolve hyperparameters again: they use the
     * plan's resolved values ({@link #hyperparameters}).
     */
    @SuppressWarnings("unchecked")
    public static BenchConfig config(CampaignPlan plan, Path dataDir, Path outDir, Path cacheDir) {
        requireBench(plan);
        JsonNode c = plan.spec().path("config");
        Map<String, Map<String, Object>> overrides = ReportWriter.json().convertValue(c.path("overrides"),
                LinkedHashMap.class);
        return new BenchConfig(strings(c.path("datasets")), strings(c.path("architectures")),
                strings(c.path("methods")), ints(c.path("seeds")),
                c.path("train_size").isNull() ? null : c.path("train_size").asInt(),
                c.path("test_size").isNull() ? null : c.path("test_size").asInt(), c.path("epochs").asInt(),
                c.path("batch_size").asInt(), c.path("learning_rate").asDouble(), dataDir, outDir, cacheDir,
                overrides, c.path("tuned").isTextual() ? Path.of(c.path("tuned").asText()) : null,
                c.path("quick").asBoolean());
    }

    /** Every method's resolved hyperparameters, typed as the method's defaults type them. */
    static Map<String, HyperParameters> hyperparameters(CampaignPlan plan) {
        return ResolvedHyperParameters.typed(plan.spec().path("hyperparameters"));
    }

    static void requireBench(CampaignPlan plan) {
        if (!KIND.equals(plan.kind())) {
            throw new IllegalArgumentException("campaign " + plan.name() + " is a " + plan.kind() + " campaign, not "
                    + KIND);
        }
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static List<Integer> ints(JsonNode n) {
        List<Integer> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asInt()));
        return out;
    }
}
